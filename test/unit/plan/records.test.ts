import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  recordDispatchResults,
  resolveStaleClaim,
  RUN_NOT_FOUND_REASON,
} from '../../../src/plan/records.js';
import { occurrenceId, parseOccurrenceId } from '../../../src/plan/occurrence.js';
import { at, deepFreeze, entry, iso, makeSchedule, stateWith } from './helpers.js';

const s = makeSchedule({ cron: '0 * * * *' });
const claimFor = (t: string, checker = '5.1') => ({
  id: `schedule:nightly@${iso(t)}#1`,
  scheduledFor: iso(t),
  attempt: 1,
  checker,
  claimedAt: iso('06:01'),
  expiresAt: iso('06:11'),
});
const old = {
  id: `schedule:nightly@${iso('04:00')}#1`,
  scheduledFor: iso('04:00'),
  attempt: 1,
  outcome: 'dispatched' as const,
  at: iso('04:00'),
};

describe('occurrence ids', () => {
  test('format and round trip', () => {
    const id = occurrenceId('schedule:nightly', at('06:00'), 1);
    assert.equal(id, 'schedule:nightly@2026-03-09T06:00:00.000Z#1');
    assert.deepEqual(parseOccurrenceId(id), {
      source: 'schedule:nightly',
      scheduledFor: at('06:00'),
      attempt: 1,
    });
    assert.deepEqual(parseOccurrenceId('issue:42@2026-03-09T06:00:00.123Z#3'), {
      source: 'issue:42',
      scheduledFor: new Date('2026-03-09T06:00:00.123Z'),
      attempt: 3,
    });
    for (const bad of [
      '',
      'schedule:x',
      'schedule:x@2026-03-09T06:00:00Z#1',
      'schedule:x@2026-03-09T06:00:00.000Z#0',
      '@2026-03-09T06:00:00.000Z#1',
    ]) {
      assert.equal(parseOccurrenceId(bad), null, bad);
    }
  });
});

describe('recordDispatchResults', () => {
  const st = deepFreeze(
    stateWith({
      nightly: entry(s, '00:00', '06:00', {
        claims: [claimFor('05:00'), claimFor('06:00')],
        history: [old],
      }),
    }),
  );

  test('removes each claim and records dispatched / dispatch-failed, newest first', () => {
    const out = recordDispatchResults(
      st,
      [
        {
          occurrenceId: claimFor('05:00').id,
          key: 'nightly',
          bucket: 'schedules',
          ok: true,
          runId: 11,
          runUrl: 'https://r/11',
          dispatchedAt: at('06:01:02'),
          lateMs: 61 * 60_000,
        },
        {
          occurrenceId: claimFor('06:00').id,
          key: 'nightly',
          bucket: 'schedules',
          ok: false,
          error: 'HTTP 422: workflow not found',
          dispatchedAt: at('06:01:03'),
          lateMs: 60_000,
        },
      ],
      20,
    );
    const e = out.schedules.nightly!;
    assert.deepEqual(e.claims, []);
    assert.deepEqual(e.history, [
      {
        id: claimFor('06:00').id,
        scheduledFor: iso('06:00'),
        attempt: 1,
        outcome: 'dispatch-failed',
        at: iso('06:01:03'),
        lateMs: 60_000,
        reason: 'HTTP 422: workflow not found',
      },
      {
        id: claimFor('05:00').id,
        scheduledFor: iso('05:00'),
        attempt: 1,
        outcome: 'dispatched',
        at: iso('06:01:02'),
        lateMs: 61 * 60_000,
        runId: 11,
        runUrl: 'https://r/11',
      },
      old,
    ]);
    assert.equal(e.cursor, iso('06:00'));
    assert.equal(st.schedules.nightly!.claims.length, 2, 'input untouched');
  });

  test('recording twice replaces; an unknown entry is ignored; history is bounded', () => {
    const r = {
      occurrenceId: claimFor('05:00').id,
      key: 'nightly',
      bucket: 'schedules' as const,
      ok: true,
      runId: 11,
      dispatchedAt: at('06:01'),
      lateMs: 0,
    };
    const once = recordDispatchResults(st, [r], 20);
    const twice = recordDispatchResults(once, [{ ...r, runId: 12 }], 20);
    assert.deepEqual(
      twice.schedules.nightly!.history.map((h) => [h.id, h.runId]),
      [
        [claimFor('05:00').id, 12],
        [old.id, undefined],
      ],
    );
    const ghost = recordDispatchResults(st, [{ ...r, key: 'ghost' }], 20);
    assert.deepEqual(ghost, st);
    assert.deepEqual(
      recordDispatchResults(st, [r], 1).schedules.nightly!.history.map((h) => h.id),
      [r.occurrenceId],
    );
  });

  test('a result without a claim (already resolved) is still recorded from its id', () => {
    const r = {
      occurrenceId: 'schedule:nightly@2026-03-09T03:00:00.000Z#2',
      key: 'nightly',
      bucket: 'schedules' as const,
      ok: true,
      dispatchedAt: at('06:01'),
      lateMs: 5,
    };
    const out = recordDispatchResults(st, [r], 20);
    assert.deepEqual(out.schedules.nightly!.history[0], {
      id: r.occurrenceId,
      scheduledFor: iso('03:00'),
      attempt: 2,
      outcome: 'dispatched',
      at: iso('06:01'),
      lateMs: 5,
    });
    assert.equal(out.schedules.nightly!.claims.length, 2);
  });
});

describe('resolveStaleClaim', () => {
  const st = deepFreeze(
    stateWith({
      nightly: entry(s, '00:00', '06:00', {
        claims: [claimFor('05:00'), claimFor('06:00')],
        history: [old],
      }),
    }),
  );

  test('run found: recorded as dispatched with the run', () => {
    const out = resolveStaleClaim(
      st,
      'schedules',
      'nightly',
      claimFor('05:00').id,
      { found: { runId: 77, runUrl: 'https://r/77' } },
      at('06:20'),
    );
    assert.deepEqual(out.schedules.nightly!.claims, [claimFor('06:00')]);
    assert.deepEqual(out.schedules.nightly!.history[0], {
      id: claimFor('05:00').id,
      scheduledFor: iso('05:00'),
      attempt: 1,
      outcome: 'dispatched',
      at: iso('06:20'),
      runId: 77,
      runUrl: 'https://r/77',
      lateMs: 61 * 60_000,
    });
  });

  test('run not found: dispatch-failed with the reason', () => {
    const out = resolveStaleClaim(
      st,
      'schedules',
      'nightly',
      claimFor('06:00').id,
      { found: null },
      at('06:20'),
      1,
    );
    assert.deepEqual(out.schedules.nightly!.history, [
      {
        id: claimFor('06:00').id,
        scheduledFor: iso('06:00'),
        attempt: 1,
        outcome: 'dispatch-failed',
        at: iso('06:20'),
        reason: RUN_NOT_FOUND_REASON,
      },
    ]);
    assert.equal(RUN_NOT_FOUND_REASON, 'checker died before dispatching; run not found');
  });

  test('unknown claim or entry: nothing changes', () => {
    assert.deepEqual(
      resolveStaleClaim(st, 'schedules', 'nightly', 'nope', { found: null }, at('06:20')),
      st,
    );
    assert.deepEqual(
      resolveStaleClaim(
        st,
        'issues',
        'nightly',
        claimFor('06:00').id,
        { found: null },
        at('06:20'),
      ),
      st,
    );
  });
});
