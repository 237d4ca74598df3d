import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHECKER,
  DAY,
  HOUR,
  MIN,
  at,
  deferredIds,
  entry,
  ids,
  iso,
  makeSchedule,
  plan,
  settle,
  stateWith,
} from './helpers.js';
import type { Schedule } from '../../../src/schedules/types.js';

const id = (name: string, t: string, kind = 'schedule') => `${kind}:${name}@${iso(t)}#1`;

describe('budget and priorities', () => {
  const hourly = (name: string, priority: Schedule['priority']) =>
    makeSchedule({ name, cron: '0 * * * *', priority });
  const four = [
    hourly('d-low', 'low'),
    hourly('c-urgent', 'urgent'),
    hourly('b-medium', 'medium'),
    hourly('a-high', 'high'),
  ];
  const st = stateWith(Object.fromEntries(four.map((s) => [s.name, entry(s, '05:30')])));

  test('priority first (urgent < high < medium < low); the rest deferred, not claimed, cursor kept', () => {
    const p = plan(four, st, '06:02', { maxDispatches: 2 });
    assert.deepEqual(ids(p), [id('c-urgent', '06:00'), id('a-high', '06:00')]);
    assert.deepEqual(deferredIds(p), [id('b-medium', '06:00'), id('d-low', '06:00')]);
    assert.equal(p.state.schedules['d-low']!.cursor, iso('05:30'));
    assert.deepEqual(p.state.schedules['d-low']!.claims, []);
    assert.deepEqual(p.state.schedules['d-low']!.history, []);
    assert.equal(p.state.schedules['c-urgent']!.cursor, iso('06:00'));
    assert.deepEqual(p.nextDue, at('06:02'), 'something deferred: due now');

    // The next tick takes the deferred ones, in order; nothing is dispatched twice.
    const p2 = plan(four, settle(p), '06:07', { maxDispatches: 2 });
    assert.deepEqual(ids(p2), [id('b-medium', '06:00'), id('d-low', '06:00')]);
    assert.deepEqual(p2.deferred, []);
    assert.deepEqual(
      p2.dispatches.map((d) => d.lateMs),
      [7 * MIN, 7 * MIN],
    );
    const p3 = plan(four, settle(p2), '06:12', { maxDispatches: 2 });
    assert.deepEqual(ids(p3), []);
    assert.deepEqual(p3.nextDue, at('07:00'));
  });

  test('same priority: older first, then source name', () => {
    const a = makeSchedule({ name: 'a', cron: '30 5 * * *' });
    const b = makeSchedule({ name: 'b', cron: '0 6 * * *' });
    const c = makeSchedule({ name: 'c', cron: '0 6 * * *' });
    const s = stateWith({ a: entry(a, '05:00'), b: entry(b, '05:00'), c: entry(c, '05:00') });
    const p = plan([c, b, a], s, '06:05', { maxDispatches: 2 });
    assert.deepEqual(ids(p), [id('a', '05:30'), id('b', '06:00')]);
    assert.deepEqual(deferredIds(p), [id('c', '06:00')]);
  });

  test('catch-up all: part dispatched, part deferred; the deferred ones come next tick', () => {
    const s = makeSchedule({ cron: '*/10 * * * *', catchUp: 'all', catchUpWindowMs: HOUR });
    const p = plan([s], stateWith({ nightly: entry(s, '05:15') }), '06:01', { maxDispatches: 2 });
    assert.deepEqual(ids(p), [id('nightly', '05:20'), id('nightly', '05:30')]);
    assert.deepEqual(deferredIds(p), [
      id('nightly', '05:40'),
      id('nightly', '05:50'),
      id('nightly', '06:00'),
    ]);
    assert.equal(p.state.schedules.nightly!.cursor, iso('05:30'));
    const p2 = plan([s], settle(p), '06:06', { maxDispatches: 2 });
    assert.deepEqual(ids(p2), [id('nightly', '05:40'), id('nightly', '05:50')]);
    const p3 = plan([s], settle(p2), '06:11', { maxDispatches: 2 });
    assert.deepEqual(ids(p3), [id('nightly', '06:00'), id('nightly', '06:10')]);
    const p4 = plan([s], settle(p3), '06:12', { maxDispatches: 2 });
    assert.deepEqual(ids(p4), []);
  });

  test('a deferred occurrence that leaves the window meanwhile is skipped, not fired late', () => {
    const s = makeSchedule({ cron: '*/10 * * * *', catchUp: 'all', catchUpWindowMs: 15 * MIN });
    const p = plan([s], stateWith({ nightly: entry(s, '05:45') }), '06:01', { maxDispatches: 1 });
    assert.deepEqual(ids(p), [id('nightly', '05:50')]);
    assert.deepEqual(deferredIds(p), [id('nightly', '06:00')]);
    const p2 = plan([s], settle(p), '06:16', { maxDispatches: 5 });
    assert.deepEqual(ids(p2), [id('nightly', '06:10')]);
    assert.deepEqual(
      p2.skips.map((x) => [x.scheduledFor.toISOString(), x.count, x.reason]),
      [[iso('06:00'), 1, 'outside the catch-up window (15m)']],
    );
  });
});

