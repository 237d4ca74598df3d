/**
 * `agent-scheduler status [--json]` — what the checker has done and will do: `state.json` from
 * the state branch (two API calls, as the Action reads it) for the last runs of each schedule,
 * the schedule files here for what is next (through the planner, so "due now" means the next
 * tick fires it), and the open run-at issues still waiting.
 */
import { describeLease } from '../../relay/lease.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IssueSummary } from '../../github/gateway.js';
import {
  DEFAULT_TRUSTED_AUTHORS,
  isTrusted,
  parseRunAtIssue,
  type RunAtRequest,
} from '../../issues/index.js';
import { planTick } from '../../plan/index.js';
import type { Schedule } from '../../schedules/index.js';
import type { EntryState, RunRecord } from '../../state/document.js';
import { StateStore } from '../../state/store.js';
import { CronSpec, formatUtc } from '../../time/index.js';
import { WorkflowLoader, WORKFLOWS_DIR } from '../../workflows/index.js';
import { localTime, plural, printJson, relative, table } from '../format.js';
import { clockOf, styleFor, writeLines, type Io, type Style } from '../io.js';
import { connect, type RemoteOptions } from '../remote.js';
import { DEFAULT_ZONE, iso, loadLocal, nextRuns, type LocalOptions } from '../workspace.js';
import { ANY_WORKFLOW, DEFAULT_LABEL } from './at.js';

export const DEFAULT_STATE_BRANCH = 'agent-scheduler-state';

export interface StatusOptions extends LocalOptions, RemoteOptions {
  stateBranch?: string;
  label?: string;
  json?: boolean;
  /** Runs shown per schedule (default 3). */
  limit?: number;
  /** The Action's `trusted-authors` input. */
  trustedAuthors?: string[];
}

interface ScheduleStatus {
  name: string;
  schedule?: Schedule;
  entry?: EntryState;
  next: Date | null;
  dueNow: boolean;
}

interface IssueStatus {
  issue: IssueSummary;
  /** Why the checker ignores it, when its author is not trusted. */
  untrusted?: string;
  request?: RunAtRequest;
  problems: string[];
  next: Date | null;
  entry?: EntryState;
}

