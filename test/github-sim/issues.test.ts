import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitHubSimulator } from './index.js';
import { restClient } from './clients.js';

const owner = 'acme';
const repo = 'widgets';

async function withSim(fn: (sim: GitHubSimulator) => Promise<void>) {
  const sim = await GitHubSimulator.start({
    owner,
    repo,
    defaultBranch: 'main',
    now: new Date('2026-11-24T18:00:00Z'),
  });
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

test('150 run-at issues page through Link headers, exactly like GitHub', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    for (let i = 0; i < 150; i++) {
      sim.addIssue({
        title: `t${i}`,
        body: '---\nrun-at: in 1h\n---',
        labels: ['run-at'],
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
      });
    }
    sim.addIssue({ title: 'unlabelled', body: '' });
    const first = await o.rest.issues.listForRepo({ owner, repo, labels: 'run-at', per_page: 100 });
    assert.equal(first.data.length, 100);
    const base = `${sim.url}/repos/acme/widgets/issues?labels=run-at&per_page=100`;
    assert.equal(first.headers.link, `<${base}&page=2>; rel="next", <${base}&page=2>; rel="last"`);
    const second = await o.rest.issues.listForRepo({
      owner,
      repo,
      labels: 'run-at',
      per_page: 100,
      page: 2,
    });
    assert.equal(second.data.length, 50);
    assert.equal(
      second.headers.link,
      `<${base}&page=1>; rel="prev", <${base}&page=1>; rel="first"`,
    );

    sim.resetCalls();
    const all = await o.paginate(o.rest.issues.listForRepo, {
      owner,
      repo,
      state: 'open',
      labels: 'run-at',
      per_page: 100,
    });
    assert.equal(all.length, 150);
    assert.equal(new Set(all.map((i) => i.number)).size, 150);
    assert.equal(all[0]?.title, 't149', 'newest first by default');
    assert.equal(sim.calls.length, 2);
    const asc = await o.rest.issues.listForRepo({
      owner,
      repo,
      labels: 'run-at',
      sort: 'created',
      direction: 'asc',
      per_page: 1,
    });
    assert.equal(asc.data[0]?.title, 't0');
    const single = await o.rest.issues.listForRepo({
      owner,
      repo,
      per_page: 100,
      labels: 'nothing',
    });
    assert.equal(single.data.length, 0);
    assert.equal(single.headers.link, undefined, 'no Link header on a single page');
  });
});

test('pull requests are listed by the issues API with a pull_request key; filters by state and labels', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const issue = sim.addIssue({
      title: 'issue',
      body: 'b',
      labels: ['run-at', 'urgent'],
      user: 'alice',
      authorAssociation: 'MEMBER',
    });
    const pr = sim.addIssue({ title: 'pr', body: 'b', labels: ['run-at'], pullRequest: true });
    const closed = sim.addIssue({ title: 'closed', body: 'b', labels: ['run-at'] });
    sim.closeIssue(closed.number);
    const open = await o.rest.issues.listForRepo({ owner, repo, labels: 'run-at' });
    assert.deepEqual(
      open.data.map((i) => [i.number, i.pull_request !== undefined]),
      [
        [pr.number, true],
        [issue.number, false],
      ],
    );
    const onlyIssues = open.data.filter((i) => !i.pull_request);
    assert.deepEqual(
      onlyIssues.map((i) => i.title),
      ['issue'],
    );
    assert.equal(open.data[1]?.author_association, 'MEMBER');
    assert.equal(open.data[1]?.user?.login, 'alice');
    assert.deepEqual(
      open.data[1]?.labels.map((l) => (typeof l === 'string' ? l : l.name)),
      ['run-at', 'urgent'],
    );
    assert.equal(
      (await o.rest.issues.listForRepo({ owner, repo, labels: 'RUN-AT,urgent' })).data.length,
      1,
      'labels: all of, any case',
    );
    assert.equal(
      (await o.rest.issues.listForRepo({ owner, repo, state: 'closed' })).data[0]?.state_reason,
      'completed',
    );
    assert.equal((await o.rest.issues.listForRepo({ owner, repo, state: 'all' })).data.length, 3);
    const got = await o.rest.issues.get({ owner, repo, issue_number: pr.number });
    assert.ok(got.data.pull_request);
    assert.equal(got.data.html_url, `https://github.com/acme/widgets/pull/${pr.number}`);
    await assert.rejects(
      o.rest.issues.get({ owner, repo, issue_number: 999 }),
      (e) => status(e) === 404,
    );
  });
});