describe('overlap', () => {
  const busy = {
    'schedule:nightly': [{ runId: 123, status: 'in_progress', url: 'https://x/runs/123' }],
  };
  const make = (overlap: Schedule['overlap']) => makeSchedule({ cron: '0 * * * *', overlap });
  const tick = (
    overlap: Schedule['overlap'],
    inFlight: Record<string, { runId: number; status: string }[]>,
  ) => {
    const s = make(overlap);
    return plan([s], stateWith({ nightly: entry(s, '05:30') }), '06:01', { inFlight });
  };

  test('skip: nothing dispatched, one skip naming the run, cursor advanced', () => {
    const p = tick('skip', busy);
    assert.deepEqual(ids(p), []);
    assert.deepEqual(p.skips, [
      {
        source: 'schedule:nightly',
        key: 'nightly',
        kind: 'schedule',
        bucket: 'schedules',
        scheduledFor: at('06:00'),
        count: 1,
        reason: 'previous run #123 still in_progress (overlap: skip)',
      },
    ]);
    assert.equal(p.state.schedules.nightly!.cursor, iso('06:00'));
    assert.equal(p.state.schedules.nightly!.history[0]!.outcome, 'skipped');
    assert.deepEqual(p.cancels, []);
  });

  test('skip: a queued previous run counts; a completed one does not; run-now runs count', () => {
    assert.equal(
      tick('skip', { 'schedule:nightly': [{ runId: 7, status: 'queued' }] }).skips[0]!.reason,
      'previous run #7 still queued (overlap: skip)',
    );
    assert.deepEqual(
      ids(tick('skip', { 'schedule:nightly': [{ runId: 7, status: 'completed' }] })),
      [id('nightly', '06:00')],
    );
    assert.deepEqual(ids(tick('skip', { 'schedule:other': [{ runId: 7, status: 'queued' }] })), [
      id('nightly', '06:00'),
    ]);
    assert.equal(
      tick('skip', { 'manual:nightly': [{ runId: 9, status: 'in_progress' }] }).skips[0]!.reason,
      'previous run #9 still in_progress (overlap: skip)',
    );
  });

  test('allow: dispatched, nothing cancelled', () => {
    const p = tick('allow', busy);
    assert.deepEqual(ids(p), [id('nightly', '06:00')]);
    assert.deepEqual(p.cancels, []);
    assert.deepEqual(p.skips, []);
  });

  test('cancel-previous: dispatched and the previous run cancelled', () => {
    const p = tick('cancel-previous', busy);
    assert.deepEqual(ids(p), [id('nightly', '06:00')]);
    assert.deepEqual(p.cancels, [
      { runId: 123, url: 'https://x/runs/123', source: 'schedule:nightly' },
    ]);
  });

  test('cancel-previous: nothing cancelled when the dispatch itself was deferred', () => {
    const s = make('cancel-previous');
    const other = makeSchedule({ name: 'other', cron: '0 * * * *', priority: 'urgent' });
    const p = plan(
      [s, other],
      stateWith({ nightly: entry(s, '05:30'), other: entry(other, '05:30') }),
      '06:01',
      {
        inFlight: busy,
        maxDispatches: 1,
      },
    );
    assert.deepEqual(ids(p), [id('other', '06:00')]);
    assert.deepEqual(p.cancels, []);
  });

  test('no in-flight information: everything dispatches', () => {
    assert.deepEqual(ids(tick('skip', {})), [id('nightly', '06:00')]);
  });
});

