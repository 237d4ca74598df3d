/**
 * The gateway against the simulator, through the Action's own client (retry and throttling
 * plugins, waits scaled to milliseconds): every call turns a 403 "Resource not accessible by
 * integration" into the `permissions:` entry to add, a 401 into a token problem, and every
 * answer updates the rate-limit reading the tick budgets with.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../../src/github/client.js';
import { GitHubError } from '../../../src/github/errors.js';
import { GitHubGateway } from '../../../src/github/gateway.js';
import { GitHubSimulator } from '../../github-sim/index.js';

let sim: GitHubSimulator;
let issue: number;
let comment: number;
let runId: number;

function gatewayFor(token = sim.token): GitHubGateway {
  const octokit = createClient({
    token,
    baseUrl: sim.url,
    log: () => undefined,
    timeScaleMs: 1,
    rateLimitRetries: 0,
  });
  return new GitHubGateway(octokit, 'acme', 'widgets');
}

before(async () => {
  sim = await GitHubSimulator.start({
    owner: 'acme',
    repo: 'widgets',
    defaultBranch: 'main',
    now: new Date('2026-11-23T10:00:00Z'),
  });
  sim.addWorkflow({ path: '.github/workflows/agent.yml', name: 'Agent', inputs: ['prompt'] });
  issue = sim.addIssue({ title: 't', body: 'b', labels: ['run-at'] }).number;
  comment = sim.addComment(issue, 'hello').id;
  const g = gatewayFor();
  runId = (await g.dispatchWorkflow('agent.yml', 'main', { prompt: 'x' })).runId!;
  sim.addLabel('run-at:failed');
});
after(async () => {
  assert.deepEqual(sim.mismatches, [], 'every request and response matched OpenAPI');
  await sim.stop();
});

const NOT_ACCESSIBLE = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest',
  status: '403',
};

/** Every gateway call, the operation it makes, and the permission it needs. */
const CALLS: [
  name: string,
  operationId: string,
  permission: string,
  call: (g: GitHubGateway) => Promise<unknown>,
][] = [
  ['getDefaultBranch', 'repos/get', 'contents: read', (g) => g.getDefaultBranch()],
  ['getBranchHead', 'git/get-ref', 'contents: write', (g) => g.getBranchHead('main')],
  [
    'readFileAt',
    'repos/get-content',
    'contents: write',
    async (g) => g.readFileAt('state.json', (await g.getBranchHead('main'))!),
  ],
  ['createTree', 'git/create-tree', 'contents: write', (g) => g.createTree({ 'state.json': '{}' })],
  [
    'createCommit',
    'git/create-commit',
    'contents: write',
    async (g) => g.createCommit('m', await g.createTree({ a: 'b' }), []),
  ],
  [
    'createBranch',
    'git/create-ref',
    'contents: write',
    async (g) => g.createBranch('x', await g.createCommit('m', await g.createTree({ a: 'b' }), [])),
  ],
  [
    'moveBranch',
    'git/update-ref',
    'contents: write',
    async (g) => g.moveBranch('main', (await g.getBranchHead('main'))!),
  ],
  [
    'dispatchWorkflow',
    'actions/create-workflow-dispatch',
    'actions: write',
    (g) => g.dispatchWorkflow('agent.yml', 'main', { prompt: 'x' }),
  ],
  [
    'listWorkflowRuns',
    'actions/list-workflow-runs',
    'actions: write',
    (g) => g.listWorkflowRuns('agent.yml', new Date('2026-11-23T00:00:00Z')),
  ],
  ['getWorkflowRun', 'actions/get-workflow-run', 'actions: write', (g) => g.getWorkflowRun(runId)],
  ['cancelRun', 'actions/cancel-workflow-run', 'actions: write', (g) => g.cancelRun(runId)],
  ['listOpenIssues', 'issues/list-for-repo', 'issues: write', (g) => g.listOpenIssues('run-at')],
  ['getIssue', 'issues/get', 'issues: write', (g) => g.getIssue(issue)],
  ['createIssue', 'issues/create', 'issues: write', (g) => g.createIssue('t', 'b', [])],
  ['listComments', 'issues/list-comments', 'issues: write', (g) => g.listComments(issue)],
  ['createComment', 'issues/create-comment', 'issues: write', (g) => g.createComment(issue, 'c')],
  ['updateComment', 'issues/update-comment', 'issues: write', (g) => g.updateComment(comment, 'c')],
  ['addLabels', 'issues/add-labels', 'issues: write', (g) => g.addLabels(issue, ['run-at:failed'])],
  ['removeLabel', 'issues/remove-label', 'issues: write', (g) => g.removeLabel(issue, 'run-at')],
  [
    'ensureLabel (read)',
    'issues/get-label',
    'issues: write',
    (g) => g.ensureLabel('new-label', 'ededed', 'd'),
  ],
  [
    'ensureLabel (create)',
    'issues/create-label',
    'issues: write',
    (g) => g.ensureLabel('other-label', 'ededed', 'd'),
  ],
  ['closeIssue', 'issues/update', 'issues: write', (g) => g.closeIssue(issue)],
  [
    'closeWithLabels',
    'issues/update',
    'issues: write',
    (g) => g.closeWithLabels(issue, ['run-at:dispatched']),
  ],
];

