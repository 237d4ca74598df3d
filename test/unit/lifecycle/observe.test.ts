import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkflowRunSummary } from '../../../src/github/gateway.js';
import { observeRuns, type RunsPort } from '../../../src/lifecycle/index.js';
import { scheduleToPlannable } from '../../../src/plan/plannable.js';
import type { EntryState, StateDocument } from '../../../src/state/document.js';
import { at, claim, dispatched, entry, iso, makeSchedule, run, stateWith } from './helpers.js';

class FakePort implements RunsPort {
  lists: { workflow: string; since: string; page?: number }[] = [];
  reads: number[] = [];
  constructor(
    private readonly runs: Record<string, WorkflowRunSummary[]> = {},
    private readonly checkerStatus: Record<number, string> = {},
  ) {}
  async listWorkflowRuns(workflow: string, since: Date, _event?: string, page = 1) {
    this.lists.push({ workflow, since: since.toISOString(), ...(page > 1 ? { page } : {}) });
    if (workflow === 'broken.yml') throw new Error('listing runs of broken.yml failed: HTTP 500');
    return (this.runs[workflow] ?? []).slice((page - 1) * 100, page * 100);
  }
  async getWorkflowRun(runId: number) {
    this.reads.push(runId);
    const status = this.checkerStatus[runId];
    return status ? run(runId, '05:00', { status }) : null;
  }
}

const observe = (gateway: RunsPort, state: StateDocument, now: string, checker = '900.1') =>
  observeRuns({
    gateway,
    state,
    plannables: Object.keys(state.schedules).map((name) =>
      scheduleToPlannable(makeSchedule({ name, workflow: `${name}.yml` })),
    ),
    now: at(now),
    log: () => undefined,
    checker,
  });

/** `n` unfinished runs spread over `workflows` schedules (each its own workflow). */
function unfinished(n: number, workflows: number): StateDocument {
  const entries: Record<string, EntryState> = {};
  for (let w = 0; w < workflows; w++) {
    const name = `s${w}`;
    const history = [];
    for (let i = w; i < n; i += workflows) {
      const t = `2026-03-09T05:${String(i % 60).padStart(2, '0')}:00Z`;
      history.push(
        dispatched(t, t, { runId: 1000 + i, workflow: `${name}.yml` }, `schedule:${name}`),
      );
    }
    entries[name] = entry(makeSchedule({ name }), '00:00', '05:59', { history });
  }
  return stateWith(entries);
}