describe('run-now', () => {
  const s = makeSchedule({ cron: '0 6 * * *', priority: 'low', catchUp: 'latest' });
  const urgent = makeSchedule({ name: 'urgent', cron: '0 * * * *', priority: 'urgent' });
  const st = stateWith({ nightly: entry(s, '05:00', '05:00'), urgent: entry(urgent, '05:30') });

  test('fires manual:<name>@now#1 first, ignores overlap and catch-up, leaves the cron cursor', () => {
    const p = plan([s, urgent], st, '06:01:30', {
      runNow: 'nightly',
      inFlight: { 'schedule:nightly': [{ runId: 5, status: 'in_progress' }] },
    });
    assert.deepEqual(ids(p), ['manual:nightly@2026-03-09T06:01:30.000Z#1', id('urgent', '06:00')]);
    assert.deepEqual(p.dispatches[0]!.occurrence, {
      source: 'manual:nightly',
      key: 'nightly',
      kind: 'manual',
      scheduledFor: at('06:01:30'),
      attempt: 1,
      id: 'manual:nightly@2026-03-09T06:01:30.000Z#1',
    });
    assert.equal(p.dispatches[0]!.lateMs, 0);
    assert.equal(p.dispatches[0]!.bucket, 'schedules');
    // The 06:00 cron occurrence itself was skipped by overlap; run-now did not move the cursor past it.
    assert.equal(p.skips[0]!.reason, 'previous run #5 still in_progress (overlap: skip)');
    const e = p.state.schedules.nightly!;
    assert.equal(e.cursor, iso('06:00'));
    assert.deepEqual(
      e.claims.map((c) => c.id),
      ['manual:nightly@2026-03-09T06:01:30.000Z#1'],
    );
    assert.deepEqual(p.errors, []);
  });

  test('does not move the cursor: the cron occurrence still fires', () => {
    const p = plan([s], stateWith({ nightly: entry(s, '05:00') }), '06:01', { runNow: 'nightly' });
    assert.deepEqual(ids(p), ['manual:nightly@2026-03-09T06:01:00.000Z#1', id('nightly', '06:00')]);
    const p0 = plan([s], stateWith({ nightly: entry(s, '05:00') }), '05:30', { runNow: 'nightly' });
    assert.equal(p0.state.schedules.nightly!.cursor, iso('05:00'));
  });

  test('takes a budget slot, ahead of everything; never deferred', () => {
    const p = plan([s, urgent], st, '06:01', { runNow: 'nightly', maxDispatches: 1 });
    assert.deepEqual(ids(p), ['manual:nightly@2026-03-09T06:01:00.000Z#1']);
    assert.deepEqual(deferredIds(p), [id('urgent', '06:00'), id('nightly', '06:00')]);
    const p0 = plan([s], st, '06:01', { runNow: 'nightly', maxDispatches: 0 });
    assert.deepEqual(ids(p0), ['manual:nightly@2026-03-09T06:01:00.000Z#1']);
  });

  test('a re-planned tick (same now, claim already written) does not fire it twice', () => {
    const p = plan([s], st, '06:01', { runNow: 'nightly' });
    const again = plan([s], p.state, '06:01', { runNow: 'nightly' });
    assert.deepEqual(ids(again), []);
    const recorded = plan([s], settle(p), '06:01', { runNow: 'nightly' });
    assert.deepEqual(ids(recorded), []);
  });

  test('unknown, invalid and unloadable names are errors; nothing dispatched', () => {
    const unknown = plan([s], st, '05:30', { runNow: 'nope' });
    assert.deepEqual(ids(unknown), []);
    assert.deepEqual(unknown.errors, [
      'run-now: no valid schedule named "nope"; nothing dispatched',
    ]);
    const bad = plan([s], st, '05:30', { runNow: '../Nightly' });
    assert.deepEqual(bad.errors, [
      'run-now: "../Nightly" is not a schedule name (names match [a-z0-9][a-z0-9._-]*); nothing dispatched',
    ]);
    const broken = plan([s], st, '05:30', { runNow: 'broken', keepKeys: ['broken'] });
    assert.deepEqual(broken.errors, [
      'run-now: schedule "broken" could not be loaded this tick (see its errors); nothing dispatched',
    ]);
    assert.deepEqual(ids(broken), []);
  });

  test('works for a schedule seen for the first time, and for a disabled one', () => {
    const fresh = plan([s], stateWith({}), '05:30', { runNow: 'nightly' });
    assert.deepEqual(ids(fresh), ['manual:nightly@2026-03-09T05:30:00.000Z#1']);
    assert.equal(fresh.state.schedules.nightly!.claims.length, 1);
    const paused = makeSchedule({ ...s, enabled: false, fingerprint: undefined });
    assert.deepEqual(ids(plan([paused], st, '05:30', { runNow: 'nightly' })), [
      'manual:nightly@2026-03-09T05:30:00.000Z#1',
    ]);
  });
});

