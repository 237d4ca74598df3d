import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubSimulator, hashObject } from './index.js';
import { restClient } from './clients.js';

const owner = 'acme';
const repo = 'widgets';
const STATE = 'agent-scheduler-state';

async function withSim(
  fn: (sim: GitHubSimulator) => Promise<void>,
  now = new Date('2026-11-24T18:00:00Z'),
) {
  const sim = await GitHubSimulator.start({ owner, repo, defaultBranch: 'main', now });
  try {
    await fn(sim);
    assert.deepEqual(sim.mismatches, [], 'no OpenAPI mismatches');
    assert.deepEqual(sim.unknownRoutes, [], 'no unknown routes');
  } finally {
    await sim.stop();
  }
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

function message(error: unknown): string | undefined {
  return (error as { response?: { data?: { message?: string } } }).response?.data?.message;
}

test('objects are hashed exactly like git', () => {
  assert.equal(
    hashObject('blob', Buffer.from('hello\n')),
    'ce013625030ba8dba906f756967f9e9ca394464a',
  );
  assert.equal(hashObject('tree', Buffer.alloc(0)), '4b825dc642cb6eb9a060e54bf8d69288fbee4904');
});

test('orphan branch bootstrap: tree → root commit → ref, then read back through contents (raw and JSON)', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const state = '{"version":1,"schedules":{}}\n';
    const tree = await o.rest.git.createTree({
      owner,
      repo,
      tree: [{ path: 'state.json', mode: '100644', type: 'blob', content: state }],
    });
    assert.equal(tree.status, 201);
    assert.equal(
      tree.data.sha,
      hashObject(
        'tree',
        Buffer.concat([
          Buffer.from('100644 state.json\0'),
          Buffer.from(hashObject('blob', Buffer.from(state)), 'hex'),
        ]),
      ),
    );
    const commit = await o.rest.git.createCommit({
      owner,
      repo,
      message: 'agent-scheduler: init',
      tree: tree.data.sha,
      parents: [],
    });
    assert.equal(commit.status, 201);
    assert.deepEqual(commit.data.parents, []);
    assert.equal(commit.data.author.date, '2026-11-24T18:00:00Z');
    const ref = await o.rest.git.createRef({
      owner,
      repo,
      ref: `refs/heads/${STATE}`,
      sha: commit.data.sha,
    });
    assert.equal(ref.status, 201);
    assert.equal(ref.data.object.sha, commit.data.sha);

    const head = await o.rest.git.getRef({ owner, repo, ref: `heads/${STATE}` });
    assert.equal(head.data.object.sha, commit.data.sha);
    const raw = await o.rest.repos.getContent({
      owner,
      repo,
      path: 'state.json',
      ref: head.data.object.sha,
      mediaType: { format: 'raw' },
    });
    assert.equal(raw.data as unknown, state);
    assert.match(String(raw.headers['content-type']), /^application\/vnd\.github\.v3\.raw/);
    const json = await o.rest.repos.getContent({ owner, repo, path: 'state.json', ref: STATE });
    const file = json.data as { type: string; encoding: string; content: string; sha: string };
    assert.equal(file.type, 'file');
    assert.equal(Buffer.from(file.content, 'base64').toString('utf8'), state);
    assert.equal(file.sha, hashObject('blob', Buffer.from(state)));

    assert.equal(sim.readBranchFile(STATE, 'state.json'), state);
    assert.deepEqual(
      sim.branchLog(STATE).map((c) => [c.sha, c.message, c.parents]),
      [[commit.data.sha, 'agent-scheduler: init', []]],
    );
  });
});

