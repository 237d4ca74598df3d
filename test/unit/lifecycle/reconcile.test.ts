import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRunObservations, type RunObservations } from '../../../src/lifecycle/index.js';
import type { Plannable } from '../../../src/plan/plannable.js';
import type { EntryState, RunRecord } from '../../../src/state/document.js';
import {
  ACTOR,
  at,
  claim,
  deepFreeze,
  dispatched,
  entry,
  iso,
  makeSchedule,
  MIN,
  nothingSeen,
  oid,
  plannable,
  run,
  seen,
  stateWith,
} from './helpers.js';

const s = makeSchedule({ cron: '0 * * * *' });
const stateOf = (more: Partial<EntryState>) =>
  deepFreeze(stateWith({ nightly: entry(s, '00:00', '06:00', more) }));

function apply(
  more: Partial<EntryState>,
  observations: RunObservations,
  now: string,
  p: Plannable = plannable(),
) {
  return applyRunObservations({
    state: stateOf(more),
    observations,
    plannables: [p],
    now: at(now),
    historyLimit: 20,
  });
}
const first = (r: ReturnType<typeof apply>): RunRecord => r.state.schedules.nightly!.history[0]!;

const rec = dispatched('06:00', '06:00:05', { runId: 501 });
const titled = (id: number, t: string, status = 'queued', conclusion: string | null = null) =>
  run(id, t, { displayTitle: JSON.stringify({ id: oid('06:00') }), status, conclusion });

describe('reconciliation: runs in flight', () => {
  test('a run still in progress writes nothing and is reported in flight', () => {
    const r = apply(
      { history: [rec] },
      seen([run(501, '06:00:06', { status: 'in_progress' })], '05:58:05'),
      '06:30',
    );
    assert.equal(r.changed, false);
    assert.deepEqual(r.notes, []);
    assert.deepEqual(r.timeouts, []);
    assert.deepEqual(r.inFlight, {
      'schedule:nightly': [
        {
          runId: 501,
          status: 'in_progress',
          url: 'https://github.com/acme/widgets/actions/runs/501',
        },
      ],
    });
  });

  test('a run-now run counts under manual:<name> (SPEC §7.9)', () => {
    const manual = dispatched('06:10', '06:10', { runId: 9 }, 'manual:nightly');
    const r = apply({ history: [manual] }, seen([run(9, '06:10:01')], '06:08'), '06:30');
    assert.deepEqual(Object.keys(r.inFlight), ['manual:nightly']);
    assert.equal(r.changed, false);
  });

  test('a run not visible yet (young, or the list was cut) stays in flight', () => {
    const young = apply({ history: [rec] }, seen([], '05:58:05'), '06:10');
    assert.equal(young.changed, false);
    assert.deepEqual(young.inFlight['schedule:nightly'], [{ runId: 501, status: 'queued' }]);
    const cut = apply(
      { history: [rec] },
      seen([], '05:58:05', {
        coverage: { 'agent.yml': { since: iso('05:58:05'), complete: false } },
      }),
      '08:00',
    );
    assert.equal(cut.changed, false, 'an incomplete list never concludes "not found"');
    assert.deepEqual(cut.inFlight['schedule:nightly'], [{ runId: 501, status: 'unknown' }]);
    const unlisted = apply({ history: [rec] }, nothingSeen, '08:00');
    assert.equal(unlisted.changed, false);
    assert.deepEqual(unlisted.inFlight['schedule:nightly'], [{ runId: 501, status: 'unknown' }]);
  });
});

