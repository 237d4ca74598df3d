/**
 * The run lifecycle end to end (issue 4): dist/index.js against the simulator, clock pinned.
 * Reconciliation, retries, timeouts, overlap, correlation fallbacks, ambiguous dispatches and
 * crash recovery — a checker SIGKILLed at each step of a tick.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { restClient, type GitHubSimulator } from '../github-sim/index.js';
import {
  daily,
  finishRuns,
  scenario,
  scheduledRuns,
  STATE_BRANCH,
  writesIn,
  type Scenario,
} from './helpers.js';

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});
async function make(spec: Parameters<typeof scenario>[0]) {
  const s = await scenario(spec);
  open.push(s);
  return s;
}

/** A target that does not declare `scheduled-run`: its runs can only be matched approximately. */
const PLAIN_WORKFLOW = `name: Plain
on:
  workflow_dispatch:
    inputs:
      prompt: { type: string, required: true }
jobs:
  plain:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;
async function withPlain(spec: Parameters<typeof scenario>[0]) {
  const s = await make({ ...spec, workflows: { 'plain.yml': PLAIN_WORKFLOW } });
  s.sim.addWorkflow({ path: '.github/workflows/plain.yml', name: 'Plain', inputs: ['prompt'] });
  return s;
}

interface RecordJson {
  id: string;
  outcome: string;
  attempt: number;
  reason?: string;
  runId?: number;
  runUrl?: string;
  conclusion?: string;
  approximate?: boolean;
  ambiguous?: boolean;
}
interface EntryJson {
  claims: { id: string }[];
  history: RecordJson[];
  pending?: { id: string; attempt: number; notBefore: string; reason: string }[];
}
const entryOf = (s: Scenario, name: string) =>
  (s.state().schedules as unknown as Record<string, EntryJson>)[name]!;
const record = (s: Scenario, name: string, id: string) =>
  entryOf(s, name).history.find((h) => h.id === id);

const ops = (sim: GitHubSimulator, from: number) => sim.calls.slice(from).map((c) => c.operationId);
const listCalls = (sim: GitHubSimulator, from: number) =>
  ops(sim, from).filter((o) => o === 'actions/list-workflow-runs').length;
const runIdOf = (sim: GitHubSimulator, id: string) =>
  sim.runs.find((r) => r.display_title.includes(`"${id}"`))?.id;

const A7 = 'schedule:a@2026-11-23T07:00:00.000Z#1';

describe('reconciliation', () => {
  test('quiet while the run is in flight, one write when it concludes, no list call after', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    let mark = s.sim.calls.length;
    await s.tick('2026-11-23T07:00:30Z');
    assert.equal(listCalls(s.sim, mark), 0, 'nothing unfinished before the dispatch');
    const runId = s.sim.runs[0]!.id;

    for (const [now, start] of [
      ['2026-11-23T07:05:00Z', false],
      ['2026-11-23T07:10:00Z', true],
    ] as const) {
      if (start) s.sim.startRun(runId);
      mark = s.sim.calls.length;
      const r = await s.tick(now);
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual(ops(s.sim, mark), [
        'git/get-ref',
        'repos/get-content',
        'issues/list-for-repo',
        'actions/list-workflow-runs',
      ]);
      assert.deepEqual(writesIn(s.sim, mark), [], 'intermediate statuses are not written');
    }

    s.sim.completeRun(runId, 'success');
    mark = s.sim.calls.length;
    const done = await s.tick('2026-11-23T07:15:00Z');
    assert.equal(done.code, 0, done.stdout);
    assert.equal(listCalls(s.sim, mark), 1);
    assert.deepEqual(writesIn(s.sim, mark), [
      'POST git/create-tree',
      'POST git/create-commit',
      'PATCH git/update-ref',
    ]);
    assert.equal(record(s, 'a', A7)!.conclusion, 'success');
    assert.match(s.sim.branchLog(STATE_BRANCH)[0]!.message, /run #\d+ concluded success/);
    // The summary answers "what ran, how did it end, what is next" (item 9).
    assert.match(
      done.summary,
      /### Next 24 hours\n\n```mermaid\ngantt\n[\s\S]*section a\n {2}07h00 :milestone, 2026-11-24 07:00, 0m/,
    );
    assert.match(
      done.summary,
      /### Recent runs[\s\S]*#### `schedule:a`\n\n\*\*Success rate:\*\* 1 of 1 \(100%\)/,
    );
    assert.match(
      done.summary,
      /\| 2026-11-23 07:00 UTC \| 1 \| ✅ success \| \[#\d+\]\(https:\/\/github\.com\/acme\/widgets\/actions\/runs\/\d+\) \| 30s \|/,
    );

    mark = s.sim.calls.length;
    await s.tick('2026-11-23T07:20:00Z');
    assert.deepEqual(ops(s.sim, mark), [
      'git/get-ref',
      'repos/get-content',
      'issues/list-for-repo',
    ]);
    await s.close();
  });

  test('one list call per workflow, however many runs are unfinished', async () => {
    const schedules: Record<string, string> = {};
    for (let i = 0; i < 6; i++) schedules[`s${i}.yml`] = daily('0 7 * * *');
    schedules['p.yml'] = daily('0 7 * * *').replace('agent.yml', 'plain.yml');
    const s = await withPlain({ schedules });
    await s.tick('2026-11-23T00:00:00Z');
    await s.tick('2026-11-23T07:00:30Z');
    assert.equal(s.sim.runs.length, 7);
    const mark = s.sim.calls.length;
    await s.tick('2026-11-23T07:05:00Z');
    const lists = s.sim.calls
      .slice(mark)
      .filter((c) => c.operationId === 'actions/list-workflow-runs')
      .map((c) => `${c.path.split('/').at(-2)} ${c.query.created}`)
      .sort();
    assert.deepEqual(lists, [
      'agent.yml >=2026-11-23T06:58:30Z',
      'plain.yml >=2026-11-23T06:58:30Z',
    ]);
    await s.close();
  });
});

