/**
 * `mode: validate` — check schedule files (and later run-at issues) without dispatching or
 * writing state; for pull requests that touch schedules/.
 */
import type { ConfigError } from './errors.js';
import type { Settings } from './inputs.js';
import { planTick } from './plan/index.js';
import type { TickOutcome } from './report/outcome.js';
import type { Schedule } from './schedules/types.js';
import { emptyState } from './state/document.js';

export function validateOnly(
  settings: Settings,
  schedules: Schedule[],
  errors: ConfigError[],
): TickOutcome {
  // Plan against an empty state only to list what comes next; nothing is due on first sight.
  const plan = planTick({
    schedules,
    state: emptyState(),
    now: settings.now,
    maxDispatches: 0,
    checker: settings.checker,
    claimTtlMs: settings.claimTtlMs,
    historyLimit: settings.historyLimit,
    buckets: ['schedules'],
  });
  return {
    now: settings.now,
    dryRun: true,
    mode: 'validate',
    plan: { ...plan, dispatches: [], deferred: [], skips: [] },
    dispatched: [],
    configErrors: errors,
    runtimeErrors: [],
    notes: [
      `Validated ${schedules.length + new Set(errors.map((e) => e.source)).size} schedule file(s); nothing dispatched, no state written.`,
    ],
    commits: [],
    stateBranch: settings.stateBranch,
    untrusted: [],
    comments: 0,
  };
}
