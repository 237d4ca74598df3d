/**
 * Correlation (SPEC §5, issue 4 item 1): which run in one workflow's runs list belongs to which
 * occurrence. Pure. In order of trust:
 *
 * 1. the run id the dispatch answered with (200 + `return_run_details`);
 * 2. the occurrence id in the run's `display_title` (the target puts `scheduled-run` in its
 *    `run-name`);
 * 3. approximate: a `workflow_dispatch` run created at or after the dispatch (minus a small
 *    clock skew, at most APPROXIMATE_WINDOW_MS after it), by the dispatching actor when known,
 *    whose title names no occurrence and that no other record holds. Used only when no run in
 *    the list carries an occurrence id in its title: if the target's `run-name` shows them, a
 *    missing title means "not visible yet", never "some other run".
 */
import type { WorkflowRunSummary } from '../github/gateway.js';
import { APPROXIMATE_WINDOW_MS, CLOCK_SKEW_MS } from './follow.js';

export type MatchKind = 'id' | 'title' | 'approximate';

export interface Wanted {
  /** Unique per wanted run (e.g. `record:<occurrence id>`). */
  token: string;
  /** Occurrence id. */
  id: string;
  runId?: number;
  /** When the dispatch call was made, ms. */
  dispatchedAt: number;
}

export interface Match {
  run: WorkflowRunSummary;
  how: MatchKind;
}

/** An occurrence id as the Action writes it, anywhere in a title. */
const OCCURRENCE_IN_TITLE = /@\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#\d/;

/** Whether `title` names occurrence `id` (and not, say, `…#12` when looking for `…#1`). */
export function titleNames(title: string, id: string): boolean {
  let from = 0;
  for (;;) {
    const i = title.indexOf(id, from);
    if (i < 0) return false;
    const next = title.charAt(i + id.length);
    if (!/\d/.test(next)) return true;
    from = i + 1;
  }
}

export function titleNamesAnyOccurrence(title: string): boolean {
  return OCCURRENCE_IN_TITLE.test(title);
}

/**
 * The dispatching actor: the caller's when given, else the actor of the newest run in the list
 * that is known to be ours (its id is held by a record).
 */
export function dispatchingActor(
  runs: readonly WorkflowRunSummary[],
  ours: ReadonlySet<number>,
  given?: string,
): string | undefined {
  if (given) return given;
  let best: WorkflowRunSummary | undefined;
  for (const run of runs) {
    if (!ours.has(run.id) || !run.actor) continue;
    if (!best || run.createdAt > best.createdAt) best = run;
  }
  return best?.actor;
}

/**
 * Matches wanted runs to listed runs. `taken` holds run ids already recorded for some
 * occurrence (never matched again by title or approximately); matched runs are added to it.
 */
export function correlate(
  runs: readonly WorkflowRunSummary[],
  wanted: readonly Wanted[],
  taken: Set<number>,
  actor?: string,
): Map<string, Match> {
  const out = new Map<string, Match>();
  const byId = new Map(runs.map((r) => [r.id, r]));

  // 1. By run id.
  for (const w of wanted) {
    if (w.runId === undefined) continue;
    const run = byId.get(w.runId);
    if (run) out.set(w.token, { run, how: 'id' });
    taken.add(w.runId);
  }

  // 2. By the occurrence id in the title (newest run first when a title repeats).
  for (const w of wanted) {
    if (w.runId !== undefined) continue;
    const run = runs.find((r) => !taken.has(r.id) && titleNames(r.displayTitle, w.id));
    if (!run) continue;
    out.set(w.token, { run, how: 'title' });
    taken.add(run.id);
  }

  // 3. Approximately, only when this workflow's titles carry no occurrence ids at all.
  if (runs.some((r) => titleNamesAnyOccurrence(r.displayTitle))) return out;
  const open = wanted
    .filter((w) => w.runId === undefined && !out.has(w.token))
    .sort((a, b) => a.dispatchedAt - b.dispatchedAt || cmp(a.id, b.id));
  if (open.length === 0) return out;
  const pool = runs
    .filter((r) => !taken.has(r.id) && (!actor || !r.actor || r.actor === actor))
    .map((r) => ({ run: r, at: Date.parse(r.createdAt) }))
    .filter((x) => !Number.isNaN(x.at))
    .sort((a, b) => a.at - b.at || a.run.id - b.run.id);
  for (const w of open) {
    const i = pool.findIndex(
      (x) =>
        x.at >= w.dispatchedAt - CLOCK_SKEW_MS && x.at <= w.dispatchedAt + APPROXIMATE_WINDOW_MS,
    );
    if (i < 0) continue;
    const [picked] = pool.splice(i, 1);
    out.set(w.token, { run: picked!.run, how: 'approximate' });
    taken.add(picked!.run.id);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