test('the simulator agrees with real git on tree and commit ids', async (t) => {
  let gitVersion = '';
  try {
    gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' });
  } catch {
    t.skip('git is not installed');
    return;
  }
  assert.ok(gitVersion);
  await withSim(async (sim) => {
    const o = restClient(sim);
    const tree = await o.rest.git.createTree({
      owner,
      repo,
      tree: [
        { path: 'a.txt', mode: '100644', type: 'blob', content: 'A\n' },
        { path: 'dir/b.txt', mode: '100644', type: 'blob', content: 'B\n' },
        { path: 'dir-x', mode: '100644', type: 'blob', content: 'X\n' },
      ],
    });
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'n',
      GIT_AUTHOR_EMAIL: 'e@x',
      GIT_AUTHOR_DATE: '1780000000 +0000',
      GIT_COMMITTER_NAME: 'n',
      GIT_COMMITTER_EMAIL: 'e@x',
      GIT_COMMITTER_DATE: '1780000000 +0000',
    };
    const dir = mkdtempSync(join(tmpdir(), 'github-sim-git-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('git', ['init', '-q', dir]);
    const blob = (content: string) =>
      execFileSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], {
        input: content,
        encoding: 'utf8',
      }).trim();
    const sub = execFileSync('git', ['-C', dir, 'mktree'], {
      input: `100644 blob ${blob('B\n')}\tb.txt\n`,
      encoding: 'utf8',
    }).trim();
    const root = execFileSync('git', ['-C', dir, 'mktree'], {
      input: `100644 blob ${blob('A\n')}\ta.txt\n040000 tree ${sub}\tdir\n100644 blob ${blob('X\n')}\tdir-x\n`,
      encoding: 'utf8',
    }).trim();
    assert.equal(tree.data.sha, root);
    const gitCommit = execFileSync('git', ['-C', dir, 'commit-tree', root, '-m', 'msg'], {
      env,
      encoding: 'utf8',
    }).trim();
    const commit = await o.rest.git.createCommit({
      owner,
      repo,
      message: 'msg\n',
      tree: tree.data.sha,
      author: { name: 'n', email: 'e@x', date: new Date(1780000000 * 1000).toISOString() },
    });
    assert.equal(commit.data.sha, gitCommit);
  });
});

test('identical commits get identical shas; different identities do not', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const tree = await o.rest.git.createTree({
      owner,
      repo,
      tree: [{ path: 's', mode: '100644', type: 'blob', content: 'x' }],
    });
    const a = await o.rest.git.createCommit({
      owner,
      repo,
      message: 'tick',
      tree: tree.data.sha,
      parents: [],
    });
    const b = await o.rest.git.createCommit({
      owner,
      repo,
      message: 'tick',
      tree: tree.data.sha,
      parents: [],
    });
    const c = await o.rest.git.createCommit({
      owner,
      repo,
      message: 'tick\n\nchecker: 42/1',
      tree: tree.data.sha,
      parents: [],
    });
    assert.equal(a.data.sha, b.data.sha);
    assert.notEqual(a.data.sha, c.data.sha);
    sim.advance(1000);
    const d = await o.rest.git.createCommit({
      owner,
      repo,
      message: 'tick',
      tree: tree.data.sha,
      parents: [],
    });
    assert.notEqual(a.data.sha, d.data.sha, 'a different committer time is a different commit');
  });
});

test('refs: 404 when missing, 422 when created twice, fast-forward only unless forced, delete', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    await assert.rejects(
      o.rest.git.getRef({ owner, repo, ref: 'heads/nope' }),
      (e) => status(e) === 404,
    );
    const main = (await o.rest.git.getRef({ owner, repo, ref: 'heads/main' })).data.object.sha;
    await assert.rejects(
      o.rest.git.createRef({ owner, repo, ref: 'refs/heads/main', sha: main }),
      (e) => status(e) === 422 && message(e) === 'Reference already exists',
    );
    await assert.rejects(
      o.rest.git.createRef({ owner, repo, ref: 'heads/x', sha: main }),
      (e) => status(e) === 422,
    );
    await assert.rejects(
      o.rest.git.createRef({ owner, repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) }),
      (e) => status(e) === 422 && message(e) === 'Object does not exist',
    );

    // Two divergent commits on top of main.
    const base = (await o.rest.git.getCommit({ owner, repo, commit_sha: main })).data.tree.sha;
    const mk = async (content: string, parents: string[]) => {
      const t = await o.rest.git.createTree({
        owner,
        repo,
        base_tree: base,
        tree: [{ path: 'f.txt', mode: '100644', type: 'blob', content }],
      });
      return (
        await o.rest.git.createCommit({ owner, repo, message: content, tree: t.data.sha, parents })
      ).data.sha;
    };
    const one = await mk('one', [main]);
    const two = await mk('two', [main]);
    const three = await mk('three', [one]);
    await o.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: one, force: false });
    await assert.rejects(
      o.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: two, force: false }),
      (e) => status(e) === 422 && message(e) === 'Update is not a fast forward',
    );
    await assert.rejects(
      o.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: two }),
      (e) => status(e) === 422,
      'force defaults to false',
    );
    const ff = await o.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/main',
      sha: three,
      force: false,
    });
    assert.equal(ff.data.object.sha, three);
    const forced = await o.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/main',
      sha: two,
      force: true,
    });
    assert.equal(forced.data.object.sha, two);
    assert.equal(sim.readBranchFile('main', 'f.txt'), 'two');
    assert.equal(
      sim.readBranchFile('main', 'README.md'),
      '# widgets\n',
      'base_tree keeps the other files',
    );
    await assert.rejects(
      o.rest.git.updateRef({ owner, repo, ref: 'heads/gone', sha: two }),
      (e) => status(e) === 422 && message(e) === 'Reference does not exist',
    );

    await o.rest.git.createRef({ owner, repo, ref: 'refs/heads/tmp', sha: one });
    const matching = await o.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/' });
    assert.deepEqual(
      matching.data.map((r) => r.ref),
      ['refs/heads/main', 'refs/heads/tmp'],
    );
    const del = await o.rest.git.deleteRef({ owner, repo, ref: 'heads/tmp' });
    assert.equal(del.status, 204);
    await assert.rejects(
      o.rest.git.deleteRef({ owner, repo, ref: 'heads/tmp' }),
      (e) => status(e) === 422,
    );
  });
});

