/** What one tick did, as the report modules see it. Built by tick.ts. */
import type { ConfigError } from '../errors.js';
import type { Plan, PlannedDispatch } from '../plan/types.js';

export interface DispatchOutcome {
  dispatch: PlannedDispatch;
  ok: boolean;
  runId?: number;
  runUrl?: string;
  error?: string;
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
}