describe('reconciliation: conclusions and retries', () => {
  test('success is recorded once; nothing is owed', () => {
    const r = apply(
      { history: [rec] },
      seen([run(501, '06:00:06', { status: 'completed', conclusion: 'success' })], '05:58:05'),
      '06:30',
    );
    assert.equal(r.changed, true);
    assert.equal(first(r).conclusion, 'success');
    assert.equal(r.state.schedules.nightly!.pending, undefined);
    assert.deepEqual(r.inFlight, {});
    assert.deepEqual(r.notes, [`${oid('06:00')}: run #501 concluded success`]);
    const again = applyRunObservations({
      state: r.state,
      observations: seen([], '05:58:05'),
      plannables: [plannable()],
      now: at('06:35'),
      historyLimit: 20,
    });
    assert.equal(again.changed, false, 'a concluded record is not followed any more');
  });

  for (const conclusion of ['failure', 'timed_out', 'startup_failure']) {
    test(`${conclusion} with attempts left owes a retry, retry-delay after it was observed`, () => {
      const r = apply(
        { history: [rec] },
        seen([run(501, '06:00:06', { status: 'completed', conclusion })], '05:58:05'),
        '06:30',
        plannable({ retries: 2, retryDelayMs: 10 * MIN }),
      );
      assert.equal(first(r).conclusion, conclusion);
      assert.deepEqual(r.state.schedules.nightly!.pending, [
        {
          id: oid('06:00', 2),
          scheduledFor: iso('06:00'),
          attempt: 2,
          notBefore: iso('06:40'),
          reason: 'retry',
        },
      ]);
      assert.match(r.notes[0]!, /retry 1 of 2 \(attempt 2\) after 10m/);
    });
  }

  test('the last attempt is not retried; cancelled never is; no retries configured, none owed', () => {
    const third = dispatched('06:00', '06:20', { runId: 503, attempt: 3 });
    const last = apply(
      { history: [third] },
      seen([run(503, '06:20:01', { status: 'completed', conclusion: 'failure' })], '06:18'),
      '06:50',
      plannable({ retries: 2 }),
    );
    assert.equal(last.state.schedules.nightly!.pending, undefined);
    assert.match(last.notes[0]!, /no retries left \(2\)/);
    const cancelled = apply(
      { history: [rec] },
      seen([run(501, '06:00:06', { status: 'completed', conclusion: 'cancelled' })], '05:58'),
      '06:30',
      plannable({ retries: 2 }),
    );
    assert.equal(first(cancelled).conclusion, 'cancelled');
    assert.equal(cancelled.state.schedules.nightly!.pending, undefined);
    const none = apply(
      { history: [rec] },
      seen([run(501, '06:00:06', { status: 'completed', conclusion: 'failure' })], '05:58'),
      '06:30',
    );
    assert.equal(none.state.schedules.nightly!.pending, undefined);
  });

  test('a retry already owed, claimed or sent is not owed twice', () => {
    const failed = run(501, '06:00:06', { status: 'completed', conclusion: 'failure' });
    const sent = dispatched('06:00', '06:41', { attempt: 2, runId: 502 });
    const r = apply(
      { history: [sent, rec] },
      seen([run(502, '06:41:01'), failed], '05:58'),
      '06:45',
      plannable({ retries: 2 }),
    );
    assert.equal(r.state.schedules.nightly!.pending, undefined);
  });
});

describe('reconciliation: correlation when the dispatch returned no run id', () => {
  const noId = dispatched('06:00', '06:00:05');

  test('by title: the run id is written once, then followed by id (quiet ticks)', () => {
    const r = apply({ history: [noId] }, seen([titled(777, '06:00:07')], '05:58:05'), '06:10');
    assert.equal(r.changed, true);
    assert.equal(first(r).runId, 777);
    assert.equal(first(r).runUrl, 'https://github.com/acme/widgets/actions/runs/777');
    assert.equal(first(r).approximate, undefined);
    const next = applyRunObservations({
      state: r.state,
      observations: seen([titled(777, '06:00:07', 'in_progress')], '05:58:05'),
      plannables: [plannable()],
      now: at('06:15'),
      historyLimit: 20,
    });
    assert.equal(next.changed, false);
    assert.deepEqual(
      next.inFlight['schedule:nightly']!.map((x) => x.runId),
      [777],
    );
  });

  test('approximately (no scheduled-run in the title): marked approximate', () => {
    const r = apply(
      { history: [noId] },
      seen([run(780, '06:00:09', { status: 'completed', conclusion: 'success' })], '05:58:05', {
        actor: ACTOR,
      }),
      '06:30',
    );
    assert.equal(first(r).runId, 780);
    assert.equal(first(r).approximate, true);
    assert.equal(first(r).conclusion, 'success');
  });

  test('not found in a complete list for an hour: recorded unknown, never retried', () => {
    const young = apply({ history: [noId] }, seen([], '05:58:05'), '06:59');
    assert.equal(young.changed, false);
    assert.deepEqual(young.inFlight['schedule:nightly'], [{ runId: 0, status: 'queued' }]);
    const lost = apply(
      { history: [noId] },
      seen([], '05:58:05'),
      '07:01',
      plannable({ retries: 3 }),
    );
    assert.equal(first(lost).conclusion, 'unknown');
    assert.match(first(lost).reason!, /no run found for this dispatch after 1h/);
    assert.equal(lost.state.schedules.nightly!.pending, undefined);
  });

  test('records older than 7 days are closed as unknown without a list call', () => {
    const old = dispatched('2026-03-01T06:00:00Z', '2026-03-01T06:00:05Z', { runId: 5 });
    const r = apply({ history: [old] }, nothingSeen, '06:00');
    assert.equal(first(r).conclusion, 'unknown');
    assert.match(first(r).reason!, /not followed after 7d/);
  });

  test('a record without a workflow uses the plannable; with neither, it is left alone', () => {
    const bare: RunRecord = { ...rec };
    delete bare.workflow;
    const r = apply(
      { history: [bare] },
      seen([run(501, '06:00:06', { status: 'completed', conclusion: 'success' })], '05:58'),
      '06:30',
    );
    assert.equal(first(r).conclusion, 'success');
    const orphan = applyRunObservations({
      state: stateOf({ history: [bare] }),
      observations: seen([run(501, '06:00:06', { status: 'completed' })], '05:58'),
      plannables: [],
      now: at('06:30'),
      historyLimit: 20,
    });
    assert.equal(orphan.changed, false);
  });
});

