/** What one tick did, as the report modules see it. Built by tick.ts. */
import type { ConfigError } from '../errors.js';
import type { Plannable } from '../plan/plannable.js';
import type { InFlightRun } from '../plan/planner.js';
import type { Plan, PlannedDispatch } from '../plan/types.js';
import type { RelayLease } from '../state/document.js';

export interface DispatchOutcome {
  dispatch: PlannedDispatch;
  ok: boolean;
  runId?: number;
  runUrl?: string;
  error?: string;
  /** The failure may hide a run GitHub created (5xx, no answer): resolved before re-sending. */
  ambiguous?: boolean;
  /** When the dispatch call was made. */
  at: Date;
}

export interface TickOutcome {
  now: Date;
  dryRun: boolean;
  mode: 'tick' | 'validate';
  plan: Plan;
  dispatched: DispatchOutcome[];
  /** Invalid files, invalid issues, inputs: problems a user fixes. */
  configErrors: ConfigError[];
  /** Failures while talking to GitHub (failed dispatches are in `dispatched`). */
  runtimeErrors: string[];
  /** Notes worth a line in the summary (e.g. a state conflict that was retried). */
  notes: string[];
  /** Commits written to the state branch by this tick. */
  commits: string[];
  stateBranch: string;
  /** Run-at issues skipped because their author is not trusted (a skip, not an error). */
  untrusted: { issue: number; reason: string }[];
  /** Comments posted or updated on run-at issues. */
  comments: number;
  /** What was planned (schedules and run-at requests), for the Gantt chart and run history. */
  plannables?: Plannable[];
  /** Runs still queued or in progress, by source. */
  inFlight?: Record<string, InFlightRun[]>;
  /** The relay lease in the state this tick last read (a relay checks it still holds it). */
  relayLease?: RelayLease;
}
