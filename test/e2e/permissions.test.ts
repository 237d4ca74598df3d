/**
 * Permissions and tokens (issue 6, item 5), through dist/index.js: a 403 "Resource not
 * accessible by integration" names the `permissions:` entry the checker workflow lacks, in the
 * `::error` line and in the job summary; a bad or missing token fails the tick with one clear
 * line and no stack trace; the token itself never shows up in logs, summary or outputs.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionRun } from './harness.js';
import { daily, scenario, type Scenario } from './helpers.js';

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});

const START = '2026-11-23T00:00:00Z';
const NOT_ACCESSIBLE = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest',
  status: '403',
};

/** A schedule and a run-at issue, both due at 00:21 (the schedule started at 00:00:30). */
async function dueWork(): Promise<{ s: Scenario; issue: number }> {
  const s = await scenario({ start: START, schedules: { 'every.yml': daily('*/10 * * * *') } });
  open.push(s);
  const first = await s.tick('2026-11-23T00:00:30Z');
  assert.equal(first.code, 0, first.stdout);
  const issue = s.sim.addIssue({
    title: 'follow-up',
    body: '---\nrun-at: in 1m\nworkflow: agent.yml\ninputs:\n  prompt: check\n---\n',
    labels: ['run-at'],
    user: 'octocat',
    authorAssociation: 'OWNER',
    createdAt: new Date('2026-11-23T00:10:00Z'),
  });
  return { s, issue: issue.number };
}

/** `::error` lines, without the `::add-mask::` and other commands. */
const errorLines = (r: ActionRun) => r.stdout.split('\n').filter((l) => l.startsWith('::error'));

function assertNoStackTrace(r: ActionRun): void {
  for (const [name, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ['summary', r.summary],
  ] as const) {
    assert.doesNotMatch(text, /^\s+at /m, `no stack frame on ${name}`);
    assert.doesNotMatch(text, /\b(TypeError|ReferenceError|HttpError|RequestError)\b/, name);
  }
}

function hint(permission: string): string {
  return `add \`permissions: ${permission}\` to the checker workflow's job`;
}

describe('403 "Resource not accessible by integration" names the missing permission', () => {
  test('dispatch → `actions: write`; the other due work still happens', async () => {
    const { s } = await dueWork();
    s.sim.injectFault({
      operationId: 'actions/create-workflow-dispatch',
      status: 403,
      body: NOT_ACCESSIBLE,
      times: 2,
    });
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.equal(r.code, 1, 'the step fails');
    assertNoStackTrace(r);
    const lines = errorLines(r).filter((l) => l.includes('not accessible'));
    assert.equal(lines.length, 2, 'one line per failed dispatch');
    for (const line of lines) {
      assert.match(line, /^::error::dispatching agent\.yml on main failed: HTTP 403 /);
      assert.ok(line.includes(hint('actions: write')), line);
    }
    assert.ok(r.summary.includes(hint('actions: write')), r.summary);
    assert.match(r.summary, /❌ dispatching agent\.yml on main failed: HTTP 403/);
    assert.equal(r.outputs['error-count'], '2');
    assert.equal(s.sim.dispatches.length, 0);
    await s.close();
  });

  test('state branch → `contents: write`: the tick stops before dispatching anything', async () => {
    const { s } = await dueWork();
    s.sim.injectFault({ operationId: 'git/create-tree', status: 403, body: NOT_ACCESSIBLE });
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    assert.deepEqual(errorLines(r), [
      `::error::writing the state tree failed: HTTP 403 Resource not accessible by integration — the token lacks a permission: ${hint('contents: write')}`,
    ]);
    assert.ok(r.summary.includes(hint('contents: write')), r.summary);
    assert.match(r.summary, /the tick stopped/);
    assert.equal(s.sim.dispatches.length, 0, 'no claim, no dispatch');
    await s.close();
  });

  test('reading the state branch → `contents: write`', async () => {
    const { s } = await dueWork();
    s.sim.injectFault({ operationId: 'git/get-ref', status: 403, body: NOT_ACCESSIBLE });
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    assert.equal(errorLines(r).length, 1);
    assert.match(errorLines(r)[0]!, /^::error::reading branch agent-scheduler-state failed: /);
    assert.ok(errorLines(r)[0]!.includes(hint('contents: write')));
    assert.ok(r.summary.includes(hint('contents: write')), r.summary);
    await s.close();
  });

  test('comments → `issues: write`; the dispatches still go out', async () => {
    const { s, issue } = await dueWork();
    s.sim.injectFault({
      operationId: 'issues/create-comment',
      status: 403,
      body: NOT_ACCESSIBLE,
      times: 10,
    });
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    const lines = errorLines(r).filter((l) => l.includes('not accessible'));
    assert.ok(lines.length >= 1);
    for (const line of lines) {
      const expected = `^::error::issue #${issue}: could not (post the ack comment|announce )`;
      assert.match(line, new RegExp(expected));
      assert.ok(line.includes(hint('issues: write')), line);
    }
    assert.ok(r.summary.includes(hint('issues: write')), r.summary);
    assert.equal(s.sim.dispatches.length, 2, 'the schedule and the issue were dispatched');
    assert.equal(s.sim.comments(issue).length, 0);
    await s.close();
  });

  test('labels and closing → `issues: write`', async () => {
    const { s, issue } = await dueWork();
    // The label swap and the close: one PATCH, or add + remove + close when labels are unknown.
    for (const operationId of ['issues/update', 'issues/add-labels', 'issues/create-label']) {
      s.sim.injectFault({ operationId, status: 403, body: NOT_ACCESSIBLE, times: 10 });
    }
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    const lines = errorLines(r).filter((l) => l.includes('not accessible'));
    assert.ok(lines.length >= 1, r.stdout);
    for (const line of lines) {
      assert.match(line, new RegExp(`(closing|labelling) #${issue} failed|creating label`));
      assert.ok(line.includes(hint('issues: write')), line);
    }
    assert.ok(r.summary.includes(hint('issues: write')), r.summary);
    assert.equal(s.sim.issue(issue)!.state, 'open', 'not closed without the permission');
    await s.close();
  });

  test('reading the run-at queue → `issues: write`', async () => {
    const { s } = await dueWork();
    s.sim.injectFault({ operationId: 'issues/list-for-repo', status: 403, body: NOT_ACCESSIBLE });
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    assert.equal(errorLines(r).length, 1);
    assert.match(errorLines(r)[0]!, /^::error::listing open issues labelled run-at failed: /);
    assert.ok(errorLines(r)[0]!.includes(hint('issues: write')));
    assert.ok(r.summary.includes(hint('issues: write')), r.summary);
    await s.close();
  });
});