describe('reconciliation: timeouts', () => {
  test('a run past its timeout is recorded timed_out, returned for cancelling, and retried', () => {
    const r = apply(
      { history: [rec] },
      seen([run(501, '06:00:06', { status: 'in_progress' })], '05:58:05'),
      '06:30:05',
      plannable({ timeoutMs: 30 * MIN, retries: 1, retryDelayMs: 5 * MIN }),
    );
    assert.deepEqual(r.timeouts, [
      {
        runId: 501,
        source: 'schedule:nightly',
        occurrenceId: oid('06:00'),
      },
    ]);
    assert.equal(first(r).conclusion, 'timed_out');
    assert.equal(
      first(r).reason,
      'cancelled by agent-scheduler: still in_progress after its timeout (30m)',
    );
    assert.deepEqual(r.inFlight, {}, 'a run being cancelled no longer blocks overlap');
    assert.equal(r.state.schedules.nightly!.pending![0]!.notBefore, iso('06:35:05'));
  });

  test('not before the timeout; and a queued run counts too', () => {
    const before = apply(
      { history: [rec] },
      seen([run(501, '06:00:06')], '05:58:05'),
      '06:30:04',
      plannable({ timeoutMs: 30 * MIN }),
    );
    assert.deepEqual(before.timeouts, []);
    const queued = apply(
      { history: [rec] },
      seen([run(501, '06:00:06')], '05:58:05'),
      '06:30:05',
      plannable({ timeoutMs: 30 * MIN }),
    );
    assert.equal(queued.timeouts.length, 1);
    assert.match(first(queued).reason!, /still queued/);
  });
});

describe('reconciliation: ambiguous dispatch failures (5xx, no answer)', () => {
  const failed: RunRecord = {
    ...dispatched('06:00', '06:00:05'),
    outcome: 'dispatch-failed',
    reason: 'dispatching agent.yml failed: HTTP 502',
    ambiguous: true,
  };

  test('its run exists: recorded as dispatched, nothing sent again', () => {
    const r = apply({ history: [failed] }, seen([titled(600, '06:00:06')], '05:58:05'), '06:05');
    assert.equal(first(r).outcome, 'dispatched');
    assert.equal(first(r).runId, 600);
    assert.equal(first(r).ambiguous, undefined);
    assert.equal(first(r).reason, undefined);
    assert.equal(r.state.schedules.nightly!.pending, undefined);
    assert.deepEqual(
      r.inFlight['schedule:nightly']!.map((x) => x.runId),
      [600],
    );
  });

  test('no run in a complete list: a re-dispatch of the same attempt is owed now', () => {
    const r = apply({ history: [failed] }, seen([], '05:58:05'), '06:05');
    assert.equal(first(r).ambiguous, undefined);
    assert.match(first(r).reason!, /HTTP 502; no run was created — re-dispatching/);
    assert.deepEqual(r.state.schedules.nightly!.pending, [
      {
        id: oid('06:00'),
        scheduledFor: iso('06:00'),
        attempt: 1,
        notBefore: iso('06:05'),
        reason: 'redispatch',
      },
    ]);
  });

  test('undecided while the list is incomplete or the dispatch is under a minute old', () => {
    const cut = apply(
      { history: [failed] },
      seen([], '05:58:05', {
        coverage: { 'agent.yml': { since: iso('05:58:05'), complete: false } },
      }),
      '06:05',
    );
    assert.equal(cut.changed, false);
    assert.deepEqual(cut.inFlight['schedule:nightly'], [{ runId: 0, status: 'queued' }]);
    const young = apply({ history: [failed] }, seen([], '05:58:05'), '06:01:04');
    assert.equal(young.changed, false);
    const late = apply({ history: [failed] }, seen([], '06:00:00'), '06:05');
    assert.equal(late.changed, false, 'the list did not reach back to the dispatch');
  });
});