describe('claims', () => {
  test('every dispatch gets a claim with the checker and the lease', () => {
    const s = makeSchedule({ cron: '*/30 * * * *', catchUp: 'all' });
    const p = plan([s], stateWith({ nightly: entry(s, '05:00') }), '06:00', {
      claimTtlMs: 5 * MIN,
      checker: '77.2',
    });
    assert.deepEqual(p.state.schedules.nightly!.claims, [
      {
        id: id('nightly', '05:30'),
        scheduledFor: iso('05:30'),
        attempt: 1,
        checker: '77.2',
        claimedAt: iso('06:00'),
        expiresAt: iso('06:05'),
      },
      {
        id: id('nightly', '06:00'),
        scheduledFor: iso('06:00'),
        attempt: 1,
        checker: '77.2',
        claimedAt: iso('06:00'),
        expiresAt: iso('06:05'),
      },
    ]);
    assert.equal(p.state.updatedBy, '77.2');
    assert.equal(p.state.updatedAt, iso('06:00'));
  });

  test('expired claims are listed for resolution, never re-dispatched; live ones are not listed', () => {
    const s = makeSchedule({ cron: '0 * * * *' });
    const stale = {
      id: id('nightly', '05:00'),
      scheduledFor: iso('05:00'),
      attempt: 1,
      checker: '1.1',
      claimedAt: iso('05:01'),
      expiresAt: iso('05:11'),
    };
    const live = {
      id: id('nightly', '06:00'),
      scheduledFor: iso('06:00'),
      attempt: 1,
      checker: '2.1',
      claimedAt: iso('06:01'),
      expiresAt: iso('06:11'),
    };
    const st = stateWith({ nightly: entry(s, '04:00', '06:00', { claims: [stale, live] }) });
    const p = plan([s], st, '06:05');
    assert.deepEqual(ids(p), []);
    assert.deepEqual(p.staleClaims, [{ bucket: 'schedules', key: 'nightly', claim: stale }]);
    assert.equal(p.changed, false);
    assert.deepEqual(
      p.state.schedules.nightly!.claims,
      [stale, live],
      'planTick leaves claims alone',
    );
    const ended = plan([s], st, '06:05', { endedCheckers: ['2.1'] });
    assert.deepEqual(
      ended.staleClaims.map((c) => c.claim.id),
      [stale.id, live.id],
    );
    const expiredExactly = plan([s], st, '06:11');
    assert.equal(expiredExactly.staleClaims.length, 2);
  });
});

