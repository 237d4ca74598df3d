/**
 * applyRunObservations: what the runs lists say about every followed run, written into the state.
 * Pure — the same state, observations and clock give the same result, so the tick re-applies it
 * on every compare-and-swap attempt on top of whatever another checker wrote.
 *
 * - a run that completed: its final conclusion is recorded; failure / timed_out /
 *   startup_failure with attempts left owe a retry (`pending`, not before now + retry-delay:
 *   SPEC §7.8 counts the delay from when the failure is observed). `cancelled` is never retried.
 * - a run still queued / in progress: nothing is written (ticks stay quiet while runs are in
 *   flight) — it is reported in `inFlight` for the overlap rules — unless it ran past its
 *   `timeout`: then it is recorded `timed_out`, returned in `timeouts` for the caller to cancel,
 *   and retried like any timed-out run.
 * - a dispatch that failed ambiguously: its run found → recorded dispatched (and followed);
 *   not found in a complete list → a re-dispatch is owed (same attempt), immediately.
 * - a stale claim: its run found → recorded dispatched; not found → a re-dispatch is owed.
 * The first correlation of a run without an id (by title, or approximately) is written once, so
 * later ticks follow it by id and an approximate match never drifts.
 */
import type { WorkflowRunSummary } from '../github/gateway.js';
import { occurrenceId, parseOccurrenceId } from '../plan/occurrence.js';
import { DEFAULT_RETRY_DELAY_MS, type Plannable } from '../plan/plannable.js';
import type { InFlightRun } from '../plan/planner.js';
import { cloneState, isUnfinished, pushRecord } from '../plan/records.js';
import type { EntryState, PendingDispatch, RunRecord, StateDocument } from '../state/document.js';
import { formatDuration } from '../time/duration.js';
import { correlate, dispatchingActor, type Match, type Wanted } from './correlate.js';
import {
  CLOCK_SKEW_MS,
  dispatchedAtOf,
  entryKey,
  followUps,
  LOST_AFTER_MS,
  MAX_FOLLOW_MS,
  plannableIndex,
  RESOLVE_GRACE_MS,
  RETRYABLE_CONCLUSIONS,
  type FollowItem,
} from './follow.js';
import type { ApplyInput, ApplyResult, RunObservations, TimeoutCancel } from './types.js';

/** The conclusion recorded for a run that cannot be found any more. */
export const UNKNOWN_CONCLUSION = 'unknown';

interface Ctx {
  now: number;
  nowIso: string;
  historyLimit: number;
  observations: RunObservations;
  plannables: Map<string, Plannable>;
  inFlight: Record<string, InFlightRun[]>;
  timeouts: TimeoutCancel[];
  notes: string[];
  changed: boolean;
}

export function applyRunObservations(input: ApplyInput): ApplyResult {
  const { observations } = input;
  const now = input.now.getTime();
  const state = cloneState(input.state);
  const ctx: Ctx = {
    now,
    nowIso: input.now.toISOString(),
    historyLimit: input.historyLimit,
    observations,
    plannables: plannableIndex(input.plannables),
    inFlight: {},
    timeouts: [],
    notes: [],
    changed: false,
  };

  // 1. Correlate every followed run with the lists, one workflow at a time.
  const ended = new Set(observations.endedCheckers);
  const items = followUps(input.state, input.plannables, now, ended);
  const matches = matchAll(input.state, items, observations);

  // 2. Decide per item, on the copy.
  for (const item of items) {
    const entry = state[item.bucket][item.key];
    if (!entry) continue;
    const match = matches.get(tokenOf(item)) ?? null;
    if (item.kind === 'claim') resolveClaim(ctx, entry, item, match);
    else followRecord(ctx, entry, item, match);
  }

  // 3. Records past the follow horizon (no list call looked for them): unknown, for good.
  for (const bucket of ['schedules', 'issues'] as const) {
    for (const entry of Object.values(state[bucket])) {
      for (const r of entry.history) {
        if (!isUnfinished(r) || !(now - dispatchedAtOf(r) > MAX_FOLLOW_MS)) continue;
        if (r.outcome === 'dispatch-failed') delete r.ambiguous;
        else {
          const reason = `not followed after ${formatDuration(MAX_FOLLOW_MS)}`;
          conclude(ctx, entry, undefined, r, UNKNOWN_CONCLUSION, reason, null);
        }
        ctx.changed = true;
      }
    }
  }

  return {
    state: ctx.changed ? state : input.state,
    changed: ctx.changed,
    inFlight: ctx.inFlight,
    timeouts: ctx.timeouts,
    notes: ctx.notes,
  };
}

function tokenOf(item: FollowItem): string {
  return `${item.kind}\u0000${item.bucket}\u0000${item.key}\u0000${item.id}`;
}