test('trees: nested paths, base_tree, deletion with sha null, recursive listing; blobs', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const t1 = await o.rest.git.createTree({
      owner,
      repo,
      tree: [
        { path: 'a/b/c.txt', mode: '100644', type: 'blob', content: 'c' },
        { path: 'a/d.txt', mode: '100644', type: 'blob', content: 'd' },
      ],
    });
    assert.deepEqual(
      t1.data.tree.map((e) => [e.path, e.type, e.mode]),
      [['a', 'tree', '040000']],
    );
    const t2 = await o.rest.git.createTree({
      owner,
      repo,
      base_tree: t1.data.sha,
      tree: [
        { path: 'a/b/c.txt', mode: '100644', type: 'blob', sha: null },
        { path: 'e.txt', mode: '100644', type: 'blob', content: 'e' },
      ],
    });
    const rec = await o.rest.git.getTree({ owner, repo, tree_sha: t2.data.sha, recursive: 'true' });
    assert.deepEqual(
      rec.data.tree.map((e) => e.path),
      ['a', 'a/d.txt', 'e.txt'],
      'the emptied directory is gone',
    );
    const blob = await o.rest.git.createBlob({
      owner,
      repo,
      content: Buffer.from('bytes\u0000\u00ff').toString('base64'),
      encoding: 'base64',
    });
    assert.equal(blob.status, 201);
    const t3 = await o.rest.git.createTree({
      owner,
      repo,
      tree: [{ path: 'bin', mode: '100644', type: 'blob', sha: blob.data.sha }],
    });
    assert.equal(t3.status, 201);
    const got = await o.rest.git.getBlob({ owner, repo, file_sha: blob.data.sha });
    assert.equal(Buffer.from(got.data.content, 'base64').toString(), 'bytes\u0000\u00ff');
    await assert.rejects(
      o.rest.git.createTree({
        owner,
        repo,
        tree: [{ path: 'x', mode: '100644', type: 'blob', sha: blob.data.sha, content: 'y' }],
      }),
      (e) => status(e) === 422,
    );
    await assert.rejects(
      o.rest.git.createCommit({ owner, repo, message: 'm', tree: 'f'.repeat(40) }),
      (e) => status(e) === 422 && message(e) === 'Tree SHA does not exist',
    );
    await assert.rejects(
      o.rest.git.createCommit({
        owner,
        repo,
        message: 'm',
        tree: t3.data.sha,
        parents: ['e'.repeat(40)],
      }),
      (e) => status(e) === 422,
    );
    await assert.rejects(
      o.rest.git.getCommit({ owner, repo, commit_sha: 'e'.repeat(40) }),
      (e) => status(e) === 404,
    );
  });
});