describe('retries', () => {
  test('a failed run is re-dispatched after retry-delay, attempt 2, and no more; cancelled never', async () => {
    const s = await make({
      schedules: {
        'r.yml': daily('0 7 * * *', 'retries: 1\nretry-delay: 10m\n'),
        'c.yml': daily('0 7 * * *', 'retries: 3\n'),
      },
    });
    await s.tick('2026-11-23T00:00:00Z');
    await s.tick('2026-11-23T07:00:30Z');
    const r1 = runIdOf(s.sim, 'schedule:r@2026-11-23T07:00:00.000Z#1')!;
    const c1 = runIdOf(s.sim, 'schedule:c@2026-11-23T07:00:00.000Z#1')!;
    s.sim.completeRun(r1, 'failure');
    s.sim.completeRun(c1, 'cancelled');

    const seen = await s.tick('2026-11-23T07:05:00Z');
    assert.equal(seen.code, 0, seen.stdout);
    assert.equal(seen.outputs['dispatched-count'], '0');
    assert.equal(seen.outputs['next-due'], '2026-11-23T07:15:00Z', 'the retry is what is next');
    assert.equal(record(s, 'r', 'schedule:r@2026-11-23T07:00:00.000Z#1')!.conclusion, 'failure');
    assert.deepEqual(entryOf(s, 'r').pending, [
      {
        id: 'schedule:r@2026-11-23T07:00:00.000Z#2',
        scheduledFor: '2026-11-23T07:00:00.000Z',
        attempt: 2,
        notBefore: '2026-11-23T07:15:00.000Z',
        reason: 'retry',
      },
    ]);
    assert.equal(record(s, 'c', 'schedule:c@2026-11-23T07:00:00.000Z#1')!.conclusion, 'cancelled');
    assert.equal(entryOf(s, 'c').pending, undefined);

    assert.equal((await s.tick('2026-11-23T07:14:00Z')).outputs['dispatched-count'], '0');
    const retry = await s.tick('2026-11-23T07:15:30Z');
    assert.equal(retry.outputs['dispatched-count'], '1');
    const sent = JSON.parse(retry.outputs.dispatched!)[0];
    assert.equal(sent.attempt, 2);
    assert.equal(sent.scheduled_for, '2026-11-23T07:00:00.000Z');
    assert.deepEqual(scheduledRuns(s.sim).at(-1), {
      id: 'schedule:r@2026-11-23T07:00:00.000Z#2',
      source: 'schedule:r',
      scheduled_for: '2026-11-23T07:00:00.000Z',
      attempt: 2,
    });
    assert.equal(entryOf(s, 'r').pending, undefined);

    s.sim.completeRun(runIdOf(s.sim, 'schedule:r@2026-11-23T07:00:00.000Z#2')!, 'failure');
    await s.tick('2026-11-23T07:20:00Z');
    await s.tick('2026-11-23T07:40:00Z');
    assert.equal(record(s, 'r', 'schedule:r@2026-11-23T07:00:00.000Z#2')!.conclusion, 'failure');
    assert.equal(entryOf(s, 'r').pending, undefined);
    const bySource = (src: string) => scheduledRuns(s.sim).filter((x) => x.source === src);
    assert.equal(bySource('schedule:r').length, 2, 'retries: 1 → two attempts in all');
    assert.equal(bySource('schedule:c').length, 1, 'cancelled is never retried');
    assert.ok(
      !s.sim.calls.some((c) => /rerun|re-run/.test(c.operationId ?? '')),
      'a retry is a new dispatch, never a re-run',
    );
    await s.close();
  });
});