test('comments: create, list with pagination, edit; the issue counts them', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const { number } = sim.addIssue({ title: 't', body: 'b', labels: ['run-at'] });
    for (let i = 0; i < 35; i++) {
      sim.advance(1000);
      await o.rest.issues.createComment({
        owner,
        repo,
        issue_number: number,
        body: `c${i} <!-- agent-scheduler:ack -->`,
      });
    }
    const firstPage = await o.rest.issues.listComments({ owner, repo, issue_number: number });
    assert.equal(firstPage.data.length, 30);
    assert.equal(firstPage.data[0]?.body, 'c0 <!-- agent-scheduler:ack -->', 'oldest first');
    const all = await o.paginate(o.rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 100,
    });
    assert.equal(all.length, 35);
    const edited = await o.rest.issues.updateComment({
      owner,
      repo,
      comment_id: all[0]?.id as number,
      body: 'edited',
    });
    assert.equal(edited.data.body, 'edited');
    assert.equal(sim.comments(number)[0]?.body, 'edited');
    assert.equal(sim.comments(number)[0]?.user, 'github-actions[bot]');
    assert.equal(sim.issue(number)?.comments, 35);
    assert.equal(
      (await o.rest.issues.get({ owner, repo, issue_number: number })).data.comments,
      35,
    );
    await assert.rejects(
      o.rest.issues.updateComment({ owner, repo, comment_id: 1, body: 'x' }),
      (e) => status(e) === 404,
    );
    await assert.rejects(
      o.rest.issues.createComment({ owner, repo, issue_number: 404, body: 'x' }),
      (e) => status(e) === 404,
    );
    await assert.rejects(
      o.rest.issues.createComment({ owner, repo, issue_number: number, body: 'x'.repeat(65_537) }),
      (e) => status(e) === 422,
    );
  });
});

test('labels: add (creating missing ones), remove (404 when absent), get, create (422 already_exists)', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const { number } = sim.addIssue({ title: 't', body: 'b', labels: ['run-at'] });
    const added = await o.rest.issues.addLabels({
      owner,
      repo,
      issue_number: number,
      labels: ['run-at:dispatched'],
    });
    assert.deepEqual(
      added.data.map((l) => l.name),
      ['run-at', 'run-at:dispatched'],
    );
    const removed = await o.rest.issues.removeLabel({
      owner,
      repo,
      issue_number: number,
      name: 'run-at',
    });
    assert.deepEqual(
      removed.data.map((l) => l.name),
      ['run-at:dispatched'],
    );
    await assert.rejects(
      o.rest.issues.removeLabel({ owner, repo, issue_number: number, name: 'run-at' }),
      (e) => status(e) === 404,
    );
    assert.deepEqual(sim.issue(number)?.labels, ['run-at:dispatched']);

    const label = await o.rest.issues.getLabel({ owner, repo, name: 'run-at:dispatched' });
    assert.equal(label.data.name, 'run-at:dispatched');
    await assert.rejects(
      o.rest.issues.getLabel({ owner, repo, name: 'run-at:failed' }),
      (e) => status(e) === 404,
    );
    const created = await o.rest.issues.createLabel({
      owner,
      repo,
      name: 'run-at:failed',
      color: 'd73a4a',
      description: 'failed',
    });
    assert.equal(created.status, 201);
    await assert.rejects(
      o.rest.issues.createLabel({ owner, repo, name: 'RUN-AT:FAILED', color: 'd73a4a' }),
      (e) =>
        status(e) === 422 &&
        JSON.stringify((e as { response: { data: unknown } }).response.data).includes(
          '"code":"already_exists"',
        ),
    );
    assert.deepEqual(sim.labels.map((l) => l.name).sort(), [
      'run-at',
      'run-at:dispatched',
      'run-at:failed',
    ]);
  });
});

test('issues: create, update title/body/labels, close as completed, reopen', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const created = await o.rest.issues.create({
      owner,
      repo,
      title: 'Check PR #1',
      body: '---\nrun-at: in 2h\n---',
      labels: ['run-at'],
    });
    assert.equal(created.status, 201);
    assert.equal(created.data.user?.login, 'github-actions[bot]');
    const n = created.data.number;
    sim.advance(60_000);
    const closed = await o.rest.issues.update({
      owner,
      repo,
      issue_number: n,
      state: 'closed',
      state_reason: 'completed',
      labels: ['run-at:dispatched'],
    });
    assert.equal(closed.data.state, 'closed');
    assert.equal(closed.data.state_reason, 'completed');
    assert.equal(closed.data.closed_at, '2026-11-24T18:01:00Z');
    assert.equal(closed.data.closed_by?.login, 'github-actions[bot]');
    assert.deepEqual(sim.issue(n)?.labels, ['run-at:dispatched']);
    const reopened = await o.rest.issues.update({ owner, repo, issue_number: n, state: 'open' });
    assert.equal(reopened.data.state_reason, 'reopened');
    assert.equal(reopened.data.closed_at, null);
    sim.updateIssue(n, { body: 'edited on the web' });
    assert.equal(
      (await o.rest.issues.get({ owner, repo, issue_number: n })).data.body,
      'edited on the web',
    );
    await assert.rejects(
      o.rest.issues.update({ owner, repo, issue_number: 99, title: 'x' }),
      (e) => status(e) === 404,
    );
  });
});