function matchAll(
  state: StateDocument,
  items: readonly FollowItem[],
  observations: RunObservations,
): Map<string, Match> {
  const taken = new Set<number>();
  for (const bucket of ['schedules', 'issues'] as const) {
    for (const entry of Object.values(state[bucket])) {
      for (const r of entry.history) if (r.runId !== undefined) taken.add(r.runId);
    }
  }
  const ours = new Set(taken);
  const byWorkflow = new Map<string, FollowItem[]>();
  for (const item of items) {
    const list = byWorkflow.get(item.workflow) ?? [];
    list.push(item);
    byWorkflow.set(item.workflow, list);
  }
  const out = new Map<string, Match>();
  for (const [workflow, list] of byWorkflow) {
    const runs = observations.runsByWorkflow[workflow];
    if (!runs) continue;
    const wanted: Wanted[] = list.map((item) => {
      const w: Wanted = { token: tokenOf(item), id: item.id, dispatchedAt: item.dispatchedAt };
      if (item.runId !== undefined) w.runId = item.runId;
      return w;
    });
    const actor = dispatchingActor(runs, ours, observations.actor);
    for (const [token, match] of correlate(runs, wanted, taken, actor)) out.set(token, match);
  }
  return out;
}

/**
 * Whether a run missing from this tick's list really does not exist (yet): the workflow was
 * listed completely, from before the dispatch.
 */
function listedCompletely(ctx: Ctx, item: FollowItem): boolean {
  const coverage = ctx.observations.coverage?.[item.workflow];
  if (!coverage || !coverage.complete) return false;
  const since = Date.parse(coverage.since);
  return !Number.isNaN(since) && since <= item.dispatchedAt - CLOCK_SKEW_MS;
}

function listed(ctx: Ctx, item: FollowItem): boolean {
  return ctx.observations.runsByWorkflow[item.workflow] !== undefined;
}

function followRecord(ctx: Ctx, entry: EntryState, item: FollowItem, match: Match | null): void {
  const r = entry.history.find((h) => h.id === item.id);
  if (!r || !isUnfinished(r)) return;
  const age = ctx.now - item.dispatchedAt;

  if (match) {
    if (r.outcome === 'dispatch-failed') {
      r.outcome = 'dispatched';
      delete r.ambiguous;
      delete r.reason;
      ctx.notes.push(
        `${r.id}: the dispatch that failed ambiguously did create run #${match.run.id}`,
      );
      ctx.changed = true;
    }
    if (r.runId === undefined) {
      r.runId = match.run.id;
      r.runUrl = match.run.htmlUrl;
      if (match.how === 'approximate') r.approximate = true;
      ctx.changed = true;
    }
    followRun(ctx, entry, r, item, match.run);
    return;
  }

  if (r.outcome === 'dispatch-failed') {
    // Ambiguous: GitHub may have created the run. Re-dispatch only once a complete list says no.
    if (listedCompletely(ctx, item) && age >= RESOLVE_GRACE_MS) {
      delete r.ambiguous;
      r.reason = `${r.reason ?? 'dispatch failed'}; no run was created — re-dispatching`;
      owe(entry, {
        id: r.id,
        scheduledFor: r.scheduledFor,
        attempt: r.attempt,
        notBefore: ctx.nowIso,
        reason: 'redispatch',
      });
      ctx.notes.push(`${r.id}: the failed dispatch created no run; it is sent again`);
      ctx.changed = true;
    } else {
      addInFlight(ctx, item.source, { runId: 0, status: 'queued' });
    }
    return;
  }

  if (listedCompletely(ctx, item) && age >= LOST_AFTER_MS) {
    const reason =
      r.runId !== undefined
        ? `run #${r.runId} is no longer in the runs list (deleted?)`
        : `no run found for this dispatch after ${formatDuration(LOST_AFTER_MS)}`;
    conclude(ctx, entry, plannableOf(ctx, item), r, UNKNOWN_CONCLUSION, reason, null);
    return;
  }
  if (r.runId !== undefined && timedOut(ctx, item)) {
    timeOut(ctx, entry, r, item, 'unknown');
    return;
  }
  const status =
    r.runId !== undefined && !(listed(ctx, item) && listedCompletely(ctx, item))
      ? 'unknown'
      : 'queued';
  const run: InFlightRun = { runId: r.runId ?? 0, status };
  if (r.runUrl !== undefined) run.url = r.runUrl;
  addInFlight(ctx, item.source, run);
}