describe('timeouts', () => {
  test('a run still in progress after its timeout is cancelled, recorded timed_out and retried', async () => {
    const s = await make({
      schedules: { 't.yml': daily('0 7 * * *', 'timeout: 30m\nretries: 1\nretry-delay: 5m\n') },
    });
    await s.tick('2026-11-23T00:00:00Z');
    await s.tick('2026-11-23T07:00:30Z');
    const runId = s.sim.runs[0]!.id;
    s.sim.startRun(runId);
    let mark = s.sim.calls.length;
    await s.tick('2026-11-23T07:30:00Z');
    assert.deepEqual(writesIn(s.sim, mark), [], 'not yet: 29.5 minutes');

    mark = s.sim.calls.length;
    const r = await s.tick('2026-11-23T07:31:00Z');
    assert.equal(r.code, 0, r.stdout);
    assert.ok(ops(s.sim, mark).includes('actions/cancel-workflow-run'));
    assert.equal(s.sim.runs[0]!.conclusion, 'cancelled');
    const rec = record(s, 't', 'schedule:t@2026-11-23T07:00:00.000Z#1')!;
    assert.equal(rec.conclusion, 'timed_out');
    assert.match(
      rec.reason!,
      /cancelled by agent-scheduler: still in_progress after its timeout \(30m\)/,
    );
    assert.equal(entryOf(s, 't').pending![0]!.notBefore, '2026-11-23T07:36:00.000Z');

    const retry = await s.tick('2026-11-23T07:36:00Z');
    assert.equal(JSON.parse(retry.outputs.dispatched!)[0].attempt, 2);
    assert.equal(s.sim.runs.length, 2);
    await s.close();
  });
});

describe('overlap', () => {
  test('skip records the run it overlapped; allow dispatches; cancel-previous cancels first', async () => {
    const s = await make({
      schedules: {
        'skip.yml': daily('*/10 7 * * *'),
        'allow.yml': daily('*/10 7 * * *', 'overlap: allow\n'),
        'cancel.yml': daily('*/10 7 * * *', 'overlap: cancel-previous\n'),
      },
    });
    await s.tick('2026-11-23T00:00:00Z');
    await s.tick('2026-11-23T07:00:30Z');
    const first = (src: string) => runIdOf(s.sim, `schedule:${src}@2026-11-23T07:00:00.000Z#1`)!;
    for (const src of ['skip', 'allow', 'cancel']) s.sim.startRun(first(src));

    const r = await s.tick('2026-11-23T07:10:30Z');
    assert.equal(r.code, 0, r.stdout);
    const sources = scheduledRuns(s.sim)
      .map((x) => x.source)
      .sort();
    assert.deepEqual(sources, [
      'schedule:allow',
      'schedule:allow',
      'schedule:cancel',
      'schedule:cancel',
      'schedule:skip',
    ]);
    const skipped = record(s, 'skip', 'schedule:skip@2026-11-23T07:10:00.000Z#1')!;
    assert.equal(skipped.outcome, 'skipped');
    assert.equal(
      skipped.reason,
      `previous run #${first('skip')} still in_progress (overlap: skip)`,
    );
    const cancelled = s.sim.runs.find((x) => x.id === first('cancel'))!;
    assert.equal(cancelled.conclusion, 'cancelled');
    assert.equal(s.sim.runs.find((x) => x.id === first('allow'))!.status, 'in_progress');
    assert.match(r.summary, /previous run #\d+ still in_progress/);

    finishRuns(s.sim);
    await s.tick('2026-11-23T07:20:30Z');
    assert.equal(
      scheduledRuns(s.sim).filter((x) => x.source === 'schedule:skip').length,
      2,
      'once the run ended, the next occurrence fires',
    );
    await s.close();
  });

  test('a run-now run counts as the previous run (§7.9)', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    await s.tick('2026-11-23T06:58:00Z', { 'run-now': 'a' });
    await s.tick('2026-11-23T07:00:30Z');
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.source),
      ['manual:a'],
    );
    assert.match(record(s, 'a', A7)!.reason!, /previous run #\d+ still queued \(overlap: skip\)/);
    await s.close();
  });
});

