/** The Action's outputs (SPEC §3), computed from a tick's outcome. Pure. */
import type { TickOutcome } from './outcome.js';

export interface ActionOutputs {
  dispatched: string;
  'dispatched-count': string;
  'skipped-count': string;
  'error-count': string;
  'next-due': string;
}

export function computeOutputs(outcome: TickOutcome): ActionOutputs {
  const dispatched = outcome.dispatched
    .filter((d) => d.ok)
    .map((d) => {
      const o = d.dispatch.occurrence;
      return {
        source: o.source,
        ...(o.kind === 'issue' ? { issue: Number(o.key) } : { name: o.key }),
        scheduled_for: o.scheduledFor.toISOString(),
        attempt: o.attempt,
        ...(d.runId !== undefined ? { run_id: d.runId } : {}),
        ...(d.runUrl !== undefined ? { run_url: d.runUrl } : {}),
      };
    });
  return {
    dispatched: JSON.stringify(dispatched),
    'dispatched-count': String(dispatched.length),
    'skipped-count': String(skippedCount(outcome)),
    'error-count': String(errorCount(outcome)),
    'next-due': outcome.plan.nextDue
      ? outcome.plan.nextDue.toISOString().replace('.000Z', 'Z')
      : '',
  };
}

export function errorCount(outcome: TickOutcome): number {
  return (
    outcome.configErrors.length +
    outcome.runtimeErrors.length +
    outcome.dispatched.filter((d) => !d.ok).length
  );
}

/** Skipped occurrences, plus run-at issues from untrusted authors (a skip, SPEC §7.4). */
export function skippedCount(outcome: TickOutcome): number {
  return outcome.plan.skips.reduce((n, s) => n + s.count, 0) + outcome.untrusted.length;
}
