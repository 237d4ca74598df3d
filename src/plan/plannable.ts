/**
 * One shape for everything the planner can fire: schedule files today, run-at issues next.
 * The planner only ever sees `Plannable`s; each source of work converts itself.
 */
import type { CatchUp, Overlap, Priority, Schedule } from '../schedules/types.js';
import { CronSpec } from '../time/cron.js';
import type { Bucket, DispatchTarget, SourceId } from './types.js';

export interface Plannable {
  kind: 'schedule' | 'issue';
  /** State key inside the bucket: schedule name, or issue number as a decimal string. */
  key: string;
  /** `schedule:<name>` or `issue:<n>`. */
  source: SourceId;
  bucket: Bucket;
  /** Timing fingerprint; a different one than the state's restarts the entry from now. */
  fingerprint: string;
  enabled: boolean;
  /**
   * Raw (un-jittered) occurrence instants t with fromExclusive < t <= toInclusive, ascending,
   * at most `limit`.
   */
  occurrencesBetween(fromExclusive: Date, toInclusive: Date, limit: number): Date[];
  /** The next `count` raw instants strictly after `after`, ascending (fewer if none remain). */
  occurrencesAfter(after: Date, count: number): Date[];
  catchUp: CatchUp;
  /** Occurrences older than this when the tick runs are dropped; Infinity = no limit. */
  catchUpWindowMs: number;
  overlap: Overlap;
  priority: Priority;
  /** Scheduled time = raw instant + jitterOffsetMs(source, jitterMs). */
  jitterMs: number;
  /** Active window, compared with the raw instant, both ends inclusive. */
  startAt?: Date;
  endAt?: Date;
  /**
   * The `since` (and cursor) an entry gets when it is new or its fingerprint changed, clamped
   * to now. Default: now ("starts from now"). A one-shot sets it just before its instant, so a
   * request already due on first sight fires on that tick.
   */
  sinceOnReset?: Date;
  target: DispatchTarget;
  /**
   * Extra attempts after a run concludes failure / timed_out / startup_failure (SPEC §1
   * `retries`). Undefined = 0.
   */
  retries?: number;
  /** Wait before a retry, from when the failure is observed (SPEC §7.8). Undefined = 10m. */
  retryDelayMs?: number;
  /** Cancel a run still queued or in progress this long after its dispatch. Undefined = none. */
  timeoutMs?: number;
}

/** SPEC §1 default for `retry-delay`. */
export const DEFAULT_RETRY_DELAY_MS = 10 * 60_000;

/** The lifecycle settings of a plannable (retries, retry delay, timeout). */
export interface LifecycleOptions {
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

function withLifecycle(p: Plannable, o: LifecycleOptions): Plannable {
  if (o.retries !== undefined) p.retries = o.retries;
  if (o.retryDelayMs !== undefined) p.retryDelayMs = o.retryDelayMs;
  if (o.timeoutMs !== undefined) p.timeoutMs = o.timeoutMs;
  return p;
}

export interface CronPlannableOptions extends LifecycleOptions {
  kind: 'schedule' | 'issue';
  key: string;
  cron: CronSpec;
  fingerprint: string;
  enabled: boolean;
  catchUp: CatchUp;
  catchUpWindowMs: number;
  overlap: Overlap;
  jitterMs: number;
  startAt?: Date;
  endAt?: Date;
  sinceOnReset?: Date;
  target: DispatchTarget;
}

/** A recurring plannable on a parsed cron (schedules, and recurring run-at issues). */
export function cronPlannable(o: CronPlannableOptions): Plannable {
  const { cron } = o;
  const p: Plannable = {
    kind: o.kind,
    key: o.key,
    source: sourceOf(o.kind, o.key),
    bucket: bucketOf(o.kind),
    fingerprint: o.fingerprint,
    enabled: o.enabled,
    occurrencesBetween: (from, to, limit) => (limit < 1 ? [] : cron.between(from, to, limit)),
    occurrencesAfter: (after, count) => (count < 1 ? [] : cron.next(after, count)),
    catchUp: o.catchUp,
    catchUpWindowMs: o.catchUpWindowMs,
    overlap: o.overlap,
    priority: o.target.priority,
    jitterMs: o.jitterMs,
    target: o.target,
  };
  if (o.startAt) p.startAt = o.startAt;
  if (o.endAt) p.endAt = o.endAt;
  if (o.sinceOnReset) p.sinceOnReset = o.sinceOnReset;
  return withLifecycle(p, o);
}

/** Throws CronError when the cron or zone does not parse (the loader has checked both). */
export function scheduleToPlannable(s: Schedule): Plannable {
  const target: DispatchTarget = {
    workflow: s.workflow,
    inputs: { ...s.inputs },
    acceptsScheduledRun: s.acceptsScheduledRun,
    priority: s.priority,
  };
  if (s.ref !== undefined) target.ref = s.ref;
  const o: CronPlannableOptions = {
    kind: 'schedule',
    key: s.name,
    cron: CronSpec.parse(s.cron, s.timezone),
    fingerprint: s.fingerprint,
    enabled: s.enabled,
    catchUp: s.catchUp,
    catchUpWindowMs: s.catchUpWindowMs,
    overlap: s.overlap,
    jitterMs: s.jitterMs,
    target,
    retries: s.retries,
    retryDelayMs: s.retryDelayMs,
  };
  if (s.timeoutMs !== undefined) o.timeoutMs = s.timeoutMs;
  if (s.startAt) o.startAt = s.startAt;
  if (s.endAt) o.endAt = s.endAt;
  return cronPlannable(o);
}

export interface OneShotOptions extends LifecycleOptions {
  /** Default 'issue' (bucket `issues`, source `issue:<key>`). */
  kind?: 'schedule' | 'issue';
  key: string;
  /** The single instant it fires at. */
  at: Date;
  /** Should cover `at` (and whatever else re-arms the request): a new value fires again. */
  fingerprint: string;
  target: DispatchTarget;
  /** Default true. */
  enabled?: boolean;
  /** Default 'skip'. */
  overlap?: Overlap;
}

/**
 * A single occurrence at `at`. Catch-up `latest` with an unbounded window, and counting starts
 * just before `at`: a request whose time has passed fires on the next tick, however late.
 */
export function oneShotPlannable(o: OneShotOptions): Plannable {
  const at = o.at.getTime();
  const kind = o.kind ?? 'issue';
  const p: Plannable = {
    kind,
    key: o.key,
    source: sourceOf(kind, o.key),
    bucket: bucketOf(kind),
    fingerprint: o.fingerprint,
    enabled: o.enabled ?? true,
    occurrencesBetween: (from, to, limit) =>
      limit >= 1 && from.getTime() < at && at <= to.getTime() ? [new Date(at)] : [],
    occurrencesAfter: (after, count) => (count >= 1 && after.getTime() < at ? [new Date(at)] : []),
    catchUp: 'latest',
    catchUpWindowMs: Number.POSITIVE_INFINITY,
    overlap: o.overlap ?? 'skip',
    priority: o.target.priority,
    jitterMs: 0,
    sinceOnReset: new Date(at - 1),
    target: o.target,
  };
  return withLifecycle(p, o);
}

export function sourceOf(kind: 'schedule' | 'issue' | 'manual', key: string): SourceId {
  return `${kind}:${key}`;
}

export function bucketOf(kind: 'schedule' | 'issue' | 'manual'): Bucket {
  return kind === 'issue' ? 'issues' : 'schedules';
}
