/**
 * observeRuns: the lifecycle's only I/O, once per tick. One `listWorkflowRuns` call per workflow
 * that has something to follow (since the earliest followed dispatch), and — only while another
 * checker holds a live claim older than a minute — one run read per such checker, to learn
 * whether it ended (SPEC §7.11). A tick with nothing unfinished makes no call at all.
 */
import { messageOf } from '../errors.js';
import type { WorkflowRunSummary } from '../github/gateway.js';
import type { StateDocument } from '../state/document.js';
import { parseChecker } from '../state/checker.js';
import {
  CLOCK_SKEW_MS,
  followUps,
  LIST_PAGE_SIZE,
  listSince,
  RESOLVE_GRACE_MS,
  type FollowItem,
} from './follow.js';
import type { ObserveInput, RunObservations, RunsPort } from './types.js';

/** At most this many claim holders are looked up per tick. */
export const MAX_CHECKER_LOOKUPS = 5;
/**
 * Pages of 100 runs read per workflow at most. A further page is read only when the first is
 * full and a followed run is still missing from what was read (a busy workflow).
 */
export const MAX_LIST_PAGES = 5;

export async function observeRuns(input: ObserveInput): Promise<RunObservations> {
  const { gateway, state, plannables, log } = input;
  const now = input.now.getTime();
  const calls = { list: 0, run: 0 };
  const errors: string[] = [];

  const endedCheckers = await findEndedCheckers(gateway, state, now, input.checker, calls, log);
  const items = followUps(state, plannables, now, new Set(endedCheckers));
  const since = listSince(items);

  const runsByWorkflow: Record<string, WorkflowRunSummary[]> = {};
  const coverage: NonNullable<RunObservations['coverage']> = {};
  await Promise.all(
    [...since].map(async ([workflow, from]) => {
      const followed = items.filter((i) => i.workflow === workflow);
      try {
        const runs: WorkflowRunSummary[] = [];
        const seen = new Set<number>();
        let complete = false;
        for (let page = 1; page <= MAX_LIST_PAGES; page++) {
          calls.list++;
          const batch = await gateway.listWorkflowRuns(
            workflow,
            new Date(from),
            'workflow_dispatch',
            page,
          );
          for (const run of batch) {
            if (seen.has(run.id)) continue; // a run created meanwhile shifts the pages
            seen.add(run.id);
            runs.push(run);
          }
          complete = batch.length < LIST_PAGE_SIZE;
          if (complete || !missing(followed, runs, seen)) break;
        }
        runsByWorkflow[workflow] = runs;
        coverage[workflow] = { since: new Date(from).toISOString(), complete };
      } catch (error) {
        const message = messageOf(error);
        errors.push(message);
        log(`reconciliation: ${message}`);
      }
    }),
  );
  if (since.size > 0) {
    log(
      `reconciliation: ${items.length} run(s) followed, ${since.size} list call(s) (${[...since.keys()].join(', ')})`,
    );
  }
  const out: RunObservations = { runsByWorkflow, endedCheckers, coverage, errors, calls };
  if (input.actor) out.actor = input.actor;
  return out;
}

/**
 * Holders of live claims known to have ended: an earlier attempt of this checker's own run
 * (a re-run), or a run the API reports completed. Claims younger than RESOLVE_GRACE_MS are not
 * looked up: their checker is almost surely still dispatching.
 */
async function findEndedCheckers(
  gateway: RunsPort,
  state: StateDocument,
  now: number,
  self: string | undefined,
  calls: { run: number },
  log: (message: string) => void,
): Promise<string[]> {
  const holders = new Set<string>();
  for (const bucket of ['schedules', 'issues'] as const) {
    for (const entry of Object.values(state[bucket])) {
      for (const c of entry.claims) {
        const expires = Date.parse(c.expiresAt);
        const claimed = Date.parse(c.claimedAt);
        if (!(expires > now) || c.checker === self) continue; // expired: stale anyway
        if (!(now - claimed >= RESOLVE_GRACE_MS)) continue;
        holders.add(c.checker);
      }
    }
  }
  const ended: string[] = [];
  const me = parseChecker(self);
  const lookups: number[] = [];
  for (const holder of holders) {
    const h = parseChecker(holder);
    if (!h) continue;
    if (me && h.runId === me.runId && h.attempt < me.attempt) ended.push(holder);
    else if (lookups.length < MAX_CHECKER_LOOKUPS) lookups.push(h.runId);
  }
  if (!gateway.getWorkflowRun || lookups.length === 0) return ended.sort();
  const getRun = gateway.getWorkflowRun.bind(gateway);
  const finished = new Set<number>();
  await Promise.all(
    lookups.map(async (runId) => {
      calls.run++;
      try {
        const run = await getRun(runId);
        if (run?.status === 'completed') finished.add(runId);
      } catch (error) {
        log(`reconciliation: could not read checker run ${runId}: ${messageOf(error)}`);
      }
    }),
  );
  for (const holder of holders) {
    const h = parseChecker(holder);
    // The run's latest attempt completed, so every attempt of it has ended.
    if (h && finished.has(h.runId)) ended.push(holder);
  }
  return [...new Set(ended)].sort();
}

/**
 * Whether a followed run may be on a later page: one with a known id not read yet, or one
 * without an id dispatched before the oldest run read (pages go newest first).
 */
function missing(
  followed: readonly FollowItem[],
  runs: readonly WorkflowRunSummary[],
  seen: ReadonlySet<number>,
): boolean {
  let oldest = Infinity;
  for (const run of runs) oldest = Math.min(oldest, Date.parse(run.createdAt));
  return followed.some((item) =>
    item.runId !== undefined ? !seen.has(item.runId) : item.dispatchedAt - CLOCK_SKEW_MS < oldest,
  );
}
