import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitHubSimulator } from './index.js';
import { restClient, throttledClient, type ThrottledClientOptions } from './clients.js';

const owner = 'acme';
const repo = 'widgets';

async function withSim(
  fn: (sim: GitHubSimulator) => Promise<void>,
  options: { strict?: boolean } = {},
) {
  const sim = await GitHubSimulator.start({
    owner,
    repo,
    defaultBranch: 'main',
    now: new Date('2026-11-24T18:00:00Z'),
  });
  try {
    await fn(sim);
    if (options.strict !== false) assert.deepEqual(sim.mismatches, [], 'no OpenAPI mismatches');
  } finally {
    await sim.stop();
  }
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

test('a 502 with applyEffect: the dispatch created the run, the client sees a 502', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({ path: 'agent.yml', name: 'Agent' });
    const fault = sim.injectFault({
      operationId: 'actions/create-workflow-dispatch',
      status: 502,
      applyEffect: true,
    });
    await assert.rejects(
      o.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: 'agent.yml',
        ref: 'main',
        request: { retries: 0 },
      }),
      (e) => status(e) === 502,
    );
    assert.equal(fault.fired, 1);
    assert.equal(fault.done, true);
    assert.equal(sim.runs.length, 1, 'GitHub created the run anyway');
    assert.equal(sim.dispatches.length, 1);
    const call = sim.calls.find((c) => c.operationId === 'actions/create-workflow-dispatch');
    assert.equal(call?.status, 502);
    assert.equal(call?.fault, true);
    const listed = await o.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: 'agent.yml' });
    assert.equal(listed.data.total_count, 1);
    // Without applyEffect nothing happens.
    sim.injectFault({ operationId: 'actions/create-workflow-dispatch', status: 500 });
    await assert.rejects(
      o.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'agent.yml', ref: 'main' }),
      (e) => status(e) === 500,
    );
    assert.equal(sim.runs.length, 1);
  });
});

test('faults: nth and times count matching calls; method/pathIncludes match; delayMs delays the real answer', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const { number } = sim.addIssue({ title: 't', body: 'b' });
    const fault = sim.injectFault({
      operationId: 'issues/create-comment',
      nth: 2,
      times: 2,
      status: 500,
    });
    const results: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        results.push(
          (await o.rest.issues.createComment({ owner, repo, issue_number: number, body: `c${i}` }))
            .status,
        );
      } catch (e) {
        results.push(status(e));
      }
    }
    assert.deepEqual(results, [201, 500, 500, 201]);
    assert.equal(fault.fired, 2);
    assert.deepEqual(
      sim.comments(number).map((c) => c.body),
      ['c0', 'c3'],
    );

    sim.injectFault({
      method: 'GET',
      pathIncludes: 'git/ref/heads/main',
      status: 404,
      body: { message: 'Not Found', documentation_url: 'x' },
    });
    await assert.rejects(
      o.rest.git.getRef({ owner, repo, ref: 'heads/main' }),
      (e) => status(e) === 404,
    );
    assert.ok((await o.rest.git.getRef({ owner, repo, ref: 'heads/main' })).data.object.sha);

    sim.injectFault({ operationId: 'repos/get', delayMs: 40 });
    const started = performance.now();
    const res = await o.rest.repos.get({ owner, repo });
    assert.equal(res.status, 200);
    assert.ok(performance.now() - started >= 35, 'the answer was delayed');
  });
});

test('a 403 secondary rate limit with retry-after: 0 is retried by the throttling plugin and succeeds', async () => {
  await withSim(async (sim) => {
    const events: NonNullable<ThrottledClientOptions['events']> = [];
    const o = throttledClient(sim, { events });
    const { number } = sim.addIssue({ title: 't', body: 'b' });
    const fault = sim.injectSecondaryRateLimit({
      operationId: 'issues/create-comment',
      retryAfter: 0,
    });
    const res = await o.rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: 'once',
    });
    assert.equal(res.status, 201);
    assert.equal(fault.fired, 1);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['secondary'],
    );
    assert.deepEqual(
      sim.calls.map((c) => c.status),
      [403, 201],
    );
    assert.deepEqual(
      sim.comments(number).map((c) => c.body),
      ['once'],
    );

    // 429: @octokit/plugin-retry (whose default doNotRetry lacks 429) retries it first, with its
    // own back-off; the throttling plugin never sees it.
    sim.resetCalls();
    sim.injectSecondaryRateLimit({
      operationId: 'issues/get',
      status: 429,
      retryAfter: 2,
      times: 2,
    });
    assert.equal((await o.rest.issues.get({ owner, repo, issue_number: number })).status, 200);
    assert.deepEqual(
      sim.calls.map((c) => c.status),
      [429, 429, 200],
    );
    assert.equal(events.length, 1);

    // With 429 in doNotRetry, the throttling plugin handles it and honours retry-after.
    const t = throttledClient(sim, {
      events,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    });
    sim.injectSecondaryRateLimit({
      operationId: 'issues/get',
      status: 429,
      retryAfter: 2,
      times: 2,
    });
    assert.equal((await t.rest.issues.get({ owner, repo, issue_number: number })).status, 200);
    assert.deepEqual(
      events.slice(1).map((e) => [e.kind, e.retryAfter]),
      [
        ['secondary', 2],
        ['secondary', 2],
      ],
    );
  });
});