describe('removed schedules and buckets', () => {
  const s = makeSchedule({ name: 'kept', cron: '0 * * * *' });
  const gone = makeSchedule({ name: 'gone' });
  const broken = makeSchedule({ name: 'broken' });
  const claimed = makeSchedule({ name: 'claimed' });
  const claim = {
    id: id('claimed', '06:00'),
    scheduledFor: iso('06:00'),
    attempt: 1,
    checker: '1.1',
    claimedAt: iso('06:01'),
    expiresAt: iso('06:11'),
  };
  const issue = {
    fingerprint: 'x',
    since: iso('01:00'),
    cursor: iso('01:00'),
    claims: [],
    history: [],
  };
  const st = stateWith(
    {
      kept: entry(s, '05:00', '06:00'),
      gone: entry(gone, '01:00'),
      broken: entry(broken, '01:00'),
      claimed: entry(claimed, '01:00', '06:00', { claims: [claim] }),
    },
    { '42': issue },
  );

  test('a schedule without file is dropped unless kept or holding a claim; issues untouched', () => {
    const p = plan([s], st, '06:05', { keepKeys: ['broken'], buckets: ['schedules'] });
    assert.deepEqual(Object.keys(p.state.schedules).sort(), ['broken', 'claimed', 'kept']);
    assert.deepEqual(p.removed, ['schedule:gone']);
    assert.deepEqual(p.state.issues, { '42': issue });
    assert.equal(p.changed, true);
    assert.deepEqual(p.state.schedules.broken, st.schedules.broken);
  });

  test('keepKeys per bucket; an issues bucket planned completely drops its stale entries', () => {
    const p = plan([s], st, '06:05', {
      keepKeys: { schedules: ['broken', 'gone'] },
      buckets: ['schedules', 'issues'],
    });
    assert.deepEqual(p.removed, ['issue:42']);
    assert.deepEqual(p.state.issues, {});
    assert.deepEqual(Object.keys(p.state.schedules).sort(), ['broken', 'claimed', 'gone', 'kept']);
  });
});

describe('changed, bookkeeping and purity', () => {
  const s = makeSchedule({ cron: '0 * * * *' });
  const st = stateWith({ nightly: entry(s, '05:00', '06:00') });

  test('a quiet tick changes nothing but bookkeeping', () => {
    const p = plan([s], st, '06:30');
    assert.equal(p.changed, false);
    assert.deepEqual(
      { ...p.state, updatedAt: '', updatedBy: '' },
      { ...st, updatedAt: '', updatedBy: '' },
    );
    assert.equal(p.state.updatedAt, iso('06:30'));
    assert.equal(p.state.updatedBy, CHECKER);
    assert.deepEqual(p.nextDue, at('07:00'));
  });

  test('the input state is never mutated', () => {
    const other = makeSchedule({ name: 'other', cron: '*/5 * * * *', catchUp: 'all' });
    const input = stateWith({
      nightly: entry(s, '00:00', '03:00', {
        history: [
          {
            id: id('nightly', '03:00'),
            scheduledFor: iso('03:00'),
            attempt: 1,
            outcome: 'dispatched',
            at: iso('03:00'),
          },
        ],
      }),
      gone: entry(s, '00:00'),
      other: entry(makeSchedule({ name: 'other', cron: '1 * * * *' }), '00:00'),
    });
    const snapshot = JSON.stringify(input);
    const frozen = structuredClone(input);
    deepFreezeAll(frozen);
    const p = plan([s, other], frozen, '06:05', { runNow: 'nightly', historyLimit: 1 });
    assert.ok(
      p.dispatches.length > 1 && p.skips.length > 0 && p.removed.length > 0 && p.started.length > 0,
    );
    assert.equal(JSON.stringify(frozen), snapshot);
    assert.notEqual(p.state.schedules.nightly, frozen.schedules.nightly);
  });

  test('history is bounded, newest first', () => {
    const history = Array.from({ length: 20 }, (_, i) => ({
      id: `schedule:nightly@2026-03-08T${String(23 - i).padStart(2, '0')}:00:00.000Z#1`,
      scheduledFor: `2026-03-08T${String(23 - i).padStart(2, '0')}:00:00.000Z`,
      attempt: 1,
      outcome: 'dispatched' as const,
      at: `2026-03-08T${String(23 - i).padStart(2, '0')}:00:00.000Z`,
    }));
    const st2 = stateWith({ nightly: entry(s, '00:00', '00:00', { history }) });
    const p = plan([s], st2, '06:30', { historyLimit: 20 });
    const h = p.state.schedules.nightly!.history;
    assert.equal(h.length, 20);
    assert.deepEqual(
      h.slice(0, 2).map((r) => [r.id, r.count]),
      [
        [id('nightly', '05:00'), 5],
        [history[0]!.id, undefined],
      ],
    );
    assert.equal(h.at(-1)!.id, history[18]!.id);
    const after = settle(p, 20).schedules.nightly!.history;
    assert.equal(after.length, 20);
    assert.equal(after[0]!.id, id('nightly', '06:00'));
    assert.equal(after[0]!.outcome, 'dispatched');
    assert.equal(settle(p, 3).schedules.nightly!.history.length, 3);
    const small = plan([s], st2, '06:30', { historyLimit: 5 });
    assert.equal(small.state.schedules.nightly!.history.length, 5);
  });
});

