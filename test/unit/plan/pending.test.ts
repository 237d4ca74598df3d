/** Owed dispatches in the planner: retries after a failed run, re-dispatches after a lost one. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { occurrenceId } from '../../../src/plan/occurrence.js';
import { oneShotPlannable } from '../../../src/plan/plannable.js';
import type { PendingDispatch } from '../../../src/state/document.js';
import {
  at,
  deepFreeze,
  deferredIds,
  entry,
  ids,
  iso,
  makeSchedule,
  MIN,
  plan,
  settle,
  stateWith,
} from './helpers.js';

const s = makeSchedule({ cron: '0 * * * *', retries: 2 });
const id = (t: string, attempt = 1, source = 'schedule:nightly') =>
  occurrenceId(source, at(t), attempt);
const retry = (t: string, attempt: number, notBefore: string): PendingDispatch => ({
  id: id(t, attempt),
  scheduledFor: iso(t),
  attempt,
  notBefore: iso(notBefore),
  reason: 'retry',
});
const failedRun = {
  id: id('05:00'),
  scheduledFor: iso('05:00'),
  attempt: 1,
  outcome: 'dispatched' as const,
  at: iso('05:00'),
  runId: 5,
  conclusion: 'failure',
};
const stateOf = (pending: PendingDispatch[], more = {}) =>
  deepFreeze(
    stateWith({
      nightly: entry(s, '00:00', '05:00', { history: [failedRun], pending, ...more }),
    }),
  );

describe('owed dispatches (retries)', () => {
  test('not before notBefore; nextDue counts it', () => {
    const p = plan([s], stateOf([retry('05:00', 2, '05:40')]), '05:30');
    assert.deepEqual(ids(p), []);
    assert.deepEqual(p.nextDue, at('05:40'), 'before the 06:00 occurrence');
    assert.equal(p.changed, false);
  });

  test('due: dispatched with its attempt, claimed, removed from pending; the cursor stays', () => {
    const p = plan([s], stateOf([retry('05:00', 2, '05:40')]), '05:41');
    assert.deepEqual(ids(p), [id('05:00', 2)]);
    const d = p.dispatches[0]!;
    assert.equal(d.occurrence.attempt, 2);
    assert.equal(d.occurrence.scheduledFor.toISOString(), iso('05:00'));
    assert.equal(d.reason, 'retry');
    assert.equal(d.lateMs, 41 * MIN);
    const e = p.state.schedules.nightly!;
    assert.equal(e.pending, undefined);
    assert.deepEqual(
      e.claims.map((c) => [c.id, c.attempt]),
      [[id('05:00', 2), 2]],
    );
    assert.equal(e.cursor, iso('05:00'));
    assert.deepEqual(p.nextDue, at('06:00'));
    const after = settle(p);
    assert.equal(after.schedules.nightly!.history[0]!.id, id('05:00', 2));
    assert.deepEqual(ids(plan([s], after, '05:42')), [], 'paid once');
  });

  test('alongside a due occurrence: both dispatched, older first; budget defers the rest', () => {
    const st = stateOf([retry('05:00', 2, '05:40')]);
    assert.deepEqual(ids(plan([s], st, '06:01')), [id('05:00', 2), id('06:00')]);
    const one = plan([s], st, '06:01', { maxDispatches: 1 });
    assert.deepEqual(ids(one), [id('05:00', 2)]);
    assert.deepEqual(deferredIds(one), [id('06:00')]);
    const tight = plan([s], st, '06:01', { maxDispatches: 0 });
    assert.deepEqual(tight.state.schedules.nightly!.pending, [retry('05:00', 2, '05:40')]);
    assert.deepEqual(tight.nextDue, at('06:01'), 'deferred: due now');
  });

  test('overlap: skip — waits while a run is active (not skipped, not dropped)', () => {
    const p = plan([s], stateOf([retry('05:00', 2, '05:40')]), '05:45', {
      inFlight: { 'schedule:nightly': [{ runId: 9, status: 'in_progress' }] },
    });
    assert.deepEqual(ids(p), []);
    assert.deepEqual(p.skips, []);
    assert.equal(p.state.schedules.nightly!.pending!.length, 1);
    const allow = makeSchedule({ ...s, overlap: 'allow', fingerprint: s.fingerprint });
    const q = plan([allow], stateOf([retry('05:00', 2, '05:40')]), '05:45', {
      inFlight: { 'schedule:nightly': [{ runId: 9, status: 'in_progress' }] },
    });
    assert.deepEqual(ids(q), [id('05:00', 2)]);
  });

  test('cancel-previous: the active run is cancelled for the retry', () => {
    const c = makeSchedule({ ...s, overlap: 'cancel-previous', fingerprint: s.fingerprint });
    const p = plan([c], stateOf([retry('05:00', 2, '05:40')]), '05:45', {
      inFlight: {
        'schedule:nightly': [
          { runId: 9, status: 'in_progress' },
          { runId: 0, status: 'queued' },
        ],
      },
    });
    assert.deepEqual(ids(p), [id('05:00', 2)]);
    assert.deepEqual(
      p.cancels,
      [{ runId: 9, source: 'schedule:nightly' }],
      'an unseen run (0) is not cancelled',
    );
  });

  test('already sent or being claimed: not sent again', () => {
    const sent = { ...failedRun, id: id('05:00', 2), attempt: 2, conclusion: undefined };
    const p = plan(
      [s],
      stateOf([retry('05:00', 2, '05:40')], { history: [sent, failedRun] }),
      '05:45',
    );
    assert.deepEqual(ids(p), []);
    assert.equal(p.state.schedules.nightly!.pending, undefined, 'forgotten');
    const claimed = {
      id: id('05:00', 2),
      scheduledFor: iso('05:00'),
      attempt: 2,
      checker: '1.1',
      claimedAt: iso('05:44'),
      expiresAt: iso('05:54'),
    };
    const q = plan([s], stateOf([retry('05:00', 2, '05:40')], { claims: [claimed] }), '05:45');
    assert.deepEqual(ids(q), []);
    assert.equal(q.state.schedules.nightly!.pending!.length, 1);
  });

  test('a disabled schedule sends nothing it owes', () => {
    const off = makeSchedule({ ...s, enabled: false, fingerprint: s.fingerprint });
    assert.deepEqual(ids(plan([off], stateOf([retry('05:00', 2, '05:40')]), '05:45')), []);
  });

  test('a run-now retry keeps its manual source', () => {
    const manual: PendingDispatch = {
      ...retry('05:10', 2, '05:20'),
      id: id('05:10', 2, 'manual:nightly'),
    };
    const p = plan([s], stateOf([manual]), '05:30');
    assert.deepEqual(ids(p), [id('05:10', 2, 'manual:nightly')]);
    assert.equal(p.dispatches[0]!.occurrence.kind, 'manual');
    assert.equal(p.dispatches[0]!.occurrence.source, 'manual:nightly');
    assert.equal(p.dispatches[0]!.bucket, 'schedules');
  });
});

describe('owed dispatches (re-dispatch after a lost or ambiguous one)', () => {
  const redispatch = (t: string, notBefore: string): PendingDispatch => ({
    id: id(t),
    scheduledFor: iso(t),
    attempt: 1,
    notBefore: iso(notBefore),
    reason: 'redispatch',
  });

  test('inside the catch-up window: sent again, same attempt', () => {
    const p = plan([s], stateOf([redispatch('05:00', '05:20')], { history: [] }), '05:20');
    assert.deepEqual(ids(p), [id('05:00')]);
    assert.equal(p.dispatches[0]!.reason, 'redispatch');
  });

  test('outside the window: dropped and recorded, never sent', () => {
    const p = plan([s], stateOf([redispatch('05:00', '05:20')], { history: [] }), '06:00:01');
    assert.deepEqual(ids(p), [id('06:00')]);
    const e = p.state.schedules.nightly!;
    assert.equal(e.pending, undefined);
    const rec = e.history.find((h) => h.id === id('05:00'))!;
    assert.equal(rec.outcome, 'dispatch-failed');
    assert.match(rec.reason!, /left the catch-up window \(1h\)/);
    assert.equal(p.changed, true);
  });

  test('a one-shot run-at issue has no window: re-sent however late', () => {
    const target = {
      workflow: 'agent.yml',
      inputs: {},
      acceptsScheduledRun: true,
      priority: 'medium' as const,
    };
    const p42 = oneShotPlannable({ key: '42', at: at('05:00'), fingerprint: 'v1', target });
    const pending: PendingDispatch = {
      id: occurrenceId('issue:42', at('05:00'), 1),
      scheduledFor: iso('05:00'),
      attempt: 1,
      notBefore: iso('05:20'),
      reason: 'redispatch',
    };
    const st = stateWith(
      {},
      {
        '42': {
          fingerprint: 'v1',
          since: '2026-03-09T04:59:59.999Z',
          cursor: iso('05:00'),
          claims: [],
          history: [],
          pending: [pending],
        },
      },
    );
    const p = plan([], st, '2026-03-11T05:00:00Z', { plannables: [p42], buckets: ['issues'] });
    assert.deepEqual(ids(p), [pending.id]);
    assert.equal(p.dispatches[0]!.bucket, 'issues');
  });
});

describe('history limit keeps followed runs', () => {
  test('an unfinished run that names its workflow outlives a stream of overlap skips', () => {
    const running = {
      id: id('01:00'),
      scheduledFor: iso('01:00'),
      attempt: 1,
      outcome: 'dispatched' as const,
      at: iso('01:00'),
      runId: 77,
      workflow: 'agent.yml',
    };
    let st = stateWith({ nightly: entry(s, '00:00', '01:00', { history: [running] }) });
    const busy = { 'schedule:nightly': [{ runId: 77, status: 'in_progress' }] };
    for (const t of ['02:01', '03:01', '04:01', '05:01']) {
      st = plan([s], st, t, { inFlight: busy, historyLimit: 2 }).state;
    }
    const h = st.schedules.nightly!.history;
    assert.equal(h.length, 2);
    assert.deepEqual(
      h.map((r) => r.id),
      [id('05:00'), id('01:00')],
    );
  });
});