describe('403 "Resource not accessible by integration" names the missing permission', () => {
  for (const [name, operationId, permission, call] of CALLS) {
    test(`${name} → permissions: ${permission}`, async () => {
      const fault = sim.injectFault({ operationId, status: 403, body: NOT_ACCESSIBLE });
      const error = await call(gatewayFor()).then(
        () => assert.fail(`${name} should have failed`),
        (e: unknown) => e,
      );
      fault.remove();
      assert.ok(error instanceof GitHubError, String(error));
      assert.equal(error.status, 403);
      assert.equal(error.ambiguous, false);
      assert.match(error.message, /HTTP 403 Resource not accessible by integration/);
      assert.ok(
        error.message.includes(`add \`permissions: ${permission}\` to the checker workflow's job`),
        error.message,
      );
      assert.equal(fault.fired, 1, 'not retried');
    });
  }
});

describe('401 "Bad credentials"', () => {
  test('says the token is missing, expired or revoked, without retrying', async () => {
    const before = sim.calls.length;
    const error = await gatewayFor('ghs_expired')
      .getBranchHead('main')
      .catch((e: unknown) => e);
    assert.ok(error instanceof GitHubError);
    assert.equal(error.status, 401);
    assert.equal(
      error.message,
      'reading branch main failed: HTTP 401 Bad credentials — the token is missing, expired or revoked (input `token`)',
    );
    assert.equal(sim.calls.length - before, 1, 'one request');
  });
});

describe('rate-limit reading', () => {
  test('undefined before the first answer, then the last x-ratelimit-* headers seen', async () => {
    const resetAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);
    sim.setRateLimit(100, { limit: 5000, resetAt });
    const g = gatewayFor();
    const reading = () => g.rateLimit; // a getter: read afresh after every call
    assert.equal(reading(), undefined);
    await g.getDefaultBranch();
    assert.deepEqual(reading(), { remaining: 99, limit: 5000, resetAt });
    await g.listOpenIssues('run-at');
    assert.equal(reading()?.remaining, 98);
  });

  test('error answers count too (a 404 the gateway turns into null, a 403 it throws)', async () => {
    const resetAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);
    sim.setRateLimit(40, { resetAt });
    const g = gatewayFor();
    assert.equal(await g.getBranchHead('no-such-branch'), null);
    assert.equal(g.rateLimit?.remaining, 39);
    sim.injectFault({ operationId: 'issues/get', status: 403, body: NOT_ACCESSIBLE });
    await assert.rejects(g.getIssue(issue), GitHubError);
    assert.equal(g.rateLimit?.remaining, 38);
  });

  test('a new window replaces the old one; within a window the lowest count wins', async () => {
    const first = new Date(Math.ceil(Date.now() / 1000) * 1000 + 600_000);
    sim.setRateLimit(12, { resetAt: first });
    const g = gatewayFor();
    const [a, b] = await Promise.all([g.getIssue(issue), g.getIssue(issue)]);
    assert.ok(a && b);
    assert.equal(g.rateLimit?.remaining, 10, 'whatever order the two answers arrived in');
    const second = new Date(first.getTime() + 3_600_000);
    sim.setRateLimit(5000, { resetAt: second });
    await g.getIssue(issue);
    assert.deepEqual(g.rateLimit, { remaining: 4999, limit: 5000, resetAt: second });
  });

  test('the reading is a copy: callers cannot change it', async () => {
    const g = gatewayFor();
    await g.getIssue(issue);
    const seen = g.rateLimit!;
    seen.remaining = -1;
    assert.notEqual(g.rateLimit?.remaining, -1);
  });
});