describe('observeRuns: one list call per workflow, none on a quiet tick', () => {
  for (const [n, workflows, calls] of [
    [0, 1, 0],
    [0, 10, 0],
    [10, 1, 1],
    [10, 10, 10],
    [100, 1, 1],
    [100, 10, 10],
  ] as const) {
    test(`${n} unfinished runs across ${workflows} workflow(s): ${calls} list call(s)`, async () => {
      const port = new FakePort();
      const obs = await observe(port, unfinished(n, workflows), '06:30');
      assert.equal(port.lists.length, calls);
      assert.equal(port.reads.length, 0);
      assert.deepEqual(obs.calls, { list: calls, run: 0 });
    });
  }

  test('finished records, skips and non-ambiguous failures cause no call', async () => {
    const done = dispatched('05:00', '05:00', { runId: 1, conclusion: 'success' });
    const hardFail = { ...dispatched('04:00', '04:00'), outcome: 'dispatch-failed' as const };
    const skipped = { ...dispatched('03:00', '03:00'), outcome: 'skipped' as const };
    const s = makeSchedule({ name: 'a' });
    const state = stateWith({
      a: entry(s, '00:00', '05:00', { history: [done, hardFail, skipped] }),
    });
    const port = new FakePort();
    await observe(port, state, '06:30');
    assert.deepEqual(port.lists, []);
  });

  test('lists from the earliest followed dispatch minus the clock skew; coverage says how far', async () => {
    const a = makeSchedule({ name: 'a', workflow: 'a.yml' });
    const state = stateWith({
      a: entry(a, '00:00', '06:00', {
        history: [
          dispatched('06:00', '06:00:05', { runId: 2, workflow: 'a.yml' }, 'schedule:a'),
          dispatched('05:00', '05:00:05', { runId: 1, workflow: 'a.yml' }, 'schedule:a'),
        ],
      }),
    });
    const full = Array.from({ length: 100 }, (_, i) => run(1 + i, '05:30'));
    const port = new FakePort({ 'a.yml': full });
    const obs = await observe(port, state, '06:30');
    assert.deepEqual(port.lists, [{ workflow: 'a.yml', since: iso('04:58:05') }]);
    assert.deepEqual(obs.coverage, { 'a.yml': { since: iso('04:58:05'), complete: false } });
  });

  test('a busy workflow: a further page only while a followed run is still missing', async () => {
    const a = makeSchedule({ name: 'a', workflow: 'a.yml' });
    const rec = (sf: string, runId?: number) =>
      dispatched(sf, sf, { workflow: 'a.yml', ...(runId ? { runId } : {}) }, 'schedule:a');
    // 250 runs, newest first, one a minute from 05:59 back to 01:50.
    const runs = Array.from({ length: 250 }, (_, i) =>
      run(1000 - i, new Date(at('05:59').getTime() - i * 60_000).toISOString()),
    );
    const stateOf = (history: ReturnType<typeof rec>[]) =>
      stateWith({ a: entry(a, '00:00', '06:00', { history }) });
    const recent = new FakePort({ 'a.yml': runs });
    const one = await observe(recent, stateOf([rec('05:50', 991)]), '06:30');
    assert.equal(recent.lists.length, 1, 'the run is on the first page');
    assert.equal(one.coverage!['a.yml']!.complete, false);

    const older = new FakePort({ 'a.yml': runs });
    const two = await observe(older, stateOf([rec('04:00', 881)]), '06:30');
    assert.deepEqual(
      older.lists.map((l) => l.page ?? 1),
      [1, 2],
    );
    assert.equal(two.runsByWorkflow['a.yml']!.length, 200);
    assert.equal(two.coverage!['a.yml']!.complete, false);

    const untitled = new FakePort({ 'a.yml': runs });
    const all = await observe(untitled, stateOf([rec('02:00')]), '06:30');
    assert.deepEqual(
      untitled.lists.map((l) => l.page ?? 1),
      [1, 2, 3],
    );
    assert.equal(all.coverage!['a.yml']!.complete, true, 'the last page was not full');
    assert.deepEqual(all.calls, { list: 3, run: 0 });
  });

  test('a failing list call is reported, not thrown; other workflows are still listed', async () => {
    const ok = makeSchedule({ name: 'ok' });
    const broken = makeSchedule({ name: 'broken' });
    const rec = (w: string) => dispatched('06:00', '06:00', { runId: 1, workflow: `${w}.yml` });
    const state = stateWith({
      ok: entry(ok, '00:00', '06:00', { history: [rec('ok')] }),
      broken: entry(broken, '00:00', '06:00', { history: [rec('broken')] }),
    });
    const obs = await observe(new FakePort(), state, '06:30');
    assert.deepEqual(Object.keys(obs.runsByWorkflow), ['ok.yml']);
    assert.deepEqual(obs.errors, ['listing runs of broken.yml failed: HTTP 500']);
  });
});

describe('observeRuns: checkers that ended (SPEC §7.11)', () => {
  const s = makeSchedule({ name: 'a' });
  const withClaim = (checker: string, claimedAt = '06:00') =>
    stateWith({
      a: entry(s, '00:00', '06:00', {
        claims: [
          { ...claim('06:00', claimedAt, checker), id: 'schedule:a@2026-03-09T06:00:00.000Z#1' },
        ],
      }),
    });

  test('an earlier attempt of this very run has ended, without a call', async () => {
    const port = new FakePort();
    const obs = await observe(port, withClaim('900.1'), '06:05', '900.2');
    assert.deepEqual(obs.endedCheckers, ['900.1']);
    assert.deepEqual(port.reads, []);
    assert.equal(port.lists.length, 1, 'its claim is now stale: the workflow is listed');
  });

  test('another checker is looked up once; completed → ended', async () => {
    const done = new FakePort({}, { 55: 'completed' });
    assert.deepEqual((await observe(done, withClaim('55.1'), '06:05')).endedCheckers, ['55.1']);
    assert.deepEqual(done.reads, [55]);
    const running = new FakePort({}, { 55: 'in_progress' });
    const obs = await observe(running, withClaim('55.1'), '06:05');
    assert.deepEqual(obs.endedCheckers, []);
    assert.deepEqual(running.lists, [], 'a live claim causes no list call');
  });

  test('no lookup for a claim under a minute old, an expired one, or our own', async () => {
    for (const [state, self] of [
      [withClaim('55.1', '06:04:30'), '900.1'],
      [withClaim('55.1', '05:00'), '900.1'],
      [withClaim('900.1'), '900.1'],
    ] as const) {
      const port = new FakePort({}, { 55: 'completed' });
      await observe(port, state, '06:05', self);
      assert.deepEqual(port.reads, []);
    }
  });
});
