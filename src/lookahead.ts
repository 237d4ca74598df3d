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
/**
 * A relay ticks at least this often while it waits, so a run-at issue opened during its window
 * (whose time the relay could not know) fires at most this late, and a lost lease is noticed.
 * A quiet tick costs 3 reads and no write.
 */
export const RELAY_POLL_MS = 2 * 60_000;
/** After a pass with errors a relay waits at least this long before ticking again. */
export const RELAY_ERROR_PAUSE_MS = 60_000;

export interface RelayWait {
  /** Whether the relay still holds its lease, from the state a pass read. */
  holdsLease: (outcome: TickOutcome) => boolean;
}

export interface LookaheadResult {
  outcomes: TickOutcome[];
  /** A relay found its lease taken by another checker (it then stops and hands nothing over). */
  leaseLost?: boolean;
}

/**
 * Ticks now, then again at each due second within `lookaheadMs`. A relay (`relay` given) stays
 * to the window's end even when nothing is due — it is the one checker waiting — ticks at least
 * every RELAY_POLL_MS, and keeps going after a pass with errors (after a pause).
 */
export async function tickWithLookahead(
  lookaheadMs: number,
  clock: Clock,
  tickAt: (now: Date) => Promise<TickOutcome>,
  log: (message: string) => void,
  relay?: RelayWait,
): Promise<LookaheadResult> {
  const started = clock.now().getTime();
  const end = started + lookaheadMs;
  const maxPasses = relay
    ? MAX_PASSES + Math.ceil(lookaheadMs / 60_000) + Math.ceil(lookaheadMs / RELAY_POLL_MS)
    : MAX_PASSES;
  const outcomes = [await tickAt(clock.now())];
  while (lookaheadMs > 0 && outcomes.length < maxPasses) {
    const last = outcomes[outcomes.length - 1]!;
    if (last.dryRun) break;
    if (relay && !relay.holdsLease(last)) {
      log('relay: this checker no longer holds the lease; stopping');
      return { outcomes, leaseLost: true };
    }
    if (!relay && last.runtimeErrors.length > 0) break;
    const now = clock.now().getTime();
    let next = last.plan.nextDue?.getTime() ?? Infinity;
    if (relay) {
      if (last.runtimeErrors.length > 0) next = Math.max(next, now + RELAY_ERROR_PAUSE_MS);
      next = Math.min(next, now + RELAY_POLL_MS);
    }
    if (next > end) break;
    log(`waiting for ${new Date(next).toISOString()} (${relay ? 'relay' : 'lookahead'})`);
    await clock.sleepUntil(new Date(next));
    outcomes.push(await tickAt(clock.now()));
  }
  if (relay && clock.now().getTime() < end) {
    log(`relay: waiting for the end of the window, ${new Date(end).toISOString()}`);
    await clock.sleepUntil(new Date(end));
  }
  return { outcomes };
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
