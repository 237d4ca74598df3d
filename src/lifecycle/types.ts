/** The lifecycle's contract with tick.ts: observe once per tick (I/O), apply per CAS attempt (pure). */
import type { WorkflowRunSummary } from '../github/gateway.js';
import type { InFlightRun } from '../plan/planner.js';
import type { Plannable } from '../plan/plannable.js';
import type { StateDocument } from '../state/document.js';

/** The calls reconciliation makes (GitHubGateway has them; tests pass a fake). */
export interface RunsPort {
  /** Runs of one workflow created at or after `since`, newest first (one page). */
  listWorkflowRuns(
    workflow: string,
    since: Date,
    event?: string,
    page?: number,
  ): Promise<WorkflowRunSummary[]>;
  /** One run by id, null when unknown: used to learn whether a claiming checker ended. */
  getWorkflowRun?(runId: number): Promise<WorkflowRunSummary | null>;
}

/** How far one workflow's list reaches. */
export interface WorkflowCoverage {
  /** The list's `created>=` bound (ISO). */
  since: string;
  /** False when the answer was a full page: older runs may be missing from it. */
  complete: boolean;
}

export interface RunObservations {
  /** Runs seen per workflow (one list call each). */
  runsByWorkflow: Record<string, WorkflowRunSummary[]>;
  /** Checkers known to have ended (their claims may be resolved before expiry). */
  endedCheckers: string[];
  /**
   * Per listed workflow, how far the list reaches. Without it a missing run is never taken as
   * "not created" (no re-dispatch, no `unknown`): only what was seen is recorded.
   */
  coverage?: Record<string, WorkflowCoverage>;
  /** The actor the checker's dispatches run as, when known (approximate matching). */
  actor?: string;
  /** List calls that failed (their runs stay as they are; the next tick looks again). */
  errors?: string[];
  /** API calls made: list calls, and run reads for claim holders. */
  calls?: { list: number; run: number };
}

export interface ObserveInput {
  gateway: RunsPort;
  state: StateDocument;
  plannables: readonly Plannable[];
  now: Date;
  log: (message: string) => void;
  /** This checker (`<GITHUB_RUN_ID>.<GITHUB_RUN_ATTEMPT>`): never looked up, and an earlier attempt of its run has ended. */
  checker?: string;
  /** The actor dispatched runs are created by, when the caller knows it. */
  actor?: string;
}

export interface ApplyInput {
  state: StateDocument;
  observations: RunObservations;
  plannables: readonly Plannable[];
  now: Date;
  historyLimit: number;
}

/** A run to cancel because it ran past its `timeout` (already recorded `timed_out`). */
export interface TimeoutCancel {
  runId: number;
  source: string;
  url?: string;
  occurrenceId?: string;
}

export interface ApplyResult {
  state: StateDocument;
  /** Whether `state` differs from the input (something concluded, a retry became owed...). */
  changed: boolean;
  /** Active runs per source (`schedule:x`, `manual:x`, `issue:n`) for the planner's overlap rules. */
  inFlight: Record<string, InFlightRun[]>;
  /** Runs to cancel because they ran past their timeout. */
  timeouts: TimeoutCancel[];
  /** Lines for the summary and the commit message. */
  notes: string[];
}
