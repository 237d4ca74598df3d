/** What the planner decides for one tick. Pure data; `main.ts` carries it out. */
import type { Priority } from '../schedules/types.js';
import type { Claim, StateDocument } from '../state/document.js';

/** `schedule:<name>`, `issue:<n>`, `manual:<name>` (SPEC §5). */
export type SourceId = string;

/** The state document's buckets: schedules are keyed by name, issues by number. */
export type Bucket = 'schedules' | 'issues';

export type OccurrenceKind = 'schedule' | 'issue' | 'manual';

export interface Occurrence {
  source: SourceId;
  /** The state key: schedule name or issue number. */
  key: string;
  kind: OccurrenceKind;
  scheduledFor: Date;
  attempt: number;
  /** `<source>@<scheduled_for ISO>#<attempt>` — always built by `occurrenceId()`. */
  id: string;
}

/** Where a dispatch goes and with what. */
export interface DispatchTarget {
  workflow: string;
  /** Undefined = default branch (resolved by main before dispatching). */
  ref?: string;
  inputs: Record<string, string>;
  acceptsScheduledRun: boolean;
  priority: Priority;
}

export interface PlannedDispatch {
  occurrence: Occurrence;
  target: DispatchTarget;
  /** now - scheduledFor, ms (≥ 0). */
  lateMs: number;
  /** Where the claim (and later the run record) lives: `state[bucket][occurrence.key]`. */
  bucket: Bucket;
  /** Set when this pays an owed dispatch: a retry of a failed run, or a re-dispatch. */
  reason?: 'retry' | 'redispatch';
  /**
   * On `Plan.deferred` entries: why it waits for the next tick, in words (set by the tick:
   * `rate limit: 17 requests left until 14:05 UTC`, `over max-dispatches (20 per tick)`).
   */
  deferReason?: string;
}

export interface PlannedSkip {
  source: SourceId;
  key: string;
  kind: OccurrenceKind;
  bucket: Bucket;
  /** The (latest) occurrence skipped. */
  scheduledFor: Date;
  /** How many occurrences this skip stands for. */
  count: number;
  /**
   * True when there were more occurrences than the planner counts (COUNT_CAP): `count` is then
   * a lower bound ("1000+").
   */
  countIsLowerBound?: boolean;
  reason: string;
}

/** A run to cancel before dispatching (`overlap: cancel-previous`). */
export interface PlannedCancel {
  runId: number;
  url?: string;
  /** The source whose new dispatch replaces it. */
  source: SourceId;
}

/**
 * A claim whose lease expired (or whose checker is known to have ended) — a checker crashed
 * between claiming and recording. The caller looks for its run and calls `resolveStaleClaim`.
 * Its occurrence is never re-dispatched by the planner: the cursor already covers it.
 */
export interface StaleClaim {
  bucket: Bucket;
  key: string;
  claim: Claim;
}

export interface UpcomingOccurrence {
  source: SourceId;
  key: string;
  at: Date;
}

export interface Plan {
  /** In the order they should be dispatched (run-now first, then priority, time, source). */
  dispatches: PlannedDispatch[];
  /** Due but over the per-tick budget: not claimed, cursor not advanced — next tick takes them. */
  deferred: PlannedDispatch[];
  skips: PlannedSkip[];
  /** Runs to cancel (overlap: cancel-previous), only for sources dispatched this tick. */
  cancels: PlannedCancel[];
  /** Expired claims found in the state, for the caller to resolve. */
  staleClaims: StaleClaim[];
  /**
   * Entries (re)started from now this tick, in words, for the commit message:
   * `schedule:nightly starts from 2026-03-09T06:00:00.000Z (new)` / `(timing changed)`.
   */
  started: string[];
  /** State entries dropped because their source is gone, e.g. `schedule:old`. */
  removed: SourceId[];
  /** Problems the planner found (unknown run-now name, a plannable that would not build). */
  errors: string[];
  /**
   * The state to write before dispatching: claims for every dispatch, cursors advanced,
   * skips recorded, new/changed entries started from now, removed schedules dropped.
   */
  state: StateDocument;
  /** False when `state` equals the input state in everything but bookkeeping: no write. */
  changed: boolean;
  /** Earliest future occurrence of anything (now when something was deferred); null if none. */
  nextDue: Date | null;
  /** The next occurrences across all enabled plannables (for the summary), ascending. */
  upcoming: UpcomingOccurrence[];
}
