/**
 * The relay lease, decided purely (action input `relay`, issue 4 item 8). A relay is a checker
 * that waits in its job through its `lookahead` window, firing occurrences at their second, and
 * then dispatches its own successor. The lease on the state branch says which checker is the
 * relay; every change to it is a compare-and-swap commit, so two checkers can never both hold
 * it — whoever loses the swap re-reads and finds the lease taken.
 *
 * Life of a lease:
 *   (none) ──take──▶ held by A ──handOver──▶ handed over ──take──▶ held by B ─▶ …
 *                        │                        │
 *                        └── expires / A ended ───┴──▶ any relay checker may take it (a restart)
 *
 * A handover names no successor: the first relay checker to take the lease after it wins,
 * whether it is the run A dispatched or a cron-started checker; the other then ticks once and
 * leaves. Either way one relay stays alive.
 */
import type { RelayLease } from '../state/document.js';
import { isEarlierAttempt, parseChecker } from '../state/checker.js';
import { formatDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';

/** start: no lease yet; handover: taken from a predecessor; renew: held already; restart: taken from a broken relay. */
export type RelayTakeKind = 'start' | 'handover' | 'renew' | 'restart';

export type RelayDecision =
  | {
      role: 'relay';
      lease: RelayLease;
      /** What happened: a first start, a handover taken, or a restart and why. */
      reason: string;
      kind: RelayTakeKind;
    }
  | { role: 'follower'; reason: string; holder: string; expiresAt: string };

export interface TakeInput {
  /** The lease on the state branch now, if any. */
  lease: RelayLease | undefined;
  /** This checker (`<run id>.<attempt>`). */
  checker: string;
  now: Date;
  /** How long this relay will wait in its job (`lookahead`). */
  windowMs: number;
  /** Grace after the window before the lease counts as abandoned (`claim-ttl`). */
  ttlMs: number;
  /** The holder's run is known to have completed (read through the API by the caller). */
  holderEnded?: boolean;
}

/** Whether this checker becomes the relay, and the lease it then writes. */
export function decideRelay(input: TakeInput): RelayDecision {
  const { lease, checker, now } = input;
  const t = now.getTime();
  const taken = (kind: RelayTakeKind, reason: string): RelayDecision => {
    const continues = (kind === 'handover' || kind === 'renew') && lease !== undefined;
    const next: RelayLease = {
      holder: checker,
      since: kind === 'renew' && lease ? lease.since : now.toISOString(),
      expiresAt: new Date(t + input.windowMs + input.ttlMs).toISOString(),
      chainSince: continues ? lease.chainSince : now.toISOString(),
      handovers: continues ? lease.handovers + (kind === 'handover' ? 1 : 0) : 0,
    };
    if (kind === 'handover' && lease) next.lastGapMs = Math.max(0, t - Date.parse(lease.since));
    else if (continues && lease.lastGapMs !== undefined) next.lastGapMs = lease.lastGapMs;
    if (kind === 'restart') next.restartReason = reason;
    else if (continues && lease.restartReason !== undefined)
      next.restartReason = lease.restartReason;
    return { role: 'relay', lease: next, reason, kind };
  };

  if (!lease) return taken('start', 'no relay was running');
  const expired = !(Date.parse(lease.expiresAt) > t);
  if (lease.holder === undefined) {
    const by = lease.handedOverBy ?? 'a relay';
    return expired
      ? taken(
          'restart',
          `${by} handed over at ${lease.since} but no successor took the lease before it expired at ${lease.expiresAt}`,
        )
      : taken('handover', `handed over by ${by}`);
  }
  if (lease.holder === checker) return taken('renew', 'this checker already held the lease');
  if (expired)
    return taken('restart', `the lease of relay ${lease.holder} expired at ${lease.expiresAt}`);
  if (input.holderEnded || isEarlierAttempt(lease.holder, checker)) {
    return taken('restart', `relay ${lease.holder} ended without handing over`);
  }
  return {
    role: 'follower',
    reason: `relay ${lease.holder} holds the lease until ${lease.expiresAt}`,
    holder: lease.holder,
    expiresAt: lease.expiresAt,
  };
}

/**
 * The run whose status says whether a live lease is abandoned: the holder's run, when the
 * lease is held by another checker and not expired. Undefined when there is nothing to ask.
 */
export function holderToCheck(
  lease: RelayLease | undefined,
  checker: string,
  now: Date,
): number | undefined {
  if (!lease?.holder || lease.holder === checker) return undefined;
  if (!(Date.parse(lease.expiresAt) > now.getTime())) return undefined;
  if (isEarlierAttempt(lease.holder, checker)) return undefined;
  return parseChecker(lease.holder)?.runId;
}

export type HandOverDecision = { ok: true; lease: RelayLease } | { ok: false; reason: string };

/**
 * The relay ends its window: it releases the lease to whichever relay checker comes next, for
 * `ttlMs`. Only the holder may hand over — a relay that lost its lease (it overran and another
 * checker restarted the chain) must not start a second chain.
 */
export function handOver(
  lease: RelayLease | undefined,
  checker: string,
  now: Date,
  ttlMs: number,
): HandOverDecision {
  if (!lease || lease.holder !== checker) {
    return {
      ok: false,
      reason: lease?.holder
        ? `the lease is held by relay ${lease.holder} now`
        : 'this checker no longer holds the lease',
    };
  }
  const next: RelayLease = {
    since: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    handedOverBy: checker,
    chainSince: lease.chainSince,
    handovers: lease.handovers,
  };
  if (lease.lastGapMs !== undefined) next.lastGapMs = lease.lastGapMs;
  if (lease.restartReason !== undefined) next.restartReason = lease.restartReason;
  return { ok: true, lease: next };
}

/** One line about the lease, for summaries, the state README and `status`. */
export function describeLease(lease: RelayLease | undefined, now: Date): string {
  if (!lease) return 'no relay is running';
  const at = (iso: string) => formatUtc(new Date(iso));
  const expired = !(Date.parse(lease.expiresAt) > now.getTime());
  const n = lease.handovers;
  const chain = `chain since ${at(lease.chainSince)}, ${n} handover${n === 1 ? '' : 's'}${
    lease.lastGapMs !== undefined ? `, last handover gap ${formatDuration(lease.lastGapMs)}` : ''
  }`;
  if (lease.holder === undefined) {
    return `${expired ? 'broken — ' : ''}handed over by ${lease.handedOverBy ?? 'a relay'} at ${at(lease.since)}; its successor must take the lease by ${at(lease.expiresAt)} (${chain})`;
  }
  return `${expired ? 'broken — ' : ''}relay ${lease.holder} holds the lease until ${at(lease.expiresAt)} (${chain})`;
}
