/**
 * The state document (`state.json` on the state branch, SPEC §4). Plain data, JSON-serialisable.
 * This module knows the shape and how to read it defensively; the planner decides what goes in.
 */

export type Outcome = 'dispatched' | 'skipped' | 'dispatch-failed' | 'cancelled';

/** One decided occurrence (or a fold of several skipped ones). Newest first in `history`. */
export interface RunRecord {
  /** `<source>@<scheduled_for>#<attempt>` (SPEC §5). */
  id: string;
  /** ISO 8601 UTC. */
  scheduledFor: string;
  attempt: number;
  outcome: Outcome;
  /** Why skipped / why the dispatch failed. */
  reason?: string;
  /** When the decision was made (ISO). */
  at: string;
  /** Lateness: dispatch time minus scheduled time, ms. */
  lateMs?: number;
  /** For a skipped record that stands for several occurrences (e.g. 36 missed while down). */
  count?: number;
  runId?: number;
  runUrl?: string;
  /** Final conclusion when known (success, failure, cancelled, timed_out, ...). */
  conclusion?: string;
  /** When the dispatch call was made (ISO); timeouts count from here. Default: `at`. */
  dispatchedAt?: string;
  /** The workflow dispatched (so a run is reconciled even when its source is gone). */
  workflow?: string;
  /** The run was matched by time and actor only (no run id, no `scheduled-run` title). */
  approximate?: boolean;
  /**
   * A dispatch that failed with 5xx or no answer: GitHub may have created the run anyway, so
   * it is resolved (looked for) before anything is sent again.
   */
  ambiguous?: boolean;
}

/** A dispatch owed for an earlier occurrence: a retry of a failed run, or a re-dispatch. */
export interface PendingDispatch {
  /** Occurrence id of the attempt to send (`…#<attempt>`). */
  id: string;
  scheduledFor: string;
  attempt: number;
  /** Not before this instant (ISO): retry-delay after the failure was observed. */
  notBefore: string;
  reason: 'retry' | 'redispatch';
}

/** What the checker has said on a run-at issue, so a re-run never says it twice. */
export interface IssueThread {
  /** The acknowledgement comment and the fingerprint of the request (or errors) it shows. */
  ack?: { commentId?: number; fingerprint: string };
  /** The one comment an untrusted author gets. */
  untrusted?: { commentId?: number };
  /** Occurrence ids already announced on the issue (dispatched or failed). */
  announced?: string[];
  /** When the issue left the queue (closed or unlabelled) before it fired. */
  cancelledAt?: string;
  /**
   * The one-shot request as last acknowledged: the checker closes the issue at dispatch, and
   * this lets it still follow the run — retry it, time it out — after the issue has left the
   * queue.
   */
  request?: ThreadRequest;
}

export interface ThreadRequest {
  at: string;
  fingerprint: string;
  workflow: string;
  ref?: string;
  inputs: Record<string, string>;
  acceptsScheduledRun: boolean;
  retries: number;
  retryDelayMs: number;
  timeoutMs?: number;
}

/** A lease on an occurrence being dispatched right now (written before the dispatch call). */
export interface Claim {
  id: string;
  scheduledFor: string;
  attempt: number;
  /** `<GITHUB_RUN_ID>.<GITHUB_RUN_ATTEMPT>` of the checker holding it. */
  checker: string;
  claimedAt: string;
  expiresAt: string;
}

/**
 * The relay lease (action input `relay`): which checker is the one waiting in its job for the
 * next occurrences. Taken and handed over only by compare-and-swap commits, so at most one
 * checker holds it; while it is held, other checkers tick once and leave.
 */
export interface RelayLease {
  /** The relay (`<run id>.<attempt>`); absent while the lease is handed over to a successor. */
  holder?: string;
  /** ISO: when the holder took the lease (or when it was handed over). */
  since: string;
  /** ISO: the lease ends here unless renewed by a handover; then any relay checker may take it. */
  expiresAt: string;
  /** Set while handed over: the relay that dispatched its successor. */
  handedOverBy?: string;
  /** ISO: when the current chain of relays started (a restart begins a new chain). */
  chainSince: string;
  /** Handovers since `chainSince`. */
  handovers: number;
  /** The last handover's gap, from handing over to the successor taking the lease (ms). */
  lastGapMs?: number;
  /** Why the chain last restarted (lease expired, relay ended without handing over, …). */
  restartReason?: string;
}

