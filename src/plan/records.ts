/**
 * Pure state transitions after the planner: what happened to each claimed dispatch, and how a
 * claim left by a crashed checker is resolved. Both return a new document; the input is untouched.
 */
import type { Claim, EntryState, RunRecord, StateDocument } from '../state/document.js';
import { parseOccurrenceId } from './occurrence.js';
import type { Bucket } from './types.js';

/** SPEC §3 default for `history-limit`. */
export const DEFAULT_HISTORY_LIMIT = 20;

export interface DispatchResult {
  occurrenceId: string;
  key: string;
  bucket: Bucket;
  ok: boolean;
  runId?: number;
  runUrl?: string;
  /** Why the dispatch failed (ok: false). */
  error?: string;
  /**
   * The dispatch failed with a 5xx or no answer (GitHubError.ambiguous): GitHub may have
   * created the run anyway. The record is kept `ambiguous` and reconciliation looks for the run
   * before anything is sent again.
   */
  ambiguous?: boolean;
  /** The workflow dispatched, kept on the record so its run can always be reconciled. */
  workflow?: string;
  dispatchedAt: Date;
  lateMs: number;
}

export type StaleClaimResolution =
  { found: { runId: number; runUrl?: string; approximate?: boolean } } | { found: null };

export const RUN_NOT_FOUND_REASON = 'checker died before dispatching; run not found';

/**
 * For each result: remove its claim and put a RunRecord at the top of the entry's history
 * (`dispatched` with the run, or `dispatch-failed` with the error), history bounded to
 * `historyLimit`, newest first. Recording the same occurrence twice replaces the first record.
 * A result whose entry no longer exists is ignored.
 */
export function recordDispatchResults(
  state: StateDocument,
  results: readonly DispatchResult[],
  historyLimit: number,
): StateDocument {
  const out = cloneState(state);
  for (const r of results) {
    const entry = out[r.bucket][r.key];
    if (!entry) continue;
    const claim = takeClaim(entry, r.occurrenceId);
    const record = baseRecord(r.occurrenceId, claim, r.dispatchedAt);
    if (!record) continue;
    record.lateMs = r.lateMs;
    if (r.workflow !== undefined) record.workflow = r.workflow;
    if (r.ok) {
      record.outcome = 'dispatched';
      if (r.runId !== undefined) record.runId = r.runId;
      if (r.runUrl !== undefined) record.runUrl = r.runUrl;
    } else {
      record.outcome = 'dispatch-failed';
      record.reason = r.error ?? 'dispatch failed';
      if (r.ambiguous) record.ambiguous = true;
    }
    pushRecord(entry, record, historyLimit);
  }
  return out;
}

/**
 * Resolves a stale claim once the caller has looked for its run: found → recorded as
 * dispatched with the run; not found → `dispatch-failed` ("checker died before dispatching;
 * run not found"). Either way the claim is gone. An unknown entry or claim changes nothing.
 */
export function resolveStaleClaim(
  state: StateDocument,
  bucket: Bucket,
  key: string,
  claimId: string,
  resolution: StaleClaimResolution,
  now: Date,
  historyLimit: number = DEFAULT_HISTORY_LIMIT,
): StateDocument {
  const out = cloneState(state);
  const entry = out[bucket][key];
  if (!entry) return out;
  const claim = takeClaim(entry, claimId);
  if (!claim) return out;
  const record = baseRecord(claimId, claim, now);
  if (!record) return out;
  if (resolution.found) {
    record.outcome = 'dispatched';
    record.runId = resolution.found.runId;
    if (resolution.found.runUrl !== undefined) record.runUrl = resolution.found.runUrl;
    if (resolution.found.approximate) record.approximate = true;
    // The claiming checker dispatched right after writing its claim.
    const late = Date.parse(claim.claimedAt) - Date.parse(claim.scheduledFor);
    if (Number.isFinite(late)) record.lateMs = Math.max(0, late);
  } else {
    record.outcome = 'dispatch-failed';
    record.reason = RUN_NOT_FOUND_REASON;
  }
  pushRecord(entry, record, historyLimit);
  return out;
}

function takeClaim(entry: EntryState, id: string): Claim | undefined {
  const i = entry.claims.findIndex((c) => c.id === id);
  if (i < 0) return undefined;
  return entry.claims.splice(i, 1)[0];
}

function baseRecord(id: string, claim: Claim | undefined, at: Date): RunRecord | null {
  const parsed = parseOccurrenceId(id);
  const scheduledFor = claim?.scheduledFor ?? parsed?.scheduledFor.toISOString();
  const attempt = claim?.attempt ?? parsed?.attempt;
  if (scheduledFor === undefined || attempt === undefined) return null;
  return { id, scheduledFor, attempt, outcome: 'dispatched', at: at.toISOString() };
}

/**
 * Newest first; an existing record with the same id is replaced; bounded to `limit`. A record
 * whose run is still followed (see `isFollowed`) is never the one dropped: the oldest other
 * records go first, so a long run under a stream of overlap skips is still reconciled, timed
 * out and retried.
 */
export function pushRecord(entry: EntryState, record: RunRecord, limit: number): void {
  entry.history = boundHistory([record, ...entry.history.filter((h) => h.id !== record.id)], limit);
}

/** Whether reconciliation still follows this record's run (it is kept past the history limit). */
export function isUnfinished(r: RunRecord): boolean {
  return (
    (r.outcome === 'dispatched' && r.conclusion === undefined) ||
    (r.outcome === 'dispatch-failed' && r.ambiguous === true)
  );
}

/**
 * An unfinished record written by a lifecycle-aware tick (it names its workflow, or is an
 * ambiguous failure): the history limit never drops it while reconciliation still needs it.
 */
export function isFollowed(r: RunRecord): boolean {
  return isUnfinished(r) && (r.workflow !== undefined || r.ambiguous === true);
}

/** Keeps at most `limit` records (newest first), dropping the oldest not-followed ones first. */
export function boundHistory(history: RunRecord[], limit: number): RunRecord[] {
  const max = Math.max(0, Math.floor(limit));
  if (history.length <= max) return history;
  const followed = history.filter(isFollowed).length;
  let room = Math.max(0, max - followed);
  return history.filter((h) => isFollowed(h) || room-- > 0);
}

/** Deep copy of the (plain-data) state document. */
export function cloneState(state: StateDocument): StateDocument {
  return {
    version: state.version,
    updatedAt: state.updatedAt,
    updatedBy: state.updatedBy,
    schedules: cloneBucket(state.schedules),
    issues: cloneBucket(state.issues),
    ...(state.threads ? { threads: structuredClone(state.threads) } : {}),
    ...(state.labels ? { labels: [...state.labels] } : {}),
    ...(state.relay ? { relay: { ...state.relay } } : {}),
  };
}

function cloneBucket(bucket: Record<string, EntryState>): Record<string, EntryState> {
  const out: Record<string, EntryState> = {};
  for (const key of Object.keys(bucket)) out[key] = cloneEntry(bucket[key]!);
  return out;
}

export function cloneEntry(e: EntryState): EntryState {
  return {
    ...e,
    claims: e.claims.map((c) => ({ ...c })),
    history: e.history.map((h) => ({ ...h })),
    ...(e.pending ? { pending: e.pending.map((p) => ({ ...p })) } : {}),
  };
}
