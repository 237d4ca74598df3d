/**
 * What reconciliation follows, and how far back it must look: pure functions of the state, the
 * plannables and the clock, shared by `observeRuns` (which turns them into list calls) and
 * `applyRunObservations` (which decides with what the calls returned).
 *
 * Followed: records dispatched without a conclusion yet, dispatches that failed ambiguously (5xx
 * or no answer: GitHub may have created the run), and stale claims (a checker died between
 * claiming and recording). Nothing else ever causes a list call, so a quiet tick makes none.
 */
import { parseOccurrenceId } from '../plan/occurrence.js';
import type { Plannable } from '../plan/plannable.js';
import { isUnfinished } from '../plan/records.js';
import type { Bucket } from '../plan/types.js';
import type { Claim, RunRecord, StateDocument } from '../state/document.js';

/** Runs are looked for from this long before the dispatch (clocks of runner and GitHub differ). */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** An approximate match is a run created at most this long after the dispatch call. */
export const APPROXIMATE_WINDOW_MS = 15 * 60_000;
/**
 * An ambiguous dispatch or a stale claim counts as "no run was created" only once it is this
 * old and a complete list did not show its run (the runs API lags a few seconds behind).
 */
export const RESOLVE_GRACE_MS = 60_000;
/** A dispatched run that a complete list has not shown for this long is recorded `unknown`. */
export const LOST_AFTER_MS = 60 * 60_000;
/** Runs are followed at most this long after their dispatch; then recorded `unknown`. */
export const MAX_FOLLOW_MS = 7 * 24 * 60 * 60_000;
/** Runs per list call (one page): a fuller answer may hide older runs. */
export const LIST_PAGE_SIZE = 100;
/** Conclusions that are retried while attempts remain (SPEC §1 `retries`). */
export const RETRYABLE_CONCLUSIONS: ReadonlySet<string> = new Set([
  'failure',
  'timed_out',
  'startup_failure',
]);

export type FollowKind = 'record' | 'claim';

/** One run reconciliation looks for. */
export interface FollowItem {
  kind: FollowKind;
  bucket: Bucket;
  key: string;
  /** Occurrence id (`<source>@<scheduled_for>#<attempt>`). */
  id: string;
  source: string;
  workflow: string;
  /** Known when the dispatch answered with it (or an earlier tick matched it). */
  runId?: number;
  /** When the dispatch call was made (a claim: when it was claimed), ms. */
  dispatchedAt: number;
}

export function plannableIndex(plannables: readonly Plannable[]): Map<string, Plannable> {
  return new Map(plannables.map((p) => [entryKey(p.bucket, p.key), p]));
}

export function entryKey(bucket: Bucket, key: string): string {
  return `${bucket}\u0000${key}`;
}

export function dispatchedAtOf(r: RunRecord): number {
  const t = Date.parse(r.dispatchedAt ?? r.at);
  return Number.isNaN(t) ? Date.parse(r.at) : t;
}

/** Whether a claim's lease is over: expired, or its checker is known to have ended (§7.11). */
export function isStaleClaim(claim: Claim, now: number, ended: ReadonlySet<string>): boolean {
  return !(Date.parse(claim.expiresAt) > now) || ended.has(claim.checker);
}

/**
 * Everything reconciliation looks for this tick. Records older than MAX_FOLLOW_MS and anything
 * whose workflow is unknown (no record field, no plannable) are left out.
 */
export function followUps(
  state: StateDocument,
  plannables: readonly Plannable[],
  now: number,
  ended: ReadonlySet<string> = new Set(),
): FollowItem[] {
  const index = plannableIndex(plannables);
  const out: FollowItem[] = [];
  for (const bucket of ['schedules', 'issues'] as const) {
    for (const [key, entry] of Object.entries(state[bucket])) {
      const planned = index.get(entryKey(bucket, key))?.target.workflow;
      for (const r of entry.history) {
        if (!isUnfinished(r)) continue;
        const workflow = r.workflow ?? planned;
        const parsed = parseOccurrenceId(r.id);
        const dispatchedAt = dispatchedAtOf(r);
        if (!workflow || !parsed || Number.isNaN(dispatchedAt)) continue;
        if (now - dispatchedAt > MAX_FOLLOW_MS) continue;
        const item: FollowItem = {
          kind: 'record',
          bucket,
          key,
          id: r.id,
          source: parsed.source,
          workflow,
          dispatchedAt,
        };
        if (r.runId !== undefined) item.runId = r.runId;
        out.push(item);
      }
      for (const c of entry.claims) {
        if (!isStaleClaim(c, now, ended)) continue;
        const parsed = parseOccurrenceId(c.id);
        const claimedAt = Date.parse(c.claimedAt);
        if (!planned || !parsed || Number.isNaN(claimedAt)) continue;
        out.push({
          kind: 'claim',
          bucket,
          key,
          id: c.id,
          source: parsed.source,
          workflow: planned,
          dispatchedAt: claimedAt,
        });
      }
    }
  }
  return out;
}

/** One list call per workflow, from the earliest followed dispatch (minus the clock skew). */
export function listSince(items: readonly FollowItem[]): Map<string, number> {
  const since = new Map<string, number>();
  for (const item of items) {
    const t = item.dispatchedAt - CLOCK_SKEW_MS;
    const prev = since.get(item.workflow);
    if (prev === undefined || t < prev) since.set(item.workflow, t);
  }
  return since;
}