test('the retry plugin retries a 502 on a read; primary rate limit answers 403 with remaining 0', async () => {
  await withSim(async (sim) => {
    const events: NonNullable<ThrottledClientOptions['events']> = [];
    const o = throttledClient(sim, { events, maxRetries: 0 });
    sim.injectFault({ operationId: 'git/get-ref', status: 502, times: 2 });
    const ref = await o.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    assert.equal(ref.status, 200);
    assert.deepEqual(
      sim.calls.map((c) => c.status),
      [502, 502, 200],
    );

    const before = Number(ref.headers['x-ratelimit-remaining']);
    const next = await o.rest.repos.get({ owner, repo });
    assert.equal(Number(next.headers['x-ratelimit-remaining']), before - 1);
    const rl = await o.rest.rateLimit.get();
    assert.equal(rl.data.resources.core.remaining, before - 1, '/rate_limit does not count');

    sim.setRateLimit(0, { resetAt: new Date(Date.now() + 3_600_000) });
    await assert.rejects(o.rest.repos.get({ owner, repo }), (e) => {
      const headers =
        (e as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
      return status(e) === 403 && headers['x-ratelimit-remaining'] === '0';
    });
    assert.deepEqual(
      events.map((e) => e.kind),
      ['primary'],
    );
    sim.setRateLimit(10);
    assert.equal((await o.rest.repos.get({ owner, repo })).status, 200);
  });
});

test('the validator catches wrong requests and wrong responses', async () => {
  await withSim(
    async (sim) => {
      const o = restClient(sim);
      const main = sim.branchHead('main') as string;
      // An unknown body key (request schemas allow them; we do not).
      await assert.rejects(
        o.request('POST /repos/{owner}/{repo}/git/refs', {
          owner,
          repo,
          ref: 'refs/heads/main',
          sha: main,
          bogus: true,
        }),
        (e) => status(e) === 422,
      );
      // A body of the wrong type.
      await assert.rejects(
        o.request('POST /repos/{owner}/{repo}/git/commits', {
          owner,
          repo,
          message: 'm',
          tree: 'x',
          parents: 'not-an-array' as unknown as string[],
        }),
      );
      // An undeclared query parameter.
      await o.request('GET /repos/{owner}/{repo}/issues', { owner, repo, colour: 'blue' });
      // A response that does not match the documented schema.
      sim.injectFault({
        operationId: 'git/get-ref',
        status: 200,
        body: { ref: 'refs/heads/main' },
      });
      await o.rest.git.getRef({ owner, repo, ref: 'heads/main' });

      const found = sim.mismatches.map((m) => [m.operationId, m.direction, m.part]);
      assert.deepEqual(found, [
        ['git/create-ref', 'request', 'body'],
        ['git/create-commit', 'request', 'body'],
        ['issues/list-for-repo', 'request', 'query'],
        ['git/get-ref', 'response', '200'],
      ]);
      assert.match(sim.mismatches[0]?.errors.join() ?? '', /unknown key bogus/);
      assert.match(sim.mismatches[1]?.errors.join() ?? '', /\/parents must be array/);
      assert.match(sim.mismatches[2]?.errors.join() ?? '', /unknown query parameter colour/);
      assert.match(sim.mismatches[3]?.errors.join() ?? '', /must have required property 'object'/);
    },
    { strict: false },
  );
});

test('unknown routes: 404 Not Found, recorded in calls, no mismatch', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    await assert.rejects(
      o.request('GET /repos/{owner}/{repo}/pulls', { owner, repo }),
      (e) => status(e) === 404,
    );
    await assert.rejects(o.request('GET /totally/unknown'), (e) => status(e) === 404);
    assert.deepEqual(
      sim.unknownRoutes.map((c) => [c.method, c.path, c.operationId, c.route, c.status]),
      [
        ['GET', '/repos/acme/widgets/pulls', 'pulls/list', '/repos/{owner}/{repo}/pulls', 404],
        ['GET', '/totally/unknown', undefined, undefined, 404],
      ],
    );
    const bad = await fetch(`${sim.url}/repos/acme/widgets/issues`, {
      method: 'POST',
      headers: { authorization: `token ${sim.token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { message: string }).message, 'Problems parsing JSON');
  });
});

test('onCall lets a test react to traffic (e.g. a run finishes as soon as it is listed)', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({ path: 'agent.yml', name: 'Agent' });
    const off = sim.onCall((call) => {
      if (call.operationId === 'actions/create-workflow-dispatch' && call.status < 300) {
        const run = sim.runs.at(-1);
        if (run) sim.completeRun(run.id, 'failure');
      }
    });
    await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'agent.yml',
      ref: 'main',
    });
    off();
    const runs = await o.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: 'agent.yml',
      status: 'failure',
    });
    assert.equal(runs.data.total_count, 1);
  });
});
