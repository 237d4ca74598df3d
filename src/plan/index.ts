/** The planner's public surface. */
export * from './types.js';
export { occurrenceId, parseOccurrenceId, jitterOffsetMs } from './occurrence.js';
export {
  cronPlannable,
  oneShotPlannable,
  scheduleToPlannable,
  sourceOf,
  bucketOf,
  DEFAULT_RETRY_DELAY_MS,
  type LifecycleOptions,
  type Plannable,
  type CronPlannableOptions,
  type OneShotOptions,
} from './plannable.js';
export {
  planTick,
  ON_TIME_GRACE_MS,
  COUNT_CAP,
  DUE_CAP,
  DEFAULT_UPCOMING,
  type PlanInput,
  type InFlightRun,
} from './planner.js';
export {
  recordDispatchResults,
  resolveStaleClaim,
  cloneState,
  boundHistory,
  isFollowed,
  isUnfinished,
  DEFAULT_HISTORY_LIMIT,
  RUN_NOT_FOUND_REASON,
  type DispatchResult,
  type StaleClaimResolution,
} from './records.js';
export { nextTimes } from './scan.js';
