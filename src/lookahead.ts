/**
 * On-time firing (`lookahead`): GitHub's own cron starts the checker late, so when something
 * falls due within the lookahead window the checker waits in the job and ticks again at the due
 * second, as many times as the window allows. Each pass is a whole tick (fresh state read,
 * compare-and-swap), so a second checker running meanwhile can never cause a double dispatch.
 */
import type { Clock } from './clock.js';
import type { TickOutcome } from './report/outcome.js';

/** Passes per job at most, whatever the window: a guard against a cron that is due every minute. */
export const MAX_PASSES = 30;

export async function tickWithLookahead(
  lookaheadMs: number,
  clock: Clock,
  tickAt: (now: Date) => Promise<TickOutcome>,
  log: (message: string) => void,
): Promise<TickOutcome[]> {
  const started = clock.now().getTime();
  const outcomes = [await tickAt(clock.now())];
  while (lookaheadMs > 0 && outcomes.length < MAX_PASSES) {
    const last = outcomes[outcomes.length - 1]!;
    if (last.dryRun || last.runtimeErrors.length > 0) break;
    const due = last.plan.nextDue;
    if (!due || due.getTime() > started + lookaheadMs) break;
    log(`waiting for ${due.toISOString()} (lookahead)`);
    await clock.sleepUntil(due);
    outcomes.push(await tickAt(clock.now()));
  }
  return outcomes;
}

/** One outcome for outputs and exit status: everything dispatched, skipped and failed. */
export function mergeOutcomes(outcomes: TickOutcome[]): TickOutcome {
  const first = outcomes[0]!;
  const last = outcomes[outcomes.length - 1]!;
  if (outcomes.length === 1) return first;
  return {
    ...last,
    plan: { ...last.plan, skips: outcomes.flatMap((o) => o.plan.skips) },
    dispatched: outcomes.flatMap((o) => o.dispatched),
    // Files and issues were the same on every pass: their errors count once.
    configErrors: first.configErrors,
    runtimeErrors: outcomes.flatMap((o) => o.runtimeErrors),
    notes: outcomes.flatMap((o) => o.notes),
    commits: outcomes.flatMap((o) => o.commits),
    comments: outcomes.reduce((n, o) => n + o.comments, 0),
  };
}
