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

export interface EntryState {
  /** Timing fingerprint seen when `since` was set; a different one restarts from now. */
  fingerprint: string;
  /** ISO: when this fingerprint was first seen. Nothing scheduled at or before it fires. */
  since: string;
  /** ISO: every occurrence at or before this instant has been decided (fired or skipped). */
  cursor: string;
  claims: Claim[];
  history: RunRecord[];
}

export interface StateDocument {
  version: 1;
  /** ISO time of the tick that wrote it, and that tick's checker identity. */
  updatedAt: string;
  updatedBy: string;
  schedules: Record<string, EntryState>;
  /** Keyed by issue number as a decimal string. */
  issues: Record<string, EntryState>;
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
    };
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
