/**
 * A relay job from start to end (action input `relay`): take the lease (or learn that another
 * checker holds it), tick through the lookahead window as the relay — or once as a follower —
 * and hand over to a successor. main.ts calls this instead of a plain lookahead loop.
 */
import type { Clock } from '../clock.js';
import { tickWithLookahead } from '../lookahead.js';
import type { TickOutcome } from '../report/outcome.js';
import type { StateSnapshot } from '../state/store.js';
import {
  handOverRelay,
  takeRelay,
  type RelayContext,
  type RelayReport,
  type SelfWorkflow,
} from './index.js';

export interface RelayJobInput {
  context: RelayContext;
  self: SelfWorkflow;
  dryRun: boolean;
  clock: Clock;
  /** A tick function whose first pass starts from `initial` (the state the lease step left). */
  tickFrom: (initial?: StateSnapshot) => (now: Date) => Promise<TickOutcome>;
}

export interface RelayJobResult {
  passes: TickOutcome[];
  report: RelayReport;
  /** Lease or successor failures, reported beside the ticks' own errors. */
  errors: string[];
}

export async function runRelayJob(input: RelayJobInput): Promise<RelayJobResult> {
  const { context, clock, dryRun, self } = input;
  const start = await takeRelay(context, clock.now(), { dryRun });
  const report: RelayReport = { start, dryRun, self };
  const isRelay = start.role === 'relay' && !dryRun;
  const result = await tickWithLookahead(
    start.role === 'relay' ? context.windowMs : 0,
    clock,
    input.tickFrom(start.snapshot),
    context.log,
    isRelay ? { holdsLease: (o) => o.relayLease?.holder === context.checker } : undefined,
  );
  if (result.leaseLost) report.leaseLost = true;
  else if (isRelay) report.end = await handOverRelay(context, clock.now(), self);
  const errors = [start.role === 'follower' ? start.error : undefined, report.end?.error].filter(
    (e): e is string => e !== undefined,
  );
  return { passes: result.outcomes, report, errors };
}
