/**
 * One tick after loading: plan → claim (compare-and-swap) → dispatch → record (compare-and-swap).
 * All decisions come from the pure planner; this module only sequences the I/O and retries the
 * optimistic writes when another checker got there first.
 */
import type { GitHubGateway } from './github/gateway.js';
import { GitHubError } from './github/errors.js';
import type { Settings } from './inputs.js';
import { planTick, recordDispatchResults } from './plan/index.js';
import type { Plan, PlannedDispatch } from './plan/types.js';
import type { DispatchOutcome, TickOutcome } from './report/outcome.js';
import { claimCommitMessage, recordCommitMessage } from './report/commit-message.js';
import type { Schedule } from './schedules/types.js';
import { ConfigError } from './errors.js';
import type { StateSnapshot, StateStore } from './state/store.js';

/** Compare-and-swap attempts before a tick gives up on writing (another checker keeps winning). */
export const MAX_CAS_ATTEMPTS = 5;

export interface TickInput {
  settings: Settings;
  gateway: GitHubGateway;
  store: StateStore;
  schedules: Schedule[];
  configErrors: ConfigError[];
  /** Schedules whose files failed to load: their state is left as it is. */
  invalidNames: string[];
  log: (message: string) => void;
}

export async function runTick(input: TickInput): Promise<TickOutcome> {
  const { settings, store, log } = input;
  const outcome: TickOutcome = {
    now: settings.now,
    dryRun: settings.dryRun,
    mode: 'tick',
    plan: undefined as unknown as Plan,
    dispatched: [],
    configErrors: [...input.configErrors],
    runtimeErrors: [],
    notes: [],
    commits: [],
    stateBranch: settings.stateBranch,
  };

  const makePlan = (snapshot: StateSnapshot): Plan =>
    planTick({
      schedules: input.schedules,
      state: snapshot.doc,
      now: settings.now,
      maxDispatches: settings.maxDispatches,
      checker: settings.checker,
      claimTtlMs: settings.claimTtlMs,
      historyLimit: settings.historyLimit,
      runNow: settings.runNow,
      keepKeys: input.invalidNames,
      buckets: ['schedules'],
    });

  // 1. Read, plan, and claim what is due — or learn that another checker moved first.
  let snapshot = await store.read();
  noteUnreadableState(snapshot, outcome);
  let plan = makePlan(snapshot);
  for (let attempt = 1; ; attempt++) {
    if (settings.dryRun || !plan.changed) break;
    const written = await store.write(
      snapshot,
      plan.state,
      claimCommitMessage(plan, settings.now, settings.checker),
    );
    if (written.ok) {
      outcome.commits.push(written.head);
      snapshot = { doc: plan.state, head: written.head };
      break;
    }
    if (attempt >= MAX_CAS_ATTEMPTS) {
      outcome.runtimeErrors.push(
        `the state branch ${settings.stateBranch} changed under this tick ${attempt} times in a row; nothing was dispatched — the next tick will try again`,
      );
      outcome.plan = { ...plan, dispatches: [], deferred: [...plan.deferred, ...plan.dispatches] };
      return outcome;
    }
    log(
      `state branch moved (another checker?); re-reading and re-planning (attempt ${attempt + 1})`,
    );
    outcome.notes.push(
      'Another checker wrote the state first; this tick re-read it and planned again.',
    );
    snapshot = await store.read();
    plan = makePlan(snapshot);
  }
  outcome.plan = plan;
  for (const message of plan.errors) {
    outcome.configErrors.push(
      new ConfigError({
        source: message.startsWith('run-now') ? 'input run-now' : 'schedules',
        message,
      }),
    );
  }
  if (settings.dryRun || plan.dispatches.length === 0) return outcome;

  // 2. Dispatch what we claimed, in plan order.
  let defaultBranch =
    typeof (settings.event.repository as { default_branch?: unknown } | undefined)
      ?.default_branch === 'string'
      ? (settings.event.repository as { default_branch: string }).default_branch
      : undefined;
  for (const dispatch of plan.dispatches) {
    const at = settings.now;
    try {
      defaultBranch ??= await input.gateway.getDefaultBranch();
      const result = await input.gateway.dispatchWorkflow(
        dispatch.target.workflow,
        dispatch.target.ref ?? defaultBranch,
        dispatchInputs(dispatch),
      );
      outcome.dispatched.push({
        dispatch,
        ok: true,
        at,
        runId: result.runId,
        runUrl: result.runUrl,
      });
      log(`dispatched ${dispatch.occurrence.id}${result.runId ? ` → run ${result.runId}` : ''}`);
    } catch (error) {
      const message = error instanceof GitHubError ? error.message : String(error);
      outcome.dispatched.push({ dispatch, ok: false, at, error: message });
      log(`dispatch failed for ${dispatch.occurrence.id}: ${message}`);
    }
  }

  // 3. Record the results on top of whatever the branch holds now.
  const results = outcome.dispatched.map(toResult);
  for (let attempt = 1; ; attempt++) {
    const next = recordDispatchResults(snapshot.doc, results, settings.historyLimit);
    const written = await store.write(
      snapshot,
      { ...next, updatedAt: settings.now.toISOString(), updatedBy: settings.checker },
      recordCommitMessage(outcome.dispatched, settings.now, settings.checker),
    );
    if (written.ok) {
      outcome.commits.push(written.head);
      break;
    }
    if (attempt >= MAX_CAS_ATTEMPTS) {
      outcome.runtimeErrors.push(
        `could not record the dispatch results on ${settings.stateBranch} after ${attempt} attempts; the claims stay and the next tick resolves them`,
      );
      break;
    }
    snapshot = await store.read();
  }
  return outcome;
}

/** The inputs sent: the schedule's, plus `scheduled-run` when the target declares it (SPEC §5). */
export function dispatchInputs(dispatch: PlannedDispatch): Record<string, string> {
  const inputs = { ...dispatch.target.inputs };
  if (dispatch.target.acceptsScheduledRun) {
    const o = dispatch.occurrence;
    inputs['scheduled-run'] = JSON.stringify({
      id: o.id,
      source: o.source,
      scheduled_for: o.scheduledFor.toISOString(),
      attempt: o.attempt,
    });
  }
  return inputs;
}

function toResult(o: DispatchOutcome) {
  return {
    occurrenceId: o.dispatch.occurrence.id,
    key: o.dispatch.occurrence.key,
    bucket: o.dispatch.occurrence.kind === 'issue' ? ('issues' as const) : ('schedules' as const),
    ok: o.ok,
    runId: o.runId,
    runUrl: o.runUrl,
    error: o.error,
    dispatchedAt: o.at,
    lateMs: o.dispatch.lateMs,
  };
}

function noteUnreadableState(snapshot: StateSnapshot, outcome: TickOutcome): void {
  if (snapshot.readError) {
    outcome.runtimeErrors.push(
      `${snapshot.readError}; starting from an empty state (the old file stays in the branch history)`,
    );
  }
}
