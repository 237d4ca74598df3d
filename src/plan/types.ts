/** What the planner decides for one tick. Pure data; `main.ts` carries it out. */
import type { Priority } from '../schedules/types.js';
import type { StateDocument } from '../state/document.js';

/** `schedule:<name>`, `issue:<n>`, `manual:<name>` (SPEC §5). */
export type SourceId = string;

export interface Occurrence {
  source: SourceId;
  /** The state key: schedule name or issue number. */
  key: string;
  kind: 'schedule' | 'issue' | 'manual';
  scheduledFor: Date;
  attempt: number;
  /** `<source>@<scheduled_for ISO>#<attempt>` */
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
}

export interface PlannedSkip {
  source: SourceId;
  key: string;
  kind: 'schedule' | 'issue' | 'manual';
  /** The (latest) occurrence skipped. */
  scheduledFor: Date;
  /** How many occurrences this skip stands for. */
  count: number;
  reason: string;
}

export interface UpcomingOccurrence {
  source: SourceId;
  key: string;
  at: Date;
}

export interface Plan {
  /** In the order they should be dispatched (priority, then time, then name). */
  dispatches: PlannedDispatch[];
  /** Due but over the per-tick budget: not claimed, cursor not advanced — next tick takes them. */
  deferred: PlannedDispatch[];
  skips: PlannedSkip[];
  /**
   * The state to write before dispatching: claims for every dispatch, cursors advanced,
   * skips recorded, new/changed entries started from now.
   */
  state: StateDocument;
  /** False when `state` equals the input state in everything but bookkeeping: no write. */
  changed: boolean;
  /** Earliest future occurrence of anything (schedules, issues, retries); null if none. */
  nextDue: Date | null;
  /** The next occurrences across all schedules (for the summary), ascending. */
  upcoming: UpcomingOccurrence[];
}