export async function status(options: StatusOptions, io: Io): Promise<number> {
  const now = clockOf(io.env);
  const local = loadLocal(io, options);
  const remote = connect(io, options);
  const branch = options.stateBranch ?? DEFAULT_STATE_BRANCH;
  const label = options.label ?? DEFAULT_LABEL;
  const limit = options.limit ?? 3;

  const snapshot = await new StateStore(remote.gateway, branch).read();
  const doc = snapshot.doc;
  const openIssues = await remote.gateway.listOpenIssues(label);

  // What the next tick would do with these files and this state: budget 0, so everything due
  // is "deferred" — exactly the set the next tick fires.
  const plan = planTick({
    schedules: local.schedules,
    state: doc,
    now,
    maxDispatches: 0,
    checker: 'cli',
    claimTtlMs: 10 * 60_000,
    keepKeys: local.invalidNames,
    upcomingCount: 0,
  });
  const due = new Set(plan.deferred.map((d) => d.occurrence.key));

  const names = [
    ...new Set([...local.schedules.map((s) => s.name), ...Object.keys(doc.schedules)]),
  ].sort();
  const schedules: ScheduleStatus[] = names.map((name) => {
    const schedule = local.schedules.find((s) => s.name === name);
    const next = schedule?.enabled ? (nextRuns(schedule, now, 1)[0] ?? null) : null;
    return { name, schedule, entry: doc.schedules[name], next, dueNow: due.has(name) };
  });

  const workflows = existsSync(join(local.root, WORKFLOWS_DIR))
    ? new WorkflowLoader(local.root)
    : ANY_WORKFLOW;
  const issues: IssueStatus[] = openIssues
    .sort((a, b) => a.number - b.number)
    .map((issue) => {
      const parsed = parseRunAtIssue(issue, {
        defaultTimezone: DEFAULT_ZONE,
        workflows,
        defaultWorkflow: 'default',
      });
      const request = parsed.request;
      let next: Date | null = null;
      if (request?.runAt) next = request.runAt;
      else if (request?.cron)
        next = CronSpec.parse(request.cron, request.timezone).next(now, 1)[0] ?? null;
      const trust = isTrusted(issue, options.trustedAuthors ?? DEFAULT_TRUSTED_AUTHORS);
      return {
        issue,
        ...(trust.trusted ? {} : { untrusted: trust.reason }),
        request,
        problems: parsed.errors.map((e) => e.format()),
        next,
        entry: doc.issues[String(issue.number)],
      };
    });

  if (options.json) {
    printJson(io.stdout, {
      repository: `${remote.owner}/${remote.repo}`,
      state_branch: branch,
      head: snapshot.head,
      ...(snapshot.readError ? { read_error: snapshot.readError } : {}),
      updated_at: doc.updatedAt || null,
      updated_by: doc.updatedBy || null,
      now: iso(now),
      ...(doc.relay
        ? {
            relay: {
              holder: doc.relay.holder ?? null,
              since: doc.relay.since,
              expires_at: doc.relay.expiresAt,
              alive: Date.parse(doc.relay.expiresAt) > now.getTime(),
              handovers: doc.relay.handovers,
              chain_since: doc.relay.chainSince,
              ...(doc.relay.lastGapMs !== undefined ? { last_gap_ms: doc.relay.lastGapMs } : {}),
            },
          }
        : {}),
      schedules: schedules.map((s) => ({
        name: s.name,
        ...(s.schedule
          ? { cron: s.schedule.cron, timezone: s.schedule.timezone, enabled: s.schedule.enabled }
          : { missing_locally: true }),
        next_due: s.dueNow ? iso(now) : s.next ? iso(s.next) : null,
        due_now: s.dueNow,
        last_runs: (s.entry?.history ?? []).slice(0, limit).map(recordJson),
        claims: (s.entry?.claims ?? []).map((c) => ({
          id: c.id,
          checker: c.checker,
          expires_at: c.expiresAt,
        })),
        pending: (s.entry?.pending ?? []).map((p) => ({
          id: p.id,
          reason: p.reason,
          not_before: p.notBefore,
        })),
      })),
      issues: issues.map((i) => ({
        number: i.issue.number,
        title: i.issue.title,
        url: i.issue.html_url,
        ...(i.request?.runAt ? { run_at: iso(i.request.runAt) } : {}),
        ...(i.request?.cron ? { cron: i.request.cron, timezone: i.request.timezone } : {}),
        next_due: i.next && !i.untrusted ? iso(i.next) : null,
        trusted: !i.untrusted,
        ...(i.untrusted ? { untrusted_reason: i.untrusted } : {}),
        ...(i.problems.length > 0 ? { problems: i.problems } : {}),
        last_runs: (i.entry?.history ?? []).slice(0, limit).map(recordJson),
      })),
    });
    return 0;
  }

  const style = styleFor(io.stdout, io.env);
  const lines: string[] = [];
  if (snapshot.head === null) {
    lines.push(
      `${remote.owner}/${remote.repo}: no state yet — the branch ${branch} does not exist, so the checker has not run (or writes elsewhere: --state-branch).`,
    );
  } else {
    const when = doc.updatedAt ? new Date(doc.updatedAt) : null;
    lines.push(
      `${remote.owner}/${remote.repo} · ${branch} @ ${snapshot.head.slice(0, 7)}` +
        (when && !Number.isNaN(when.getTime())
          ? ` · last written ${formatUtc(when)} (${relative(when, now)})${doc.updatedBy ? ` by checker ${doc.updatedBy}` : ''}`
          : ''),
    );
    if (snapshot.readError)
      lines.push(style.red(`state.json could not be read: ${snapshot.readError}`));
    if (doc.relay) lines.push(`Relay: ${describeLease(doc.relay, now)}`);
  }
  lines.push('');
  if (schedules.length === 0) {
    lines.push('No schedules.');
  } else {
    const rows = schedules.map((s) => {
      const zone = s.schedule?.timezone ?? DEFAULT_ZONE;
      const next = !s.schedule
        ? style.dim('no file here')
        : !s.schedule.enabled
          ? style.yellow('disabled')
          : s.dueNow
            ? style.yellow('due now (the next tick fires it)')
            : s.next
              ? `${localTime(s.next, zone)} (${relative(s.next, now)})`
              : style.dim('none (window ended)');
      return [style.bold(s.name), next, runLines(s.entry, zone, now, limit, style)];
    });
    lines.push(
      ...table(['SCHEDULE', 'NEXT', 'LAST RUNS'], rows).map((l, i) =>
        i === 0 ? style.bold(l) : l,
      ),
    );
  }
  lines.push('');
  if (issues.length === 0) {
    lines.push(`No open run-at issues (label ${label}).`);
  } else {
    const rows = issues.map((i) => {
      const zone = i.request?.timezone ?? DEFAULT_ZONE;
      const when = i.untrusted
        ? style.yellow(`ignored: ${i.untrusted}`)
        : i.problems.length > 0
          ? style.red(`invalid request (${plural(i.problems.length, 'problem')}; see the issue)`)
          : i.next
            ? `${localTime(i.next, zone)} (${relative(i.next, now)})${i.request?.cron ? `, then ${i.request.cron}` : ''}`
            : style.dim('no time');
      return [
        `#${i.issue.number}`,
        when,
        i.request?.workflow ?? '',
        `${i.issue.title}\n${style.dim(i.issue.html_url)}`,
      ];
    });
    lines.push(
      ...table(['RUN-AT ISSUE', 'RUNS AT', 'WORKFLOW', 'TITLE'], rows).map((l, i) =>
        i === 0 ? style.bold(l) : l,
      ),
    );
  }
  writeLines(io.stdout, lines);
  return 0;
}