describe('bad and missing tokens', () => {
  test('401 "Bad credentials" (expired or revoked token): one clear line, no stack trace', async () => {
    const { s } = await dueWork();
    const before = s.sim.calls.length;
    const r = await s.tick('2026-11-23T00:21:00Z', {}, { env: { INPUT_TOKEN: 'ghs_expired123' } });
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    assert.deepEqual(errorLines(r), [
      '::error::reading branch agent-scheduler-state failed: HTTP 401 Bad credentials — the token is missing, expired or revoked (input `token`)',
    ]);
    assert.equal(r.stderr, '');
    assert.match(r.summary, /the tick stopped[\s\S]*HTTP 401 Bad credentials/);
    assert.equal(s.sim.calls.length - before, 1, 'stops at the first 401, no retries');
    assert.equal(s.sim.dispatches.length, 0);
    await s.close();
  });

  test('no token at all (empty input, no GITHUB_TOKEN): one clear line naming the input', async () => {
    const { s } = await dueWork();
    const before = s.sim.calls.length;
    const r = await s.tick('2026-11-23T00:21:00Z', {}, { env: { INPUT_TOKEN: '' } });
    assert.equal(r.code, 1);
    assertNoStackTrace(r);
    assert.deepEqual(errorLines(r), [
      '::error::input token: no token: the tick needs one to dispatch workflows and write state — pass `token: ${{ github.token }}` (the default) or a PAT',
    ]);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /::add-mask::/, 'nothing to mask');
    assert.equal(s.sim.calls.length, before, 'no request without a token');
    await s.close();
  });

  test('GITHUB_TOKEN from the environment works when the input is empty', async () => {
    const { s } = await dueWork();
    const r = await s.tick(
      '2026-11-23T00:21:00Z',
      {},
      { env: { INPUT_TOKEN: '', GITHUB_TOKEN: s.sim.token } },
    );
    assert.equal(r.code, 0, r.stdout);
    assert.equal(s.sim.dispatches.length, 2);
    await s.close();
  });
});

describe('the token never appears in logs', () => {
  /** Everything the runner would show, minus the `::add-mask::` command that hides the token. */
  function assertMasked(r: ActionRun, token: string): void {
    const lines = r.stdout.split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('::add-mask::')),
      [`::add-mask::${token}`],
      'masked once, first thing',
    );
    assert.ok(lines[0]!.startsWith('::add-mask::'), 'before anything else is printed');
    const rest = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    assert.ok(!rest.includes(token), 'not on stdout outside ::add-mask::');
    assert.ok(!r.stderr.includes(token), 'not on stderr');
    assert.ok(!r.summary.includes(token), 'not in the summary');
    for (const [name, value] of Object.entries(r.outputs)) {
      assert.ok(!value.includes(token), `not in output ${name}`);
    }
  }

  test('a successful tick with dispatches, comments and errors', async () => {
    const { s } = await dueWork();
    s.sim.injectFault({ operationId: 'actions/create-workflow-dispatch', status: 502 });
    const r = await s.tick('2026-11-23T00:21:00Z');
    assert.ok(s.sim.dispatches.length >= 1, r.stdout);
    assertMasked(r, s.sim.token);
    await s.close();
  });

  test('a rejected token (401) and a token from GITHUB_TOKEN', async () => {
    const { s } = await dueWork();
    const bad = 'ghs_definitelyNotValid0123456789abcdef';
    assertMasked(await s.tick('2026-11-23T00:21:00Z', {}, { env: { INPUT_TOKEN: bad } }), bad);
    assertMasked(
      await s.tick(
        '2026-11-23T00:22:00Z',
        {},
        { env: { INPUT_TOKEN: '', GITHUB_TOKEN: s.sim.token } },
      ),
      s.sim.token,
    );
    await s.close();
  });
});
