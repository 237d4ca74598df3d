/**
 * One tick after loading: observe → plan → claim (compare-and-swap) → act → record
 * (compare-and-swap) → announce. All decisions come from pure modules (planner, run-at intake,
 * lifecycle, announcements); this module only sequences the I/O and retries the optimistic
 * writes when another checker got there first.
 */
import { ConfigError, messageOf } from './errors.js';
import { deferralReason, dispatchBudget } from './github/budget.js';
import { GitHubError } from './github/errors.js';
import type { GitHubGateway, IssueSummary } from './github/gateway.js';
import type { Settings } from './inputs.js';
import { claimAnnouncements, planAnnouncements, type Announcement } from './issues/announce.js';
import { announce, postComment, type ConversationContext } from './issues/conversation.js';
import { applyCancellations, intakeIssues, type IntakeResult } from './issues/intake.js';
import {
  applyRunObservations,
  observeRuns,
  type ApplyResult,
  type RunObservations,
} from './lifecycle/index.js';
import { planTick, recordDispatchResults, scheduleToPlannable } from './plan/index.js';
import type { Plannable } from './plan/plannable.js';
import type { Plan, PlannedDispatch } from './plan/types.js';
import { claimCommitMessage, recordCommitMessage } from './report/commit-message.js';
import { renderStateReadme } from './report/history.js';
import type { DispatchOutcome, TickOutcome } from './report/outcome.js';
import type { Schedule } from './schedules/types.js';
import type { StateDocument } from './state/document.js';
import type { StateSnapshot, StateStore } from './state/store.js';
import type { WorkflowLoader } from './workflows/index.js';

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
  workflows: WorkflowLoader;
  log: (message: string) => void;
  /**
   * State already read by this job (the relay's lease step), used instead of the first read.
   * Safe when stale: the claim is a compare-and-swap, and a lost one re-reads.
   */
  initialSnapshot?: StateSnapshot;
}

/** Everything one planning pass decides; recomputed from scratch after a lost CAS. */
interface Decision {
  plan: Plan;
  /** Schedules and run-at requests planned this pass. */
  plannables: Plannable[];
  intake: IntakeResult;
  applied: ApplyResult;
  announcements: Announcement[];
  state: StateDocument;
  changed: boolean;
}