export interface EntryState {
  /** Timing fingerprint seen when `since` was set; a different one restarts from now. */
  fingerprint: string;
  /** ISO: when this fingerprint was first seen. Nothing scheduled at or before it fires. */
  since: string;
  /** ISO: every occurrence at or before this instant has been decided (fired or skipped). */
  cursor: string;
  claims: Claim[];
  history: RunRecord[];
  /** Retries and re-dispatches owed, oldest first. */
  pending?: PendingDispatch[];
}

export interface StateDocument {
  version: 1;
  /** ISO time of the tick that wrote it, and that tick's checker identity. */
  updatedAt: string;
  updatedBy: string;
  schedules: Record<string, EntryState>;
  /** Keyed by issue number as a decimal string. */
  issues: Record<string, EntryState>;
  /** Conversation bookkeeping per run-at issue (number as a decimal string). */
  threads?: Record<string, IssueThread>;
  /** Labels this repository is known to have (created on first use). */
  labels?: string[];
  /** The relay lease, when `relay: true` is used. */
  relay?: RelayLease;
}

export function emptyState(): StateDocument {
  return { version: 1, updatedAt: '', updatedBy: '', schedules: {}, issues: {} };
}

export class StateFormatError extends Error {
  override name = 'StateFormatError';
}

/**
 * Parses state.json. Unknown or hostile content (a person edited the branch) never crashes the
 * tick: a document we cannot read raises StateFormatError, which the caller reports.
 * Keys that could pollute prototypes are dropped.
 */
export function parseState(text: string): StateDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) =>
      key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value,
    );
  } catch (e) {
    throw new StateFormatError(`state.json is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(raw) || raw.version !== 1) {
    throw new StateFormatError(
      'state.json has no "version": 1 — not a state file this version can read',
    );
  }
  return {
    version: 1,
    updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : '',
    updatedBy: typeof raw.updatedBy === 'string' ? raw.updatedBy : '',
    schedules: readEntries(raw.schedules),
    issues: readEntries(raw.issues),
    ...(isObject(raw.threads) ? { threads: readThreads(raw.threads) } : {}),
    ...(Array.isArray(raw.labels)
      ? { labels: raw.labels.filter((l): l is string => typeof l === 'string') }
      : {}),
    ...(readRelay(raw.relay) ?? {}),
  };
}

/** Stable, human-diffable serialisation (2-space indent, trailing newline). */
export function serializeState(state: StateDocument): string {
  return JSON.stringify(state, null, 2) + '\n';
}

function readEntries(value: unknown): Record<string, EntryState> {
  const out: Record<string, EntryState> = {};
  if (!isObject(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (!isObject(entry)) continue;
    if (typeof entry.fingerprint !== 'string' || typeof entry.since !== 'string') continue;
    out[key] = {
      fingerprint: entry.fingerprint,
      since: entry.since,
      cursor: typeof entry.cursor === 'string' ? entry.cursor : entry.since,
      claims: Array.isArray(entry.claims)
        ? (entry.claims.filter(isObject) as unknown as Claim[])
        : [],
      history: Array.isArray(entry.history)
        ? (entry.history.filter(isObject) as unknown as RunRecord[])
        : [],
      ...(Array.isArray(entry.pending)
        ? { pending: entry.pending.filter(isObject) as unknown as PendingDispatch[] }
        : {}),
    };
  }
  return out;
}

function readThreads(value: Record<string, unknown>): Record<string, IssueThread> {
  const out: Record<string, IssueThread> = {};
  for (const [key, thread] of Object.entries(value)) {
    if (/^\d+$/.test(key) && isObject(thread)) out[key] = thread as IssueThread;
  }
  return out;
}

/** A lease that cannot be read is dropped: the next relay checker then takes a fresh one. */
function readRelay(value: unknown): { relay: RelayLease } | undefined {
  if (!isObject(value)) return undefined;
  const { holder, since, expiresAt, handedOverBy, chainSince, handovers, lastGapMs } = value;
  const time = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  if (!time(since) || !time(expiresAt)) return undefined;
  const relay: RelayLease = {
    since,
    expiresAt,
    chainSince: time(chainSince) ? chainSince : since,
    handovers: typeof handovers === 'number' && handovers >= 0 ? Math.floor(handovers) : 0,
  };
  if (typeof holder === 'string') relay.holder = holder;
  if (typeof handedOverBy === 'string') relay.handedOverBy = handedOverBy;
  if (typeof lastGapMs === 'number' && lastGapMs >= 0) relay.lastGapMs = lastGapMs;
  if (typeof value.restartReason === 'string') relay.restartReason = value.restartReason;
  return { relay };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