function resolveClaim(ctx: Ctx, entry: EntryState, item: FollowItem, match: Match | null): void {
  const i = entry.claims.findIndex((c) => c.id === item.id);
  if (i < 0) return;
  const claim = entry.claims[i]!;
  const why = Date.parse(claim.expiresAt) > ctx.now ? 'its checker ended' : 'its lease expired';
  if (match) {
    entry.claims.splice(i, 1);
    const r: RunRecord = {
      id: claim.id,
      scheduledFor: claim.scheduledFor,
      attempt: claim.attempt,
      outcome: 'dispatched',
      at: ctx.nowIso,
      dispatchedAt: claim.claimedAt,
      workflow: item.workflow,
      runId: match.run.id,
      runUrl: match.run.htmlUrl,
    };
    const late = Date.parse(claim.claimedAt) - Date.parse(claim.scheduledFor);
    if (Number.isFinite(late)) r.lateMs = Math.max(0, late);
    if (match.how === 'approximate') r.approximate = true;
    pushRecord(entry, r, ctx.historyLimit);
    ctx.notes.push(
      `${claim.id}: claim of checker ${claim.checker} resolved (${why}): its run #${match.run.id} was found`,
    );
    ctx.changed = true;
    followRun(ctx, entry, r, item, match.run);
    return;
  }
  if (!listedCompletely(ctx, item) || ctx.now - item.dispatchedAt < RESOLVE_GRACE_MS) return;
  entry.claims.splice(i, 1);
  owe(entry, {
    id: claim.id,
    scheduledFor: claim.scheduledFor,
    attempt: claim.attempt,
    notBefore: ctx.nowIso,
    reason: 'redispatch',
  });
  ctx.notes.push(
    `${claim.id}: claim of checker ${claim.checker} resolved (${why}): no run was created; it is dispatched again`,
  );
  ctx.changed = true;
}

/** A record whose run is known: completed → conclusion; past its timeout → cancel; else in flight. */
function followRun(
  ctx: Ctx,
  entry: EntryState,
  r: RunRecord,
  item: FollowItem,
  run: WorkflowRunSummary,
): void {
  if (run.status === 'completed') {
    const conclusion = run.conclusion ?? UNKNOWN_CONCLUSION;
    conclude(ctx, entry, plannableOf(ctx, item), r, conclusion, undefined, run);
    return;
  }
  if (timedOut(ctx, item)) {
    timeOut(ctx, entry, r, item, run.status);
    return;
  }
  addInFlight(ctx, item.source, { runId: run.id, status: run.status, url: run.htmlUrl });
}

function plannableOf(ctx: Ctx, item: FollowItem): Plannable | undefined {
  return ctx.plannables.get(entryKey(item.bucket, item.key));
}

function timedOut(ctx: Ctx, item: FollowItem): boolean {
  const timeoutMs = plannableOf(ctx, item)?.timeoutMs;
  return timeoutMs !== undefined && ctx.now - item.dispatchedAt >= timeoutMs;
}

function timeOut(
  ctx: Ctx,
  entry: EntryState,
  r: RunRecord,
  item: FollowItem,
  status: string,
): void {
  const p = plannableOf(ctx, item);
  const limit = formatDuration(p?.timeoutMs ?? 0);
  const cancel: TimeoutCancel = { runId: r.runId!, source: item.source, occurrenceId: r.id };
  if (r.runUrl !== undefined) cancel.url = r.runUrl;
  ctx.timeouts.push(cancel);
  conclude(
    ctx,
    entry,
    p,
    r,
    'timed_out',
    `cancelled by agent-scheduler: still ${status} after its timeout (${limit})`,
    null,
  );
}

/** Records a final conclusion and, for a retryable one with attempts left, owes a retry. */
function conclude(
  ctx: Ctx,
  entry: EntryState,
  p: Plannable | undefined,
  r: RunRecord,
  conclusion: string,
  reason: string | undefined,
  run: WorkflowRunSummary | null,
): void {
  r.conclusion = conclusion;
  if (reason !== undefined) r.reason = reason;
  ctx.changed = true;
  const runText = r.runId !== undefined ? `run #${r.runId}` : 'its run';
  let note = `${r.id}: ${runText} concluded ${conclusion}${reason ? ` (${reason})` : ''}`;
  if (run && r.runUrl === undefined) r.runUrl = run.htmlUrl;
  const parsed = parseOccurrenceId(r.id);
  if (RETRYABLE_CONCLUSIONS.has(conclusion) && parsed) {
    const retries = p?.retries ?? 0;
    if (r.attempt <= retries) {
      const delay = p?.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
      const next: PendingDispatch = {
        id: occurrenceId(parsed.source, new Date(r.scheduledFor), r.attempt + 1),
        scheduledFor: r.scheduledFor,
        attempt: r.attempt + 1,
        notBefore: new Date(ctx.now + delay).toISOString(),
        reason: 'retry',
      };
      if (owe(entry, next)) {
        note += ` — retry ${r.attempt} of ${retries} (attempt ${next.attempt}) after ${formatDuration(delay)}`;
      }
    } else if (retries > 0) {
      note += ` — no retries left (${retries})`;
    }
  }
  ctx.notes.push(note);
}

/** Adds an owed dispatch unless the same attempt is already owed, claimed or recorded as sent. */
function owe(entry: EntryState, pending: PendingDispatch): boolean {
  if (entry.pending?.some((p) => p.id === pending.id)) return false;
  if (entry.claims.some((c) => c.id === pending.id)) return false;
  if (entry.history.some((h) => h.id === pending.id && h.outcome === 'dispatched')) return false;
  entry.pending = [...(entry.pending ?? []), pending];
  return true;
}

function addInFlight(ctx: Ctx, source: string, run: InFlightRun): void {
  const list = ctx.inFlight[source] ?? [];
  if (run.runId > 0 && list.some((x) => x.runId === run.runId)) return;
  list.push(run);
  ctx.inFlight[source] = list;
}