describe('reconciliation: stale claims (crash recovery)', () => {
  test('expired claim whose run exists: recorded dispatched with that run, claim gone', () => {
    const c = claim('06:00', '06:00:02');
    const r = apply({ claims: [c] }, seen([titled(700, '06:00:03')], '05:58:02'), '06:30');
    const e = r.state.schedules.nightly!;
    assert.deepEqual(e.claims, []);
    assert.deepEqual(e.history[0], {
      id: oid('06:00'),
      scheduledFor: iso('06:00'),
      attempt: 1,
      outcome: 'dispatched',
      at: iso('06:30'),
      dispatchedAt: iso('06:00:02'),
      workflow: 'agent.yml',
      runId: 700,
      runUrl: 'https://github.com/acme/widgets/actions/runs/700',
      lateMs: 2000,
    });
    assert.equal(e.pending, undefined);
    assert.match(
      r.notes[0]!,
      /claim of checker 77\.1 resolved \(its lease expired\): its run #700/,
    );
    assert.deepEqual(
      r.inFlight['schedule:nightly']!.map((x) => x.runId),
      [700],
    );
  });

  test('expired claim without a run: re-dispatch owed now, claim gone', () => {
    const r = apply({ claims: [claim('06:00', '06:00:02')] }, seen([], '05:58:02'), '06:30');
    const e = r.state.schedules.nightly!;
    assert.deepEqual(e.claims, []);
    assert.deepEqual(e.history, []);
    assert.deepEqual(e.pending, [
      {
        id: oid('06:00'),
        scheduledFor: iso('06:00'),
        attempt: 1,
        notBefore: iso('06:30'),
        reason: 'redispatch',
      },
    ]);
  });

  test('a live claim is left alone, unless its checker is known to have ended', () => {
    const c = claim('06:00', '06:00:02');
    const live = apply({ claims: [c] }, seen([], '05:58:02'), '06:05');
    assert.equal(live.changed, false);
    const ended = apply(
      { claims: [c] },
      seen([], '05:58:02', { endedCheckers: ['77.1'] }),
      '06:05',
    );
    assert.deepEqual(ended.state.schedules.nightly!.claims, []);
    assert.match(ended.notes[0]!, /\(its checker ended\)/);
    assert.equal(ended.state.schedules.nightly!.pending!.length, 1);
  });

  test('without a complete list it is not resolved (nothing is sent twice)', () => {
    const r = apply({ claims: [claim('06:00', '06:00:02')] }, nothingSeen, '06:30');
    assert.equal(r.changed, false);
  });
});

describe('applyRunObservations is pure', () => {
  test('frozen input, same answer twice', () => {
    const more = {
      history: [rec, dispatched('05:00', '05:00:05')],
      claims: [claim('07:00', '07:00:01')],
    };
    const obs = deepFreeze(
      seen(
        [
          run(501, '06:00:06', { status: 'completed', conclusion: 'failure' }),
          run(400, '05:00:06', { status: 'completed', conclusion: 'success' }),
        ],
        '04:58',
      ),
    );
    const a = apply(more, obs, '07:30', plannable({ retries: 1 }));
    const b = apply(more, obs, '07:30', plannable({ retries: 1 }));
    assert.deepEqual(a, b);
    assert.equal(a.changed, true);
  });
});