test('contents: percent-encoded paths, directories, 404s, refs by name and sha', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({ path: '.github/workflows/agent.yml', name: 'Agent', inputs: ['prompt'] });
    const file = await o.rest.repos.getContent({
      owner,
      repo,
      path: '.github/workflows/agent.yml',
      mediaType: { format: 'raw' },
    });
    assert.match(String(file.data), /workflow_dispatch:/);
    assert.ok(
      sim.calls.some((c) => c.url.includes('contents/.github%2Fworkflows%2Fagent.yml')),
      'Octokit encodes slashes',
    );
    const dir = await o.rest.repos.getContent({ owner, repo, path: '.github/workflows' });
    assert.ok(Array.isArray(dir.data));
    assert.deepEqual(
      (dir.data as { name: string; type: string }[]).map((e) => [e.name, e.type]),
      [['agent.yml', 'file']],
    );
    await assert.rejects(
      o.rest.repos.getContent({ owner, repo, path: 'nope.txt' }),
      (e) => status(e) === 404,
    );
    await assert.rejects(
      o.rest.repos.getContent({ owner, repo, path: 'README.md', ref: 'no-such-branch' }),
      (e) => status(e) === 404,
    );
    const first = sim.branchLog('main').at(-1)?.sha as string;
    await assert.rejects(
      o.rest.repos.getContent({ owner, repo, path: '.github/workflows/agent.yml', ref: first }),
      (e) => status(e) === 404,
      'the file did not exist in the first commit',
    );
    const readme = await o.rest.repos.getContent({
      owner,
      repo,
      path: 'README.md',
      ref: first,
      mediaType: { format: 'raw' },
    });
    assert.equal(readme.data as unknown, '# widgets\n');
    // A plain fetch with unencoded slashes and Bearer auth works too.
    const res = await fetch(
      `${sim.url}/repos/${owner}/${repo}/contents/.github/workflows/agent.yml?ref=main`,
      {
        headers: {
          authorization: `Bearer ${sim.token}`,
          accept: 'application/vnd.github.raw+json',
        },
      },
    );
    assert.equal(res.status, 200);
    assert.match(await res.text(), /name: "Agent"/);
  });
});

test('raceRefUpdate: another writer moves the branch before our PATCH (and before our create)', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const write = async (content: string, parents: string[]) => {
      const t = await o.rest.git.createTree({
        owner,
        repo,
        tree: [{ path: 'state.json', mode: '100644', type: 'blob', content }],
      });
      return (
        await o.rest.git.createCommit({ owner, repo, message: content, tree: t.data.sha, parents })
      ).data.sha;
    };
    // Create race: the branch appears between our read (404) and our create.
    sim.raceRefUpdate(STATE, { files: { 'state.json': '{"by":"other"}' } });
    await assert.rejects(
      o.rest.git.getRef({ owner, repo, ref: `heads/${STATE}` }),
      (e) => status(e) === 404,
    );
    const root = await write('{"by":"us"}', []);
    await assert.rejects(
      o.rest.git.createRef({ owner, repo, ref: `refs/heads/${STATE}`, sha: root }),
      (e) => status(e) === 422 && message(e) === 'Reference already exists',
    );
    assert.equal(sim.readBranchFile(STATE, 'state.json'), '{"by":"other"}');

    // Update race: we build on the tip we read, someone commits first, our PATCH is refused.
    const tip = (await o.rest.git.getRef({ owner, repo, ref: `heads/${STATE}` })).data.object.sha;
    const ours = await write('{"n":1}', [tip]);
    sim.raceRefUpdate(STATE);
    await assert.rejects(
      o.rest.git.updateRef({ owner, repo, ref: `heads/${STATE}`, sha: ours, force: false }),
      (e) => status(e) === 422 && message(e) === 'Update is not a fast forward',
    );
    const log = sim.branchLog(STATE);
    assert.equal(log.length, 2);
    assert.equal(log[0]?.message, 'Concurrent update by another writer');
    assert.deepEqual(log[0]?.parents, [tip]);
    // Re-read, rebuild, retry: succeeds (the race fires once).
    const tip2 = (await o.rest.git.getRef({ owner, repo, ref: `heads/${STATE}` })).data.object.sha;
    const ours2 = await write('{"n":1}', [tip2]);
    const ok = await o.rest.git.updateRef({
      owner,
      repo,
      ref: `heads/${STATE}`,
      sha: ours2,
      force: false,
    });
    assert.equal(ok.data.object.sha, ours2);
    assert.equal(sim.branchLog(STATE).length, 3);
  });
});

test('authentication: token and Bearer accepted, anything else is 401 Bad credentials', async () => {
  await withSim(async (sim) => {
    const ok = await fetch(`${sim.url}/repos/${owner}/${repo}`, {
      headers: { authorization: `token ${sim.token}` },
    });
    assert.equal(ok.status, 200);
    const repoBody = (await ok.json()) as { default_branch: string; full_name: string };
    assert.equal(repoBody.default_branch, 'main');
    assert.equal(repoBody.full_name, 'acme/widgets');
    const bad = await fetch(`${sim.url}/repos/${owner}/${repo}`, {
      headers: { authorization: 'token nope' },
    });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { message: string }).message, 'Bad credentials');
    const other = await fetch(`${sim.url}/repos/${owner}/other`, {
      headers: { authorization: `token ${sim.token}` },
    });
    assert.equal(other.status, 404);
    for (const h of [
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-used',
      'x-ratelimit-resource',
    ]) {
      assert.ok(ok.headers.get(h), `${h} on every response`);
      assert.ok(bad.headers.get(h), `${h} on every response`);
    }
  });
});