describe('correlation without a run id in the dispatch answer', () => {
  for (const mode of ['no-content', 'reject-field'] as const) {
    test(`${mode}: by scheduled-run in the title, else approximately; then quiet`, async () => {
      const s = await withPlain({
        schedules: {
          'a.yml': daily('0 7 * * *'),
          'p.yml': daily('0 7 * * *').replace('agent.yml', 'plain.yml'),
        },
      });
      s.sim.setDispatchMode(mode);
      await s.tick('2026-11-23T00:00:00Z');
      const sent = await s.tick('2026-11-23T07:00:30Z');
      assert.equal(sent.code, 0, sent.stdout);
      assert.equal(record(s, 'a', A7)!.runId, undefined);
      assert.equal(s.sim.runs.length, 2);

      await s.tick('2026-11-23T07:05:00Z');
      const a = record(s, 'a', A7)!;
      const p = record(s, 'p', 'schedule:p@2026-11-23T07:00:00.000Z#1')!;
      const plainRun = s.sim.runs.find((r) => r.path.endsWith('plain.yml'))!;
      assert.equal(a.runId, runIdOf(s.sim, A7));
      assert.equal(a.approximate, undefined);
      assert.match(a.runUrl!, /\/actions\/runs\/\d+$/);
      assert.equal(p.runId, plainRun.id);
      assert.equal(p.approximate, true);

      const mark = s.sim.calls.length;
      await s.tick('2026-11-23T07:10:00Z');
      assert.deepEqual(writesIn(s.sim, mark), [], 'correlation is written once');
      assert.equal(listCalls(s.sim, mark), 2, 'one list call per workflow');
      finishRuns(s.sim, 'failure');
      await s.tick('2026-11-23T07:15:00Z');
      assert.equal(record(s, 'p', p.id)!.conclusion, 'failure');
      assert.equal(record(s, 'a', A7)!.conclusion, 'failure');
      await s.close();
    });
  }
});

describe('a dispatch that fails with a 5xx (ambiguous)', () => {
  const fault = { operationId: 'actions/create-workflow-dispatch', status: 502 };

  test('GitHub created the run anyway: found on the next tick, never sent twice', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    s.sim.injectFault({ ...fault, applyEffect: true });
    const failed = await s.tick('2026-11-23T07:00:30Z');
    assert.equal(failed.code, 1, 'the failed dispatch fails the step');
    assert.equal(record(s, 'a', A7)!.outcome, 'dispatch-failed');
    assert.equal(record(s, 'a', A7)!.ambiguous, true);
    assert.equal(s.sim.runs.length, 1);

    const next = await s.tick('2026-11-23T07:05:00Z');
    assert.equal(next.code, 0, next.stdout);
    const rec = record(s, 'a', A7)!;
    assert.equal(rec.outcome, 'dispatched');
    assert.equal(rec.runId, s.sim.runs[0]!.id);
    assert.equal(rec.ambiguous, undefined);
    await s.tick('2026-11-23T07:10:00Z');
    assert.equal(s.sim.runs.length, 1);
    assert.equal(s.sim.dispatches.length, 1);
    await s.close();
  });

  test('no run was created: re-dispatched once (same attempt) on the next tick', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    s.sim.injectFault(fault);
    await s.tick('2026-11-23T07:00:30Z');
    assert.equal(s.sim.runs.length, 0);
    const next = await s.tick('2026-11-23T07:05:00Z');
    assert.equal(next.code, 0, next.stdout);
    assert.equal(next.outputs['dispatched-count'], '1');
    assert.equal(s.sim.runs.length, 1);
    assert.equal(scheduledRuns(s.sim)[0]!.id, A7);
    assert.equal(record(s, 'a', A7)!.outcome, 'dispatched');
    assert.equal(record(s, 'a', A7)!.runId, s.sim.runs[0]!.id);
    await s.tick('2026-11-23T07:10:00Z');
    assert.equal(s.sim.runs.length, 1);
    await s.close();
  });

  test('a 4xx is final: recorded, never sent again', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    s.sim.injectFault({ ...fault, status: 422 });
    await s.tick('2026-11-23T07:00:30Z');
    const mark = s.sim.calls.length;
    await s.tick('2026-11-23T07:05:00Z');
    assert.equal(s.sim.runs.length, 0);
    assert.equal(record(s, 'a', A7)!.outcome, 'dispatch-failed');
    assert.equal(listCalls(s.sim, mark), 0, 'nothing to look for');
    await s.close();
  });
});

