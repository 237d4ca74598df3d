/**
 * The relay's wait (tickWithLookahead with a lease): it stays to the window's end, ticks at due
 * seconds and at least every RELAY_POLL_MS, pauses after errors, and stops when the lease is
 * lost. Virtual clock: nothing sleeps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { virtualClock } from '../../../src/clock.js';
import { RELAY_ERROR_PAUSE_MS, RELAY_POLL_MS, tickWithLookahead } from '../../../src/lookahead.js';
import type { TickOutcome } from '../../../src/report/outcome.js';

const MIN = 60_000;
const T0 = Date.parse('2026-11-24T10:00:00Z');

function fakeTick(opts: {
  nextDue?: (now: number) => number | null;
  errorsAt?: (now: number, pass: number) => boolean;
  holder?: (pass: number) => string;
}) {
  const times: number[] = [];
  const tickAt = async (now: Date): Promise<TickOutcome> => {
    const t = now.getTime();
    times.push(t);
    const next = opts.nextDue?.(t) ?? null;
    return {
      now,
      dryRun: false,
      mode: 'tick',
      plan: { nextDue: next === null ? null : new Date(next), skips: [] },
      dispatched: [],
      configErrors: [],
      runtimeErrors: opts.errorsAt?.(t, times.length) ? ['boom'] : [],
      notes: [],
      commits: [],
      stateBranch: 's',
      untrusted: [],
      comments: 0,
      relayLease: {
        holder: opts.holder?.(times.length) ?? '1.1',
        since: '',
        expiresAt: '',
        chainSince: '',
        handovers: 0,
      },
    } as unknown as TickOutcome;
  };
  return { times, tickAt };
}

const minutes = (times: number[]) => times.map((t) => (t - T0) / MIN);
const holds = { holdsLease: (o: TickOutcome) => o.relayLease?.holder === '1.1' };

test('a relay with nothing due polls every 2 minutes and stays to the end of its window', async () => {
  const clock = virtualClock(new Date(T0));
  const { times, tickAt } = fakeTick({});
  const r = await tickWithLookahead(10 * MIN, clock, tickAt, () => {}, holds);
  assert.equal(RELAY_POLL_MS, 2 * MIN);
  assert.deepEqual(minutes(times), [0, 2, 4, 6, 8, 10]);
  assert.equal(clock.now().getTime(), T0 + 10 * MIN, 'it leaves at the window end, not before');
  assert.equal(r.leaseLost, undefined);
});

test('without relay, lookahead with nothing due ends at once', async () => {
  const clock = virtualClock(new Date(T0));
  const { times, tickAt } = fakeTick({});
  await tickWithLookahead(10 * MIN, clock, tickAt, () => {});
  assert.deepEqual(minutes(times), [0]);
  assert.equal(clock.now().getTime(), T0);
});

test('due seconds inside the window are ticked at exactly, between polls', async () => {
  const clock = virtualClock(new Date(T0));
  // Due at :03:30 and :07:15, then nothing.
  const dues = [T0 + 3.5 * MIN, T0 + 7.25 * MIN];
  const { times, tickAt } = fakeTick({ nextDue: (t) => dues.find((d) => d > t) ?? null });
  await tickWithLookahead(9 * MIN, clock, tickAt, () => {}, holds);
  assert.deepEqual(minutes(times), [0, 2, 3.5, 5.5, 7.25]); // the next poll, 9.25, is past the end
  assert.equal(clock.now().getTime(), T0 + 9 * MIN);
});

test('after a pass with errors the relay pauses a minute, however soon the next due is', async () => {
  const clock = virtualClock(new Date(T0));
  const { times, tickAt } = fakeTick({
    nextDue: (t) => t, // e.g. a deferral: due now again
    errorsAt: (_t, pass) => pass <= 2,
  });
  await tickWithLookahead(3 * MIN, clock, tickAt, () => {}, holds);
  assert.equal(RELAY_ERROR_PAUSE_MS, MIN);
  // Two error passes one minute apart; then due-now passes are bounded by the pass cap.
  assert.deepEqual(minutes(times).slice(0, 3), [0, 1, 2]);
  assert.ok(times.length <= 30 + 3 + 2, `bounded passes: ${times.length}`);
});

test('a relay that finds its lease taken stops at once and reports it', async () => {
  const clock = virtualClock(new Date(T0));
  const { times, tickAt } = fakeTick({ holder: (pass) => (pass >= 3 ? '2.1' : '1.1') });
  const logs: string[] = [];
  const r = await tickWithLookahead(10 * MIN, clock, tickAt, (m) => logs.push(m), holds);
  assert.deepEqual(minutes(times), [0, 2, 4]);
  assert.equal(r.leaseLost, true);
  assert.equal(clock.now().getTime(), T0 + 4 * MIN, 'no wait to the window end');
  assert.ok(logs.some((l) => /no longer holds the lease/.test(l)));
});
