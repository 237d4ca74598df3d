/**
 * `mode: validate` — check schedule files, the run-at issue form and (when a token is given)
 * the open run-at issues, without dispatching, commenting or writing state. For pull requests
 * that touch schedules/ or .github/. The summary lists each schedule's next runs, so a reviewer
 * sees what the change will do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors.js';
import type { GitHubGateway } from './github/gateway.js';
import type { Settings } from './inputs.js';
import { intakeIssues } from './issues/intake.js';
import { planTick, scheduleToPlannable } from './plan/index.js';
import type { TickOutcome } from './report/outcome.js';
import { parseYaml } from './schedules/yaml.js';
import type { Schedule } from './schedules/types.js';
import { emptyState } from './state/document.js';
import type { WorkflowLoader } from './workflows/index.js';

export const ISSUE_FORM = '.github/ISSUE_TEMPLATE/run-at.yml';
/** Upcoming occurrences shown per schedule in validate mode. */
export const RUNS_SHOWN = 5;

export async function validateOnly(
  settings: Settings,
  schedules: Schedule[],
  errors: ConfigError[],
  workflows: WorkflowLoader,
  gateway?: GitHubGateway,
): Promise<TickOutcome> {
  const configErrors = [...errors, ...checkIssueForm(settings.workspace, settings.issueLabel)];
  const notes: string[] = [];
  let issueCount = 0;
  if (gateway) {
    const issues = await gateway.listOpenIssues(settings.issueLabel);
    issueCount = issues.length;
    const queue = intakeIssues({
      issues,
      state: emptyState(),
      now: settings.now,
      trustedAuthors: settings.trustedAuthors,
      defaultWorkflow: settings.defaultWorkflow,
      defaultTimezone: settings.timezone,
      workflows,
      label: settings.issueLabel,
    });
    configErrors.push(...queue.errors);
  }
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
    upcomingCount: 10,
  });
  notes.push(
    `Validated ${schedules.length + new Set(errors.map((e) => e.source)).size} schedule file(s)` +
      (gateway ? ` and ${issueCount} open run-at issue(s)` : '') +
      '; nothing dispatched, no comment posted, no state written.',
  );
  for (const s of schedules.filter((x) => x.enabled)) {
    const runs = scheduleToPlannable(s)
      .occurrencesAfter(settings.now, RUNS_SHOWN)
      .map((d) => d.toISOString().replace(':00.000Z', 'Z'));
    notes.push(`\`${s.name}\` next ${runs.length} runs (UTC): ${runs.join(', ') || 'none'}`);
  }
  return {
    now: settings.now,
    dryRun: true,
    mode: 'validate',
    plan: { ...plan, dispatches: [], deferred: [], skips: [] },
    dispatched: [],
    configErrors,
    runtimeErrors: [],
    notes,
    commits: [],
    stateBranch: settings.stateBranch,
    untrusted: [],
    comments: 0,
  };
}

/** The issue form must exist only optionally; when it does, it must label issues for the queue. */
export function checkIssueForm(workspace: string, label: string): ConfigError[] {
  const path = join(workspace, ISSUE_FORM);
  if (!existsSync(path)) return [];
  const parsed = parseYaml(readFileSync(path, 'utf8'), ISSUE_FORM);
  if (parsed.errors.length > 0) return parsed.errors;
  const form = parsed.value as { labels?: unknown; body?: unknown } | null;
  const labels = Array.isArray(form?.labels)
    ? form.labels
    : typeof form?.labels === 'string'
      ? form.labels.split(',')
      : [];
  const out: ConfigError[] = [];
  if (!labels.map((l) => String(l).trim()).includes(label)) {
    out.push(
      new ConfigError({
        source: ISSUE_FORM,
        ...parsed.locate(['labels'], 'key'),
        message: `the run-at issue form does not apply the label "${label}"`,
        hint: `add it: labels: [${label}] — without it, issues opened with the form are never scheduled`,
      }),
    );
  }
  const ids = Array.isArray(form?.body)
    ? form.body.map((f) => (f as { attributes?: { label?: unknown } })?.attributes?.label)
    : [];
  if (!ids.includes('Run at')) {
    out.push(
      new ConfigError({
        source: ISSUE_FORM,
        ...parsed.locate(['body'], 'key'),
        message: 'the run-at issue form has no field labelled "Run at"',
        hint: 'the scheduler reads the "### Run at" section of the issue body; keep that label',
      }),
    );
  }
  return out;
}