export async function runTick(input: TickInput): Promise<TickOutcome> {
  const { settings, store, gateway, log } = input;
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
    untrusted: [],
    comments: 0,
  };

  // 1. Observe: the state, the run-at queue (one call per 100 issues), unfinished runs.
  let snapshot = input.initialSnapshot ?? (await store.read());
  noteRelay(outcome, snapshot);
  log(`state read (${snapshot.head?.slice(0, 7) ?? 'no state branch yet'})`); // lifecycle: crash tests kill here
  if (snapshot.readError) {
    outcome.runtimeErrors.push(
      `${snapshot.readError}; starting from an empty state (the old file stays in the branch history)`,
    );
  }
  const openIssues = await gateway.listOpenIssues(settings.issueLabel);
  const schedulePlannables = input.schedules.map(scheduleToPlannable);
  const firstIntake = intake(input, openIssues, snapshot.doc);
  const observations = await observeRuns({
    gateway,
    state: snapshot.doc,
    plannables: [...schedulePlannables, ...firstIntake.plannables],
    now: settings.now,
    log,
    checker: settings.checker, // lifecycle: an earlier attempt of this run has ended
  });

  // 2. Decide and claim, re-deciding on top of whatever another checker wrote.
  let decision = decide(input, snapshot, openIssues, schedulePlannables, observations, firstIntake);
  for (let attempt = 1; ; attempt++) {
    if (settings.dryRun || !decision.changed) break;
    const written = await store.write(
      snapshot,
      decision.state,
      claimCommitMessage(decision.plan, settings.now, settings.checker, [
        ...decision.intake.notes,
        ...decision.applied.notes,
      ]),
      stateReadme(decision.state, settings.now, plannablesOf(decision), decision.applied.inFlight),
    );
    if (written.ok) {
      log(`state claimed (${written.head.slice(0, 7)})`);
      outcome.commits.push(written.head);
      snapshot = { doc: decision.state, head: written.head };
      break;
    }
    if (attempt >= MAX_CAS_ATTEMPTS) {
      outcome.runtimeErrors.push(
        `the state branch ${settings.stateBranch} changed under this tick ${attempt} times in a row; nothing was dispatched — the next tick will try again`,
      );
      const { plan } = decision;
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
    noteRelay(outcome, snapshot);
    decision = decide(input, snapshot, openIssues, schedulePlannables, observations);
  }
  const { plan, intake: queue } = decision;
  outcome.plan = plan;
  outcome.plannables = plannablesOf(decision);
  outcome.inFlight = decision.applied.inFlight;
  outcome.runtimeErrors.push(...(observations.errors ?? []));
  outcome.untrusted = queue.untrusted;
  outcome.configErrors.push(...queue.errors);
  for (const message of plan.errors) {
    outcome.configErrors.push(
      new ConfigError({
        source: message.startsWith('run-now') ? 'input run-now' : 'schedules',
        message,
      }),
    );
  }
  if (settings.dryRun || !decision.changed) return outcome;

  // 3. Act: cancel what must stop, acknowledge issues, dispatch what was claimed.
  for (const cancel of [...decision.applied.timeouts, ...plan.cancels]) {
    try {
      await gateway.cancelRun(cancel.runId);
      log(`cancelled run ${cancel.runId} (${cancel.source})`);
    } catch (error) {
      outcome.runtimeErrors.push(messageOf(error));
    }
  }
  const conversation: ConversationContext = {
    gateway,
    label: settings.issueLabel,
    threads: snapshot.doc.threads ?? {},
    knownLabels: new Set(snapshot.doc.labels ?? []),
    issueLabels: new Map(
      openIssues.map((i) => [
        i.number,
        i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
      ]),
    ),
    log,
    errors: outcome.runtimeErrors,
  };
  for (const comment of queue.comments) {
    await postComment(conversation, comment);
    outcome.comments++;
  }
  let defaultBranch = defaultBranchFromEvent(settings);
  for (const dispatch of plan.dispatches) {
    const at = settings.now;
    try {
      defaultBranch ??= await gateway.getDefaultBranch();
      const result = await gateway.dispatchWorkflow(
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
      const ambiguous = error instanceof GitHubError && error.ambiguous;
      outcome.dispatched.push({ dispatch, ok: false, at, error: messageOf(error), ambiguous });
      log(`dispatch failed for ${dispatch.occurrence.id}: ${messageOf(error)}`);
    }
  }

  // 4. Record results, learned comment ids and claims on the announcements they call for.
  const learnedThreads = conversation.threads;
  let announcements: Announcement[] = [...decision.announcements];
  const needsRecord = outcome.dispatched.length > 0 || queue.comments.length > 0;
  for (let attempt = 1; needsRecord; attempt++) {
    const next = recordDispatchResults(
      snapshot.doc,
      outcome.dispatched.map(toResult),
      settings.historyLimit,
    );
    next.threads = mergeThreads(next.threads ?? {}, learnedThreads);
    next.labels = [...conversation.knownLabels].sort();
    const fresh = planAnnouncements(
      next,
      next.threads,
      queue.requests,
      settings.now,
      settings.issueLabel,
    );
    claimAnnouncements(next.threads, fresh);
    log('recording results'); // lifecycle: crash tests kill here (before the final commit)
    const recorded = {
      ...next,
      updatedAt: settings.now.toISOString(),
      updatedBy: settings.checker,
    };
    const written = await store.write(
      snapshot,
      recorded,
      recordCommitMessage(outcome.dispatched, settings.now, settings.checker),
      stateReadme(recorded, settings.now, plannablesOf(decision), decision.applied.inFlight),
    );
    if (written.ok) {
      outcome.commits.push(written.head);
      announcements = [...announcements, ...fresh];
      break;
    }
    if (attempt >= MAX_CAS_ATTEMPTS) {
      outcome.runtimeErrors.push(
        `could not record the results on ${settings.stateBranch} after ${attempt} attempts; the claims stay and the next tick resolves them`,
      );
      break;
    }
    snapshot = await store.read();
    noteRelay(outcome, snapshot);
  }

  // 5. Tell the issues what happened (claimed above, so at most once).
  for (const a of announcements) {
    await announce(conversation, a);
    outcome.comments++;
  }
  return outcome;
}

/** The relay lease as last read, so a relay notices when another checker took it over. */
function noteRelay(outcome: TickOutcome, snapshot: StateSnapshot): void {
  if (snapshot.doc.relay) outcome.relayLease = snapshot.doc.relay;
  else delete outcome.relayLease;
}

/** The state branch's README.md: a person's view of state.json, rewritten with every commit. */
function stateReadme(
  state: StateDocument,
  now: Date,
  plannables: readonly Plannable[],
  inFlight: ApplyResult['inFlight'],
): Record<string, string> {
  return { 'README.md': renderStateReadme(state, now, { plannables, inFlight }) };
}

function plannablesOf(decision: Decision): Plannable[] {
  return decision.plannables;
}

function intake(input: TickInput, issues: IssueSummary[], state: StateDocument): IntakeResult {
  return intakeIssues({
    issues,
    state,
    now: input.settings.now,
    trustedAuthors: input.settings.trustedAuthors,
    defaultWorkflow: input.settings.defaultWorkflow,
    defaultTimezone: input.settings.timezone,
    workflows: input.workflows,
    label: input.settings.issueLabel,
  });
}

function decide(
  input: TickInput,
  snapshot: StateSnapshot,
  issues: IssueSummary[],
  schedulePlannables: Plannable[],
  observations: RunObservations,
  /** The intake already made from this snapshot (first pass); recomputed after a lost CAS. */
  queueFromSnapshot?: IntakeResult,
): Decision {
  const { settings } = input;
  const queue = queueFromSnapshot ?? intake(input, issues, snapshot.doc);
  const plannables = [...schedulePlannables, ...queue.plannables];
  const applied = applyRunObservations({
    state: snapshot.doc,
    observations,
    plannables,
    now: settings.now,
    historyLimit: settings.historyLimit,
  });
  const planWithin = (maxDispatches: number) =>
    planTick({
      plannables,
      state: applied.state,
      now: settings.now,
      maxDispatches,
      checker: settings.checker,
      claimTtlMs: settings.claimTtlMs,
      historyLimit: settings.historyLimit,
      runNow: settings.runNow,
      keepKeys: { schedules: input.invalidNames, issues: queue.keepKeys },
      buckets: ['schedules', 'issues'],
      inFlight: applied.inFlight,
      endedCheckers: observations.endedCheckers,
    });
  // Budget (issue 6): max-dispatches, lowered to what the primary rate limit left can afford
  // for the due work in dispatch order; the rest is deferred, with the reason.
  let plan = planWithin(settings.maxDispatches);
  const budget = dispatchBudget(
    settings.maxDispatches,
    input.gateway.rateLimit,
    [...plan.dispatches, ...plan.deferred].map((d) => d.occurrence.kind),
  );
  if (budget.maxDispatches < plan.dispatches.length) plan = planWithin(budget.maxDispatches);
  plan.deferred.forEach((d, i) => (d.deferReason = deferralReason(budget, i)));
  const state = plan.state;
  applyCancellations(state, queue.cancelled, settings.now);
  state.threads = queue.threads;
  const announcements = planAnnouncements(
    state,
    state.threads,
    queue.requests,
    settings.now,
    settings.issueLabel,
  );
  claimAnnouncements(state.threads, announcements);
  const threadsChanged =
    JSON.stringify(state.threads) !== JSON.stringify(snapshot.doc.threads ?? {});
  if (Object.keys(state.threads).length === 0 && !snapshot.doc.threads) delete state.threads;
  return {
    plan,
    plannables,
    intake: queue,
    applied,
    announcements,
    state,
    changed:
      plan.changed ||
      applied.changed ||
      threadsChanged ||
      queue.cancelled.length > 0 ||
      (snapshot.readError !== undefined && snapshot.head !== null),
  };
}

/** Comment ids learned while acting, laid over the threads another checker may have written. */
function mergeThreads(
  base: NonNullable<StateDocument['threads']>,
  learned: NonNullable<StateDocument['threads']>,
): NonNullable<StateDocument['threads']> {
  const out = structuredClone(base);
  for (const [key, thread] of Object.entries(learned)) {
    const target = (out[key] ??= {});
    if (thread.ack?.commentId !== undefined && target.ack)
      target.ack.commentId = thread.ack.commentId;
    if (thread.untrusted?.commentId !== undefined)
      target.untrusted = { commentId: thread.untrusted.commentId };
  }
  return out;
}

/** The inputs sent: the target's, plus `scheduled-run` when the target declares it (SPEC §5). */
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
    ambiguous: o.ambiguous,
    workflow: o.dispatch.target.workflow, // lifecycle: reconciled even once the source is gone
    dispatchedAt: o.at,
    lateMs: o.dispatch.lateMs,
  };
}

function defaultBranchFromEvent(settings: Settings): string | undefined {
  const repository = settings.event.repository as { default_branch?: unknown } | undefined;
  return typeof repository?.default_branch === 'string' ? repository.default_branch : undefined;
}
