/**
 * The primary rate limit as a per-tick dispatch budget. The gateway records the last
 * `x-ratelimit-*` headers it saw; before planning, the tick turns what is left into the most
 * dispatches it can afford, so that with the limit nearly spent the highest-priority work goes
 * out first and the rest is deferred — not claimed, so the next tick dispatches it — with a
 * reason the summary shows. Pure.
 */

/** What GitHub said about the primary (`core`) rate limit on the last answer seen. */
export interface RateLimitInfo {
  /** `x-ratelimit-remaining`: requests left in the current window. */
  remaining: number;
  /** `x-ratelimit-reset`: when the window resets (GitHub sends epoch seconds). */
  resetAt: Date;
  /** `x-ratelimit-limit`, when sent. */
  limit?: number;
}

/**
 * Requests kept back for the rest of the tick whatever happens: the claim commit (tree, commit,
 * ref), the record commit (the same three), the default branch, a re-read after a lost
 * compare-and-swap.
 */
export const RESERVED_REQUESTS = 10;

/**
 * Requests one dispatch is charged when the kinds of the due work are not known: the dispatch
 * itself and the later look at its run.
 */
export const REQUESTS_PER_DISPATCH = 2;

/**
 * Requests charged per dispatch by kind: a schedule's (or run-now's) is the dispatch and the
 * later look at its run; a run-at issue's adds the announcement comment and, at most, the label
 * swap and close as three calls (add, remove, close — one PATCH when the labels are known).
 */
export const REQUESTS_PER_KIND: Readonly<Record<'schedule' | 'manual' | 'issue', number>> = {
  schedule: REQUESTS_PER_DISPATCH,
  manual: REQUESTS_PER_DISPATCH,
  issue: REQUESTS_PER_DISPATCH + 4,
};

export interface DispatchBudget {
  /** The per-tick budget the planner gets: never more than `requested`. */
  maxDispatches: number;
  /** The `max-dispatches` input. */
  requested: number;
  /** Set when the rate limit, not `max-dispatches`, is what holds dispatches back. */
  rateLimit?: RateLimitInfo;
}

/**
 * How many dispatches the tick can afford: min(max-dispatches, ⌊(remaining − reserve) / 2⌋),
 * never below 0 — or, given the kinds of the due work in dispatch order, the longest prefix
 * whose cost (REQUESTS_PER_KIND) fits in remaining − reserve. Without rate-limit headers
 * (GitHub Enterprise Server with rate limiting off) max-dispatches stands.
 */
export function dispatchBudget(
  maxDispatches: number,
  rateLimit: RateLimitInfo | undefined,
  kinds?: readonly (keyof typeof REQUESTS_PER_KIND)[],
): DispatchBudget {
  const requested = Number.isFinite(maxDispatches) ? Math.max(0, Math.floor(maxDispatches)) : 0;
  if (!rateLimit || !Number.isFinite(rateLimit.remaining)) {
    return { maxDispatches: requested, requested };
  }
  const spendable = rateLimit.remaining - RESERVED_REQUESTS;
  let affordable: number;
  if (kinds) {
    affordable = 0;
    let cost = 0;
    for (const kind of kinds.slice(0, requested)) {
      cost += REQUESTS_PER_KIND[kind] ?? REQUESTS_PER_DISPATCH;
      if (cost > spendable) break;
      affordable++;
    }
    if (affordable === Math.min(requested, kinds.length)) affordable = requested;
  } else {
    affordable = Math.max(0, Math.floor(spendable / REQUESTS_PER_DISPATCH));
  }
  if (affordable >= requested) return { maxDispatches: requested, requested };
  return { maxDispatches: affordable, requested, rateLimit };
}

/**
 * Why the deferred dispatch at `index` (0-based, in the plan's order) waits for the next tick:
 * the first `requested − maxDispatches` of them for the rate limit, any beyond for
 * `max-dispatches` itself.
 */
export function deferralReason(budget: DispatchBudget, index: number): string {
  if (budget.rateLimit && index < budget.requested - budget.maxDispatches) {
    return rateLimitReason(budget.rateLimit);
  }
  return `over max-dispatches (${budget.requested} per tick)`;
}

/** `rate limit: 17 requests left until 14:05 UTC` */
export function rateLimitReason(rateLimit: RateLimitInfo): string {
  const n = Math.max(0, rateLimit.remaining);
  const reset = Number.isNaN(rateLimit.resetAt.getTime())
    ? 'the limit resets'
    : `${rateLimit.resetAt.toISOString().slice(11, 16)} UTC`;
  return `rate limit: ${n} request${n === 1 ? '' : 's'} left until ${reset}`;
}

/**
 * Reads the rate-limit headers of one answer (success or error). Undefined when they are absent,
 * unreadable, or about another resource than `core` (search, GraphQL…).
 */
export function readRateLimit(
  headers: Record<string, string | number | undefined> | undefined,
): RateLimitInfo | undefined {
  if (!headers) return undefined;
  const resource = headers['x-ratelimit-resource'];
  if (resource !== undefined && String(resource) !== 'core') return undefined;
  const remainingText = headers['x-ratelimit-remaining'];
  const resetText = headers['x-ratelimit-reset'];
  if (remainingText === undefined || resetText === undefined) return undefined;
  const remaining = Number(remainingText);
  const reset = Number(resetText);
  if (!Number.isInteger(remaining) || !Number.isFinite(reset)) return undefined;
  const info: RateLimitInfo = { remaining, resetAt: new Date(reset * 1000) };
  const limit = Number(headers['x-ratelimit-limit']);
  if (headers['x-ratelimit-limit'] !== undefined && Number.isInteger(limit)) info.limit = limit;
  return info;
}
