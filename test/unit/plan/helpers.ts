/** Test factories for the planner: schedules from partials, a pinned clock, settled ticks. */
import { planTick, type PlanInput } from '../../../src/plan/planner.js';
import { recordDispatchResults, type DispatchResult } from '../../../src/plan/records.js';
import type { Plan } from '../../../src/plan/types.js';
import type { Schedule } from '../../../src/schedules/types.js';
import { emptyState, type EntryState, type StateDocument } from '../../../src/state/document.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** `2026-03-09T06:00:00Z` → Date; short forms `06:00` / `06:00:30` are on 2026-03-09 (UTC). */
export function at(text: string): Date {
  if (/^\d{2}:\d{2}(:\d{2}(\.\d{3})?)?$/.test(text)) return new Date(`2026-03-09T${text}Z`);
  return new Date(text);
}

/** ISO with milliseconds, as the state stores it. */
export function iso(text: string): string {
  return at(text).toISOString();
}

/** The timing fingerprint the loader would compute (any stable function of the timing fields). */
export function fingerprintOf(s: Omit<Schedule, 'fingerprint'>): string {
  return JSON.stringify([
    s.cron,
    s.timezone,
    s.jitterMs,
    s.startAt?.toISOString() ?? null,
    s.endAt?.toISOString() ?? null,
    s.enabled,
  ]);
}

export function makeSchedule(partial: Partial<Schedule> = {}): Schedule {
  const name = partial.name ?? 'nightly';
  const base: Omit<Schedule, 'fingerprint'> = {
    name,
    file: `schedules/${name}.yml`,
    cron: '0 6 * * *',
    timezone: 'UTC',
    workflow: 'agent.yml',
    inputs: {},
    enabled: true,
    overlap: 'skip',
    catchUp: 'latest',
    catchUpWindowMs: HOUR,
    retries: 0,
    retryDelayMs: 10 * MIN,
    priority: 'medium',
    jitterMs: 0,
    acceptsScheduledRun: false,
    ...partial,
  };
  return { ...base, fingerprint: partial.fingerprint ?? fingerprintOf(base) };
}

/** An entry as a previous tick would have left it. */
export function entry(
  s: Schedule,
  since: string,
  cursor = since,
  more: Partial<EntryState> = {},
): EntryState {
  return {
    fingerprint: s.fingerprint,
    since: iso(since),
    cursor: iso(cursor),
    claims: [],
    history: [],
    ...more,
  };
}

export function stateWith(
  schedules: Record<string, EntryState>,
  issues: Record<string, EntryState> = {},
): StateDocument {
  return {
    ...emptyState(),
    updatedAt: '2026-03-09T00:00:00.000Z',
    updatedBy: '0.1',
    schedules,
    issues,
  };
}

export const CHECKER = '9001.1';

export function plan(
  schedules: Schedule[],
  state: StateDocument,
  now: string,
  more: Partial<PlanInput> = {},
): Plan {
  return planTick({
    schedules,
    state,
    now: at(now),
    maxDispatches: 20,
    checker: CHECKER,
    claimTtlMs: 10 * MIN,
    historyLimit: 20,
    ...more,
  });
}

/** The ids a plan dispatches, in order. */
export const ids = (p: Plan) => p.dispatches.map((d) => d.occurrence.id);
export const deferredIds = (p: Plan) => p.deferred.map((d) => d.occurrence.id);

let nextRunId = 1000;

/** What main does after dispatching: every dispatch succeeded; returns the state to carry on with. */
export function settle(p: Plan, historyLimit = 20): StateDocument {
  const results: DispatchResult[] = p.dispatches.map((d) => ({
    occurrenceId: d.occurrence.id,
    key: d.occurrence.key,
    bucket: d.bucket,
    ok: true,
    runId: nextRunId,
    runUrl: `https://github.com/o/r/actions/runs/${nextRunId++}`,
    dispatchedAt: new Date(d.occurrence.scheduledFor.getTime() + d.lateMs),
    lateMs: d.lateMs,
  }));
  return recordDispatchResults(p.state, results, historyLimit);
}

/** Recursively freezes plain data so any mutation throws (ESM code runs in strict mode). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