describe('crash recovery: the checker is killed at each step of a tick', () => {
  // [step, the log line it is killed on, [runs, claims] the killed tick leaves]
  const steps: [string, RegExp, [number, number]][] = [
    ['after the state read', /^state read/m, [0, 0]],
    ['after the claim commit', /^state claimed/m, [0, 2]],
    ['after the first dispatch', /^dispatched /m, [1, 2]],
    ['before the final commit', /^recording results/m, [2, 2]],
  ];
  for (const [step, killOn, left] of steps) {
    test(`${step}: after claim-ttl every occurrence has exactly one run`, async () => {
      const s = await withPlain({
        schedules: {
          'a.yml': daily('0 7 * * *'),
          'b.yml': daily('0 7 * * *').replace('agent.yml', 'plain.yml'),
        },
      });
      await s.tick('2026-11-23T00:00:00Z');
      const killed = await s.tick('2026-11-23T07:00:30Z', {}, { killOn });
      assert.notEqual(killed.code, 0, `killed ${step}`);
      // The kill landed at that step: the child waits on this process's simulator for its next
      // call, so the SIGKILL sent on the log line arrives before it.
      const claimsLeft = ['a', 'b'].flatMap((n) => entryOf(s, n).claims.map((c) => c.id));
      assert.deepEqual(
        [s.sim.runs.length, claimsLeft.length],
        left,
        'runs and claims after the kill',
      );
      for (const now of ['2026-11-23T07:11:00Z', '2026-11-23T07:16:00Z']) {
        const r = await s.tick(now);
        assert.equal(r.code, 0, r.stdout);
      }

      const agentRuns = s.sim.runs.filter((r) => r.path.endsWith('agent.yml'));
      const plainRuns = s.sim.runs.filter((r) => r.path.endsWith('plain.yml'));
      assert.deepEqual(
        scheduledRuns(s.sim)
          .map((x) => x.id)
          .filter(Boolean),
        [A7],
        'schedule:a: exactly one run for its occurrence',
      );
      assert.equal(agentRuns.length, 1);
      assert.equal(plainRuns.length, 1, 'schedule:b: exactly one run');
      for (const [name, run] of [
        ['a', agentRuns[0]!],
        ['b', plainRuns[0]!],
      ] as const) {
        const e = entryOf(s, name);
        assert.deepEqual(e.claims, [], `${name}: no claim left`);
        assert.equal(e.pending, undefined, `${name}: nothing owed`);
        const rec = e.history.find((h) => h.id === `schedule:${name}@2026-11-23T07:00:00.000Z#1`);
        assert.equal(rec?.outcome, 'dispatched', `${name}: recorded as dispatched`);
        assert.equal(rec?.runId, run.id, `${name}: with its run`);
      }
      await s.close();
    });
  }
});

describe('crash recovery before claim-ttl (§7.11)', () => {
  test('a claim whose checker run has ended is resolved at once, by looking for its run', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    // The checker itself is a run in the simulator, so the next tick can ask whether it ended.
    s.sim.addWorkflow({ path: '.github/workflows/checker.yml', name: 'Checker', inputs: [] });
    await restClient(s.sim).rest.actions.createWorkflowDispatch({
      owner: 'acme',
      repo: 'widgets',
      workflow_id: 'checker.yml',
      ref: 'main',
    });
    const checker = s.sim.runs[0]!.id;
    await s.tick('2026-11-23T00:00:00Z');
    await s.tick('2026-11-23T07:00:30Z', {}, { killOn: /^state claimed/m, runId: checker });
    assert.equal(entryOf(s, 'a').claims.length, 1);

    const live = await s.tick('2026-11-23T07:03:00Z');
    assert.equal(live.code, 0, live.stdout);
    assert.equal(entryOf(s, 'a').claims.length, 1, 'its checker is still running: left alone');

    s.sim.completeRun(checker, 'cancelled');
    const mark = s.sim.calls.length;
    const r = await s.tick('2026-11-23T07:04:00Z');
    assert.equal(r.code, 0, r.stdout);
    assert.ok(ops(s.sim, mark).includes('actions/get-workflow-run'));
    assert.deepEqual(entryOf(s, 'a').claims, []);
    assert.deepEqual(
      scheduledRuns(s.sim)
        .map((x) => x.id)
        .filter(Boolean),
      [A7],
      'dispatched once, six minutes before the lease would have expired',
    );
    assert.match(s.sim.branchLog(STATE_BRANCH)[1]!.message, /its checker ended/);
    await s.close();
  });
});
