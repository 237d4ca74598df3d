/**
 * The relay lease, decided purely: who becomes the relay, when a follower takes over, and that
 * only the holder can hand over.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRelay, describeLease, handOver, holderToCheck } from '../../../src/relay/lease.js';
import type { RelayLease } from '../../../src/state/document.js';
import { parseState, serializeState, emptyState } from '../../../src/state/document.js';

const MIN = 60_000;
const T0 = new Date('2026-11-24T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const base = { windowMs: 30 * MIN, ttlMs: 10 * MIN };

function heldBy(holder: string, minutes = 0): RelayLease {
  const d = decideRelay({ ...base, lease: undefined, checker: holder, now: at(minutes) });
  assert.equal(d.role, 'relay');
  return d.lease;
}

test('no lease: the first checker starts the chain; the lease covers window + ttl', () => {
  const d = decideRelay({ ...base, lease: undefined, checker: '100.1', now: T0 });
  assert.equal(d.role, 'relay');
  if (d.role !== 'relay') return;
  assert.equal(d.kind, 'start');
  assert.deepEqual(d.lease, {
    holder: '100.1',
    since: '2026-11-24T10:00:00.000Z',
    expiresAt: '2026-11-24T10:40:00.000Z',
    chainSince: '2026-11-24T10:00:00.000Z',
    handovers: 0,
  });
});

test('a live lease held by another checker makes a follower', () => {
  const lease = heldBy('100.1');
  const d = decideRelay({ ...base, lease, checker: '200.1', now: at(12) });
  assert.equal(d.role, 'follower');
  if (d.role === 'follower') {
    assert.equal(d.holder, '100.1');
    assert.match(d.reason, /relay 100\.1 holds the lease until 2026-11-24T10:40:00\.000Z/);
  }
  // …up to the last millisecond of the lease.
  assert.equal(
    decideRelay({
      ...base,
      lease,
      checker: '200.1',
      now: new Date(Date.parse(lease.expiresAt) - 1),
    }).role,
    'follower',
  );
});

test('an expired lease, or a holder known to have ended, is restarted by the next checker', () => {
  const lease = heldBy('100.1');
  const expired = decideRelay({ ...base, lease, checker: '200.1', now: at(40) });
  assert.equal(expired.role, 'relay');
  if (expired.role === 'relay') {
    assert.equal(expired.kind, 'restart');
    assert.match(expired.reason, /lease of relay 100\.1 expired/);
    assert.equal(expired.lease.chainSince, at(40).toISOString(), 'a restart begins a new chain');
    assert.equal(expired.lease.handovers, 0);
    assert.equal(expired.lease.restartReason, expired.reason);
  }
  const ended = decideRelay({ ...base, lease, checker: '200.1', now: at(5), holderEnded: true });
  assert.equal(ended.role, 'relay');
  if (ended.role === 'relay') assert.match(ended.reason, /ended without handing over/);
  // A re-run of the relay's own job: the earlier attempt has ended.
  const rerun = decideRelay({ ...base, lease, checker: '100.2', now: at(5) });
  assert.equal(rerun.role, 'relay');
  if (rerun.role === 'relay') assert.equal(rerun.kind, 'restart');
});

test('handover: only the holder hands over; the first relay checker after it takes the lease', () => {
  const lease = heldBy('100.1');
  assert.deepEqual(handOver(lease, '200.1', at(30), base.ttlMs), {
    ok: false,
    reason: 'the lease is held by relay 100.1 now',
  });
  assert.equal(handOver(undefined, '100.1', at(30), base.ttlMs).ok, false);
  const handed = handOver(lease, '100.1', at(30), base.ttlMs);
  assert.ok(handed.ok);
  if (!handed.ok) return;
  assert.equal(handed.lease.holder, undefined);
  assert.equal(handed.lease.handedOverBy, '100.1');
  assert.equal(handed.lease.expiresAt, at(40).toISOString());
  // Handing over twice is refused: the lease is no longer held.
  assert.equal(handOver(handed.lease, '100.1', at(31), base.ttlMs).ok, false);

  const successor = decideRelay({ ...base, lease: handed.lease, checker: '300.1', now: at(30.5) });
  assert.equal(successor.role, 'relay');
  if (successor.role !== 'relay') return;
  assert.equal(successor.kind, 'handover');
  assert.equal(successor.lease.handovers, 1);
  assert.equal(successor.lease.lastGapMs, 30_000, 'the gap: handover → taken');
  assert.equal(successor.lease.chainSince, lease.chainSince, 'the chain continues');
  // Whoever comes second follows.
  const late = decideRelay({ ...base, lease: successor.lease, checker: '400.1', now: at(31) });
  assert.equal(late.role, 'follower');
});

test('a handover nobody takes expires into a restart', () => {
  const handed = handOver(heldBy('100.1'), '100.1', at(30), base.ttlMs);
  assert.ok(handed.ok);
  if (!handed.ok) return;
  const d = decideRelay({ ...base, lease: handed.lease, checker: '500.1', now: at(41) });
  assert.equal(d.role, 'relay');
  if (d.role === 'relay') {
    assert.equal(d.kind, 'restart');
    assert.match(d.reason, /no successor took the lease before it expired/);
  }
});

test('the same checker renews without counting a handover', () => {
  const lease = heldBy('100.1');
  const d = decideRelay({ ...base, lease, checker: '100.1', now: at(3) });
  assert.equal(d.role, 'relay');
  if (d.role !== 'relay') return;
  assert.equal(d.kind, 'renew');
  assert.equal(d.lease.handovers, 0);
  assert.equal(d.lease.since, lease.since);
  assert.equal(d.lease.expiresAt, at(43).toISOString());
});

test('holderToCheck asks about a live lease held by another run only', () => {
  const lease = heldBy('100.1');
  assert.equal(holderToCheck(lease, '200.1', at(5)), 100);
  assert.equal(holderToCheck(lease, '100.1', at(5)), undefined, 'itself');
  assert.equal(holderToCheck(lease, '100.2', at(5)), undefined, 'an earlier attempt: ended anyway');
  assert.equal(holderToCheck(lease, '200.1', at(45)), undefined, 'expired anyway');
  assert.equal(holderToCheck({ ...lease, holder: 'local.1' }, '200.1', at(5)), undefined);
  const handed = handOver(lease, '100.1', at(30), base.ttlMs);
  assert.ok(handed.ok);
  if (handed.ok) assert.equal(holderToCheck(handed.lease, '200.1', at(31)), undefined);
});

test('describeLease says who holds it, until when, and whether it is broken', () => {
  const lease = heldBy('100.1');
  assert.equal(
    describeLease(lease, at(1)),
    'relay 100.1 holds the lease until 2026-11-24 10:40 UTC (chain since 2026-11-24 10:00 UTC, 0 handovers)',
  );
  assert.match(describeLease(lease, at(41)), /^broken — relay 100\.1/);
  assert.equal(describeLease(undefined, at(1)), 'no relay is running');
});

test('the lease survives state.json round trips; a garbled one is dropped, never fatal', () => {
  const doc = { ...emptyState(), relay: heldBy('100.1') };
  assert.deepEqual(parseState(serializeState(doc)).relay, doc.relay);
  const garbled = JSON.stringify({ version: 1, relay: { holder: 7, since: 'never' } });
  assert.equal(parseState(garbled).relay, undefined);
  const hostile = JSON.stringify({
    version: 1,
    relay: {
      since: T0.toISOString(),
      expiresAt: at(5).toISOString(),
      handovers: -3,
      __proto__: { x: 1 },
    },
  });
  const parsed = parseState(hostile).relay;
  assert.equal(parsed?.handovers, 0);
  assert.equal(parsed?.holder, undefined);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});
