/**
 * Run lifecycle (issue 4): what happened to each dispatched run. `observeRuns` does the I/O once
 * per tick (one list call per workflow with something unfinished, none on a quiet tick);
 * `applyRunObservations` is pure and is re-applied on every compare-and-swap attempt.
 */
export { observeRuns, MAX_CHECKER_LOOKUPS } from './observe.js';
export { applyRunObservations, UNKNOWN_CONCLUSION } from './reconcile.js';
export { correlate, titleNames, dispatchingActor, type Match, type Wanted } from './correlate.js';
export {
  followUps,
  listSince,
  isStaleClaim,
  APPROXIMATE_WINDOW_MS,
  CLOCK_SKEW_MS,
  LIST_PAGE_SIZE,
  LOST_AFTER_MS,
  MAX_FOLLOW_MS,
  RESOLVE_GRACE_MS,
  RETRYABLE_CONCLUSIONS,
  type FollowItem,
} from './follow.js';
export type {
  ApplyInput,
  ApplyResult,
  ObserveInput,
  RunObservations,
  RunsPort,
  TimeoutCancel,
  WorkflowCoverage,
} from './types.js';