describe('nextDue and upcoming', () => {
  test('the earliest future occurrence across schedules; upcoming merges them ascending', () => {
    const a = makeSchedule({ name: 'a', cron: '*/20 * * * *' });
    const b = makeSchedule({ name: 'b', cron: '15 * * * *' });
    const c = makeSchedule({ name: 'c', cron: '0 12 * * *' });
    const off = makeSchedule({ name: 'off', cron: '* * * * *', enabled: false });
    const st = stateWith({
      a: entry(a, '06:00'),
      b: entry(b, '06:00'),
      c: entry(c, '06:00'),
      off: entry(off, '06:00'),
    });
    const p = plan([a, b, c, off], st, '06:05', { upcomingCount: 8 });
    assert.deepEqual(p.nextDue, at('06:15'));
    assert.deepEqual(
      p.upcoming.map((u) => `${u.source} ${u.at.toISOString().slice(11, 16)}`),
      [
        'schedule:b 06:15',
        'schedule:a 06:20',
        'schedule:a 06:40',
        'schedule:a 07:00',
        'schedule:b 07:15',
        'schedule:a 07:20',
        'schedule:a 07:40',
        'schedule:a 08:00',
      ],
    );
    assert.equal(plan([a, b, c], st, '06:05').upcoming.length, 10);
    assert.deepEqual(plan([], stateWith({}), '06:05').nextDue, null);
  });

  test('ties are ordered by source', () => {
    const x = makeSchedule({ name: 'x', cron: '0 7 * * *' });
    const y = makeSchedule({ name: 'y', cron: '0 7 * * *' });
    const p = plan([y, x], stateWith({ x: entry(x, '06:00'), y: entry(y, '06:00') }), '06:05', {
      upcomingCount: 3,
    });
    assert.deepEqual(
      p.upcoming.map((u) => [u.source, u.key, u.at.toISOString()]),
      [
        ['schedule:x', 'x', '2026-03-09T07:00:00.000Z'],
        ['schedule:y', 'y', '2026-03-09T07:00:00.000Z'],
        ['schedule:x', 'x', '2026-03-10T07:00:00.000Z'],
      ],
    );
  });
});

