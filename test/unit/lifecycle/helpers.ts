/** Factories for the lifecycle tests: runs as the list call returns them, records, observations. */
import type { WorkflowRunSummary } from '../../../src/github/gateway.js';
import type { RunObservations } from '../../../src/lifecycle/index.js';
import { occurrenceId } from '../../../src/plan/occurrence.js';
import { scheduleToPlannable } from '../../../src/plan/plannable.js';
import type { Schedule } from '../../../src/schedules/types.js';
import type { Claim, RunRecord } from '../../../src/state/document.js';
import { at, iso, makeSchedule } from '../plan/helpers.js';

export {
  at,
  iso,
  makeSchedule,
  entry,
  stateWith,
  deepFreeze,
  MIN,
  HOUR,
  DAY,
} from '../plan/helpers.js';

export const ACTOR = 'github-actions[bot]';

export function run(
  id: number,
  created: string,
  more: Partial<WorkflowRunSummary> = {},
): WorkflowRunSummary {
  return {
    id,
    status: 'queued',
    conclusion: null,
    displayTitle: 'Agent',
    createdAt: iso(created).replace('.000Z', 'Z'),
    htmlUrl: `https://github.com/acme/widgets/actions/runs/${id}`,
    actor: ACTOR,
    ...more,
  };
}

export const oid = (t: string, attempt = 1, source = 'schedule:nightly') =>
  occurrenceId(source, at(t), attempt);

/** A record as the tick writes it after a successful dispatch at `dispatched`. */
export function dispatched(
  sf: string,
  dispatchedAt: string,
  more: Partial<RunRecord> = {},
  source = 'schedule:nightly',
): RunRecord {
  const attempt = more.attempt ?? 1;
  return {
    id: occurrenceId(source, at(sf), attempt),
    scheduledFor: iso(sf),
    attempt,
    outcome: 'dispatched',
    at: iso(dispatchedAt),
    lateMs: at(dispatchedAt).getTime() - at(sf).getTime(),
    workflow: 'agent.yml',
    ...more,
  };
}

export function claim(sf: string, claimedAt: string, checker = '77.1', ttlMin = 10): Claim {
  return {
    id: occurrenceId('schedule:nightly', at(sf), 1),
    scheduledFor: iso(sf),
    attempt: 1,
    checker,
    claimedAt: iso(claimedAt),
    expiresAt: new Date(at(claimedAt).getTime() + ttlMin * 60_000).toISOString(),
  };
}

/** Observations of one complete list of agent.yml from `since`. */
export function seen(
  runs: WorkflowRunSummary[],
  since: string,
  more: Partial<RunObservations> = {},
  workflow = 'agent.yml',
): RunObservations {
  return {
    runsByWorkflow: { [workflow]: runs },
    endedCheckers: [],
    coverage: { [workflow]: { since: iso(since), complete: true } },
    ...more,
  };
}

export const nothingSeen: RunObservations = { runsByWorkflow: {}, endedCheckers: [] };

export function plannable(partial: Partial<Schedule> = {}) {
  return scheduleToPlannable(makeSchedule({ cron: '0 * * * *', ...partial }));
}