function runLines(
  entry: EntryState | undefined,
  zone: string,
  now: Date,
  limit: number,
  style: Style,
): string {
  if (!entry) return style.dim('none yet');
  const out: string[] = [];
  for (const c of entry.claims) {
    out.push(
      style.yellow(
        `${localTime(new Date(c.scheduledFor), zone)}  dispatching (claimed by ${c.checker})`,
      ),
    );
  }
  for (const p of entry.pending ?? []) {
    const at = new Date(p.notBefore);
    out.push(
      style.yellow(
        `${localTime(new Date(p.scheduledFor), zone)}  ${p.reason} #${p.attempt} ${relative(at, now)}`,
      ),
    );
  }
  for (const r of entry.history.slice(0, limit)) out.push(recordLine(r, zone, style));
  return out.length > 0 ? out.join('\n') : style.dim('none yet');
}

function recordLine(r: RunRecord, zone: string, style: Style): string {
  const when = localTime(new Date(r.scheduledFor), zone);
  const source = r.id.startsWith('manual:') ? ' (run-now)' : '';
  const count = r.count && r.count > 1 ? ` ×${r.count}` : '';
  const outcome =
    r.outcome === 'dispatched'
      ? r.conclusion
        ? r.conclusion === 'success'
          ? style.green(`dispatched → ${r.conclusion}`)
          : style.red(`dispatched → ${r.conclusion}`)
        : 'dispatched'
      : r.outcome === 'dispatch-failed'
        ? style.red(r.outcome)
        : style.dim(r.outcome);
  const detail = r.runUrl ?? r.reason ?? '';
  return `${when}  ${outcome}${count}${source}${detail ? `  ${detail}` : ''}`;
}

function recordJson(r: RunRecord) {
  return {
    id: r.id,
    scheduled_for: r.scheduledFor,
    attempt: r.attempt,
    outcome: r.outcome,
    ...(r.conclusion !== undefined ? { conclusion: r.conclusion } : {}),
    ...(r.runId !== undefined ? { run_id: r.runId } : {}),
    ...(r.runUrl !== undefined ? { run_url: r.runUrl } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    ...(r.count !== undefined ? { count: r.count } : {}),
    decided_at: r.at,
  };
}
