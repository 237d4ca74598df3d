/**
 * The job summary: what was dispatched, skipped (and why), failed, and what is next. Pure:
 * returns Markdown; main.ts writes it to GITHUB_STEP_SUMMARY.
 */
import type { Schedule } from '../schedules/types.js';
import { describeCron, formatInZone, formatRelative, formatUtc } from '../time/index.js';
import { formatDuration } from '../time/duration.js';
import type { TickOutcome } from './outcome.js';
import { renderSummarySections } from './history.js';
import { scheduleToPlannable, type Plannable } from '../plan/plannable.js';
import type { InFlightRun } from '../plan/planner.js';
import { skippedCount } from './outputs.js';

export interface SummaryContext {
  outcome: TickOutcome;
  schedules: Schedule[];
  /** How many upcoming occurrences to list. */
  upcomingLimit?: number;
  /** Lifecycle (issue 4): everything planned this tick, for the Gantt (default: the schedules). */
  plannables?: readonly Plannable[];
  /** Lifecycle (issue 4): active runs from reconciliation, for a live status in the history. */
  inFlight?: Readonly<Record<string, readonly InFlightRun[]>>;
}

export function renderSummary({
  outcome,
  schedules,
  upcomingLimit = 10,
  plannables,
  inFlight,
}: SummaryContext): string {
  const { plan, now } = outcome;
  const byKey = new Map(schedules.map((s) => [`schedule:${s.name}`, s]));
  const out: string[] = [];
  const mode = outcome.mode === 'validate' ? ' (validate)' : outcome.dryRun ? ' (dry run)' : '';
  out.push(`## agent-scheduler tick${mode} — ${formatUtc(now)}`, '');

  const ok = outcome.dispatched.filter((d) => d.ok);
  const failed = outcome.dispatched.filter((d) => !d.ok);
  const wouldDispatch = outcome.dryRun ? plan.dispatches.length : 0;
  out.push(
    `**${ok.length} dispatched** · ${skippedCount(outcome)} skipped · ` +
      `${plan.deferred.length} deferred · ${outcome.configErrors.length + failed.length + outcome.runtimeErrors.length} errors` +
      (wouldDispatch ? ` · ${wouldDispatch} would be dispatched` : ''),
    '',
  );

  if (outcome.dryRun && plan.dispatches.length > 0) {
    out.push(
      '### Would dispatch (dry run)',
      '',
      '| Source | Scheduled for | Late | Workflow |',
      '|---|---|---|---|',
    );
    for (const d of plan.dispatches) {
      out.push(
        `| \`${d.occurrence.source}\` | ${cell(formatUtc(d.occurrence.scheduledFor))} | ${formatDuration(d.lateMs)} | \`${d.target.workflow}\` |`,
      );
    }
    out.push('');
  }

  if (outcome.dispatched.length > 0) {
    out.push(
      '### Dispatched',
      '',
      '| Source | Scheduled for | Late | Workflow | Run |',
      '|---|---|---|---|---|',
    );
    for (const d of outcome.dispatched) {
      const run = d.ok
        ? d.runUrl
          ? `[#${d.runId}](${d.runUrl})`
          : 'dispatched (run id not returned)'
        : `❌ ${cell(d.error ?? 'failed')}`;
      out.push(
        `| \`${d.dispatch.occurrence.source}\` | ${cell(formatUtc(d.dispatch.occurrence.scheduledFor))} | ${formatDuration(d.dispatch.lateMs)} | \`${d.dispatch.target.workflow}\` | ${run} |`,
      );
    }
    out.push('');
  }

  if (plan.skips.length > 0 || outcome.untrusted.length > 0) {
    out.push(
      '### Skipped',
      '',
      '| Source | Scheduled for | Occurrences | Why |',
      '|---|---|---|---|',
    );
    for (const u of outcome.untrusted) {
      out.push(`| \`issue:${u.issue}\` | — | 1 | ${cell(`untrusted: ${u.reason}`)} |`);
    }
    for (const s of plan.skips) {
      out.push(
        `| \`${s.source}\` | ${cell(formatUtc(s.scheduledFor))} | ${s.count} | ${cell(s.reason)} |`,
      );
    }
    out.push('');
  }

  if (plan.deferred.length > 0) {
    out.push(
      '### Deferred to the next tick',
      '',
      `Over the per-tick budget (\`max-dispatches\`, lowered when the API rate limit is nearly spent); not claimed, so the next tick dispatches them, highest priority first, while they are inside their catch-up window.`,
      '',
      '| Source | Scheduled for | Priority | Why |',
      '|---|---|---|---|',
    );
    for (const d of plan.deferred) {
      out.push(
        `| \`${d.occurrence.source}\` | ${cell(formatUtc(d.occurrence.scheduledFor))} | ${d.target.priority} | ${cell(d.deferReason ?? 'waits for the next tick')} |`,
      );
    }
    out.push('');
  }

  if (outcome.configErrors.length > 0 || outcome.runtimeErrors.length > 0) {
    out.push('### Errors', '', '| Where | Problem | Hint |', '|---|---|---|');
    for (const e of outcome.configErrors) {
      const where = [e.source, e.line, e.line ? e.column : undefined]
        .filter((x) => x !== undefined)
        .join(':');
      out.push(`| \`${cell(where)}\` | ${cell(e.message)} | ${cell(e.hint ?? '')} |`);
    }
    for (const e of outcome.runtimeErrors) out.push(`| GitHub API | ${cell(e)} | |`);
    out.push('');
  }

  const upcoming = plan.upcoming.slice(0, upcomingLimit);
  out.push(
    `### Next ${upcoming.length > 0 ? upcoming.length : ''} occurrences`.replace('  ', ' '),
    '',
  );
  if (upcoming.length === 0) {
    out.push('Nothing is scheduled.', '');
  } else {
    out.push('| When (UTC) | Local time | In | Source | Schedule |', '|---|---|---|---|---|');
    for (const u of upcoming) {
      const s = byKey.get(u.source);
      const local = s ? formatInZone(u.at, s.timezone) : '';
      const what = s ? `\`${s.cron}\` — ${cell(describeCron(s.cron))}` : '';
      out.push(
        `| ${formatUtc(u.at)} | ${local} | ${formatRelative(u.at, now)} | \`${u.source}\` | ${what} |`,
      );
    }
    out.push('');
  }

  // ---- lifecycle (issue 4, src/report/history.ts): the next 24 hours, the recent runs ----
  if (outcome.mode === 'tick' && plan.state) {
    const lifecycle = renderSummarySections({
      state: plan.state,
      now,
      plannables: plannables ?? schedules.map(scheduleToPlannable),
      ...(inFlight ? { inFlight } : {}),
    });
    if (lifecycle) out.push(lifecycle);
  }
  // ---- end lifecycle ----

  for (const note of outcome.notes) out.push(`> ${note}`, '');
  if (outcome.commits.length > 0) {
    out.push(
      `State: ${outcome.commits.length} commit(s) on \`${outcome.stateBranch}\` (${outcome.commits.map((c) => c.slice(0, 7)).join(', ')}).`,
    );
  } else if (!outcome.dryRun && outcome.mode === 'tick') {
    out.push(`State: unchanged — nothing written to \`${outcome.stateBranch}\`.`);
  }
  return out.join('\n') + '\n';
}

/** Keeps user text from breaking a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
