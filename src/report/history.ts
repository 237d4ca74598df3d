/**
 * What ran, when, how it ended, what is next — for the job summary and for a README.md written
 * beside state.json on the state branch (issue 4 item 9). Pure: Markdown from the state, the
 * plannables and a pinned `now`; nothing here reads the clock or the network.
 *
 * - renderRunHistory: per schedule / issue, the last runs (result, run link, lateness), the
 *   success rate and lateness, retries owed and claims in flight.
 * - renderGantt: a Mermaid `gantt` of the next 24 hours of occurrences (GitHub renders Mermaid
 *   in job summaries and Markdown files); dense schedules collapse into one bar.
 * - renderStateReadme: the state branch's README.md (both of the above, plus an overview table).
 */
import { describeLease } from '../relay/lease.js';
import { jitterOffsetMs, parseOccurrenceId } from '../plan/occurrence.js';
import type { Plannable } from '../plan/plannable.js';
import type { InFlightRun } from '../plan/planner.js';
import { countBetween, nextTimes, type Timeline } from '../plan/scan.js';
import type { EntryState, RunRecord, StateDocument } from '../state/document.js';
import { pad2, partsFromNaive } from '../time/calendar.js';
import { formatDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';

export const DEFAULT_RUNS_PER_SOURCE = 5;
export const GANTT_HORIZON_MS = 24 * 60 * 60_000;
/** A source with more occurrences than this in the horizon is drawn as one bar. */
export const GANTT_MAX_MILESTONES = 12;

export interface HistoryOptions {
  /** Active runs from reconciliation (`applyRunObservations().inFlight`), for a live status. */
  inFlight?: Readonly<Record<string, readonly InFlightRun[]>>;
  /** Rows per source (default 5). */
  runsPerSource?: number;
  /** Markdown heading level of the section (default 3: `###`); sources get one more. */
  level?: number;
  /** List the claims being dispatched (default true; the job summary has its own table). */
  claims?: boolean;
}

export interface HistoryStats {
  /** Runs with a final conclusion other than `unknown`. */
  concluded: number;
  succeeded: number;
  /** succeeded / concluded, null when nothing concluded. */
  rate: number | null;
  dispatchFailures: number;
  skipped: number;
  /** Lateness (due → dispatched) of first attempts, ms. */
  lateness: { median: number; max: number } | null;
}

export function historyStats(history: readonly RunRecord[]): HistoryStats {
  let concluded = 0;
  let succeeded = 0;
  let dispatchFailures = 0;
  let skipped = 0;
  const late: number[] = [];
  for (const r of history) {
    if (r.outcome === 'skipped') skipped += r.count ?? 1;
    if (r.outcome === 'dispatch-failed' && !r.ambiguous) dispatchFailures++;
    if (r.outcome === 'dispatched' && r.conclusion && r.conclusion !== 'unknown') {
      concluded++;
      if (r.conclusion === 'success') succeeded++;
    }
    if (r.outcome === 'dispatched' && r.attempt === 1 && typeof r.lateMs === 'number') {
      late.push(r.lateMs);
    }
  }
  late.sort((a, b) => a - b);
  return {
    concluded,
    succeeded,
    rate: concluded > 0 ? succeeded / concluded : null,
    dispatchFailures,
    skipped,
    lateness:
      late.length > 0
        ? { median: late[Math.floor((late.length - 1) / 2)]!, max: late.at(-1)! }
        : null,
  };
}

/** `3 of 4 (75%)`, or `—` when no run has finished. */
export function formatRate(stats: HistoryStats): string {
  if (stats.rate === null) return '—';
  return `${stats.succeeded} of ${stats.concluded} (${Math.round(stats.rate * 100)}%)`;
}

/** The "Recent runs" section; empty string when no source has any history, claim or retry. */
export function renderRunHistory(
  state: StateDocument,
  now: Date,
  options: HistoryOptions = {},
): string {
  const level = options.level ?? 3;
  const limit = options.runsPerSource ?? DEFAULT_RUNS_PER_SOURCE;
  const showClaims = options.claims ?? true;
  const sources = entriesOf(state).filter(
    ({ entry }) =>
      entry.history.length > 0 ||
      (showClaims && entry.claims.length > 0) ||
      (entry.pending?.length ?? 0) > 0,
  );
  if (sources.length === 0) return '';
  const out: string[] = [`${'#'.repeat(level)} Recent runs`, ''];
  for (const { source, entry } of sources) {
    const stats = historyStats(entry.history);
    out.push(`${'#'.repeat(level + 1)} \`${source}\``, '');
    const facts = [`**Success rate:** ${formatRate(stats)}`];
    if (stats.lateness) {
      facts.push(
        `**Lateness:** median ${formatDuration(stats.lateness.median)}, max ${formatDuration(stats.lateness.max)}`,
      );
    }
    if (stats.dispatchFailures > 0) facts.push(`**Dispatch failures:** ${stats.dispatchFailures}`);
    if (stats.skipped > 0) facts.push(`**Skipped:** ${stats.skipped}`);
    out.push(facts.join(' · '), '');
    for (const p of entry.pending ?? []) {
      const when =
        Date.parse(p.notBefore) <= now.getTime() ? 'now' : formatUtc(new Date(p.notBefore));
      out.push(
        `- ${p.reason === 'retry' ? 'Retry' : 'Re-dispatch'} owed: attempt ${p.attempt} of the ${formatUtc(new Date(p.scheduledFor))} occurrence, not before ${when}`,
      );
    }
    const claims = showClaims ? entry.claims : [];
    for (const c of claims) {
      out.push(
        `- Being dispatched: \`${c.id}\` (claimed by checker ${c.checker}, lease until ${formatUtc(new Date(c.expiresAt))})`,
      );
    }
    if ((entry.pending?.length ?? 0) + claims.length > 0) out.push('');
    if (entry.history.length > 0) {
      out.push('| Scheduled for | Attempt | Result | Run | Late |', '|---|---|---|---|---|');
      for (const r of entry.history.slice(0, Math.max(0, limit))) {
        out.push(
          `| ${formatUtc(new Date(r.scheduledFor))} | ${attemptCell(r)} | ${cell(resultOf(r, options.inFlight))} | ${runCell(r)} | ${r.lateMs === undefined ? '' : formatDuration(r.lateMs)} |`,
        );
      }
      if (entry.history.length > limit) {
        out.push('', `_${entry.history.length - limit} older record(s) on the state branch._`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

/** The result of one record in words, with an emoji a person can scan. */
export function resultOf(
  r: RunRecord,
  inFlight?: Readonly<Record<string, readonly InFlightRun[]>>,
): string {
  const why = r.reason ? ` — ${r.reason}` : '';
  switch (r.outcome) {
    case 'skipped':
      return `⏭️ skipped${(r.count ?? 1) > 1 ? ` ×${r.count}` : ''}${why}`;
    case 'cancelled':
      return `🚫 cancelled${why}`;
    case 'dispatch-failed':
      return r.ambiguous
        ? `⚠️ dispatch failed, checking whether a run started${why}`
        : `❌ dispatch failed${why}`;
    case 'dispatched': {
      if (r.conclusion) return `${CONCLUSION_ICON[r.conclusion] ?? '•'} ${r.conclusion}${why}`;
      const source = parseOccurrenceId(r.id)?.source;
      const live = source
        ? inFlight?.[source]?.find((x) => r.runId !== undefined && x.runId === r.runId)
        : undefined;
      return live && live.status !== 'unknown' ? `⏳ ${live.status}` : '⏳ dispatched';
    }
  }
}

const CONCLUSION_ICON: Record<string, string> = {
  success: '✅',
  failure: '❌',
  startup_failure: '❌',
  timed_out: '⏱️',
  cancelled: '🚫',
  skipped: '⏭️',
  neutral: '➖',
  action_required: '✋',
  stale: '🕸️',
  unknown: '❔',
};

function attemptCell(r: RunRecord): string {
  return r.outcome === 'skipped' ? '' : String(r.attempt);
}

function runCell(r: RunRecord): string {
  if (r.runId === undefined) return '—';
  const link = r.runUrl ? `[#${r.runId}](${r.runUrl})` : `#${r.runId}`;
  return r.approximate ? `${link} (matched by time)` : link;
}

export interface GanttOptions {
  /** Default 24 hours. */
  horizonMs?: number;
  /** Retries owed are drawn too when the state is given. */
  state?: StateDocument;
  maxMilestones?: number;
  title?: string;
}

/**
 * A Mermaid gantt of the occurrences due in (now, now + horizon], one section per enabled
 * plannable (UTC); empty string when nothing is due in the horizon.
 */
export function renderGantt(
  plannables: readonly Plannable[],
  now: Date,
  options: GanttOptions = {},
): string {
  const from = now.getTime();
  const to = from + (options.horizonMs ?? GANTT_HORIZON_MS);
  const max = options.maxMilestones ?? GANTT_MAX_MILESTONES;
  const sections: string[] = [];
  const sorted = [...plannables].sort((a, b) => cmp(a.source, b.source));
  for (const p of sorted) {
    if (!p.enabled) continue;
    const t: Timeline = { p, off: jitterOffsetMs(p.source, p.jitterMs) };
    const times = nextTimes(t, from, max + 1).filter((x) => x <= to);
    if (times.length === 0) continue;
    const lines = [`  section ${label(p)}`];
    if (times.length <= max) {
      for (const x of times) lines.push(`  ${hhmm(x)} :milestone, ${ganttDate(x)}, 0m`);
    } else {
      const all = countBetween(t, from, to, 100_000);
      const last = all.last ?? times.at(-1)!;
      lines.push(
        `  ${all.count}${all.capped ? '+' : ''} runs :${ganttDate(times[0]!)}, ${ganttDate(Math.max(last, times[0]! + 60_000))}`,
      );
    }
    sections.push(...lines);
  }
  const owed: string[] = [];
  for (const { source, entry } of options.state ? entriesOf(options.state) : []) {
    for (const p of entry.pending ?? []) {
      const at = Math.max(Date.parse(p.notBefore), from);
      if (Number.isNaN(at) || at > to) continue;
      owed.push(`  ${safe(source)} attempt ${p.attempt} :milestone, ${ganttDate(at)}, 0m`);
    }
  }
  if (owed.length > 0) sections.push('  section retries', ...owed);
  if (sections.length === 0) return '';
  return [
    '```mermaid',
    'gantt',
    `  title ${options.title ?? 'Next 24 hours (UTC)'}`,
    '  dateFormat YYYY-MM-DD HH:mm',
    '  axisFormat %H:%M',
    ...sections,
    '```',
    '',
  ].join('\n');
}

export interface ReadmeOptions extends HistoryOptions {
  /** Draws the next 24 hours when given. */
  plannables?: readonly Plannable[];
  stateFile?: string;
}

/** README.md for the state branch: a person's view of state.json. */
export function renderStateReadme(
  state: StateDocument,
  now: Date,
  options: ReadmeOptions = {},
): string {
  const out: string[] = [
    '# agent-scheduler state',
    '',
    `Generated by agent-scheduler at ${formatUtc(now)}${state.updatedBy ? ` (checker ${state.updatedBy})` : ''}. ` +
      `The state itself is [\`${options.stateFile ?? 'state.json'}\`](${options.stateFile ?? 'state.json'}); ` +
      'every commit on this branch says what its tick did. Do not edit by hand: the next tick rewrites this file.',
    '',
  ];
  if (state.relay) out.push(`**Relay:** ${describeLease(state.relay, now)}.`, '');
  const entries = entriesOf(state);
  if (entries.length === 0) {
    out.push('Nothing has been scheduled yet.', '');
    return out.join('\n');
  }
  out.push(
    '| Source | Last occurrence | Result | Run | Success rate | Owed |',
    '|---|---|---|---|---|---|',
  );
  for (const { source, entry } of entries) {
    const last = entry.history[0];
    const owed = (entry.pending ?? []).map((p) => `${p.reason} #${p.attempt}`).join(', ');
    out.push(
      `| \`${source}\` | ${last ? formatUtc(new Date(last.scheduledFor)) : '—'} | ${last ? cell(resultOf(last, options.inFlight)) : '—'} | ${last ? runCell(last) : ''} | ${formatRate(historyStats(entry.history))} | ${owed || '—'} |`,
    );
  }
  out.push('');
  if (options.plannables) {
    const gantt = renderGantt(options.plannables, now, { state });
    if (gantt) out.push('## Next 24 hours', '', gantt);
  }
  const history = renderRunHistory(state, now, { ...options, level: 2 });
  if (history) out.push(history);
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

function entriesOf(state: StateDocument): { source: string; entry: EntryState }[] {
  const out: { source: string; entry: EntryState }[] = [];
  for (const key of Object.keys(state.schedules).sort()) {
    out.push({ source: `schedule:${key}`, entry: state.schedules[key]! });
  }
  for (const key of Object.keys(state.issues).sort((a, b) => Number(a) - Number(b))) {
    out.push({ source: `issue:${key}`, entry: state.issues[key]! });
  }
  return out;
}

/** A section name Mermaid accepts (no `:`, `#` or `;`). */
function label(p: Plannable): string {
  return safe(p.kind === 'issue' ? `issue ${p.key}` : p.key);
}

function safe(text: string): string {
  return text.replace(/[:#;\n]/g, ' ').trim();
}

function hhmm(ms: number): string {
  const p = partsFromNaive(ms);
  return `${pad2(p.hour)}h${pad2(p.minute)}`;
}

function ganttDate(ms: number): string {
  const p = partsFromNaive(ms);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SummarySectionsInput {
  state: StateDocument;
  now: Date;
  plannables: readonly Plannable[];
  inFlight?: Readonly<Record<string, readonly InFlightRun[]>>;
}

/**
 * The job summary's lifecycle sections: the next 24 hours as a Gantt, then the recent runs per
 * source (claims left out: the summary's own "Dispatched" table shows this tick's dispatches).
 */
export function renderSummarySections(input: SummarySectionsInput): string {
  const out: string[] = [];
  const gantt = renderGantt(input.plannables, input.now, { state: input.state });
  if (gantt) out.push('### Next 24 hours', '', gantt);
  const history = renderRunHistory(input.state, input.now, {
    claims: false,
    ...(input.inFlight ? { inFlight: input.inFlight } : {}),
  });
  if (history) out.push(history);
  return out.join('\n');
}