describe('long outages stay cheap and honest', () => {
  test('a month down on * * * * *: one capped skip for the old ones, latest fires', () => {
    const s = makeSchedule({ cron: '* * * * *', catchUpWindowMs: HOUR });
    const st = stateWith({ nightly: entry(s, '2026-02-01T00:00:00Z') });
    const started = performance.now();
    const p = plan([s], st, '06:00:30');
    const ms = performance.now() - started;
    assert.deepEqual(ids(p), [id('nightly', '06:00')]);
    assert.deepEqual(
      p.skips.map((x) => [
        x.scheduledFor.toISOString(),
        x.count,
        x.countIsLowerBound ?? false,
        x.reason,
      ]),
      [
        [iso('05:00'), 1001, true, 'outside the catch-up window (1h)'],
        [iso('05:59'), 59, false, 'superseded (catch-up: latest)'],
      ],
    );
    assert.equal(p.state.schedules.nightly!.cursor, iso('06:00'));
    assert.ok(ms < 5000, `took ${ms} ms`);
    const next = plan([s], settle(p), '06:01:30');
    assert.deepEqual(ids(next), [id('nightly', '06:01')]);
    assert.deepEqual(next.skips, []);
  });

  test('more due inside the window than the planner enumerates: the newest is still exact', () => {
    const s = makeSchedule({ cron: '* * * * *', catchUpWindowMs: 2 * DAY, catchUp: 'latest' });
    const p = plan([s], stateWith({ nightly: entry(s, '2026-03-07T06:00:00Z') }), '06:00:30');
    assert.deepEqual(ids(p), [id('nightly', '06:00')]);
    assert.deepEqual(
      p.skips.map((x) => [x.scheduledFor.toISOString(), x.count, x.countIsLowerBound ?? false]),
      [[iso('05:59'), 1000, true]],
    );
  });

  test('none after a long outage records the misses and fires nothing', () => {
    const s = makeSchedule({ cron: '0 * * * *', catchUpWindowMs: DAY, catchUp: 'none' });
    const p = plan([s], stateWith({ nightly: entry(s, '2026-03-01T00:00:00Z') }), '06:30');
    assert.deepEqual(ids(p), []);
    assert.deepEqual(
      p.skips.map((x) => [x.scheduledFor.toISOString(), x.count, x.reason]),
      [
        [iso('2026-03-08T06:00:00Z'), 7 * 24 + 6, 'outside the catch-up window (1d)'],
        [iso('06:00'), 24, 'missed (catch-up: none)'],
      ],
    );
  });
});

function deepFreezeAll(value: unknown): void {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreezeAll(v);
    Object.freeze(value);
  }
}

describe('a hand-edited state', () => {
  const s = makeSchedule({ cron: '0 * * * *', catchUp: 'all', catchUpWindowMs: 3 * HOUR });

  test('a cursor moved back never re-dispatches what is claimed or recorded', () => {
    const p1 = plan([s], stateWith({ nightly: entry(s, '04:30') }), '06:01');
    assert.deepEqual(ids(p1), [id('nightly', '05:00'), id('nightly', '06:00')]);
    const settled = settle(p1);
    const edited = structuredClone(settled);
    edited.schedules.nightly!.cursor = iso('04:30');
    assert.deepEqual(ids(plan([s], edited, '06:02')), []);
    const claimedOnly = structuredClone(p1.state);
    claimedOnly.schedules.nightly!.cursor = iso('04:30');
    assert.deepEqual(ids(plan([s], claimedOnly, '06:02')), []);
  });

  test('an unreadable cursor falls back to since; an unreadable since restarts from now', () => {
    const bad = stateWith({ nightly: { ...entry(s, '05:30'), cursor: 'yesterday' } });
    const p = plan([s], bad, '06:01');
    assert.deepEqual(ids(p), [id('nightly', '06:00')]);
    const worse = stateWith({ nightly: { ...entry(s, '05:30'), since: 'never', cursor: 'never' } });
    const p2 = plan([s], worse, '06:01');
    assert.deepEqual(ids(p2), []);
    assert.equal(p2.state.schedules.nightly!.since, iso('06:01'));
  });

  test('an empty run-now is no request; a NaN budget dispatches nothing', () => {
    const st = stateWith({ nightly: entry(s, '05:30') });
    assert.deepEqual(plan([s], st, '06:01', { runNow: '  ' }).errors, []);
    const p = plan([s], st, '06:01', { maxDispatches: Number.NaN });
    assert.deepEqual(ids(p), []);
    assert.deepEqual(deferredIds(p), [id('nightly', '06:00')]);
  });
});
