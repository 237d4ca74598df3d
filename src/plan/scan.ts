/**
 * Scheduled-time arithmetic for one plannable: jitter, the active window, and bounded
 * enumeration. Every function takes and returns scheduled times (raw instant + offset) in ms
 * and asks the plannable's cron as few times as it can — a cron call is the planner's main cost.
 */
import type { Plannable } from './plannable.js';

/** What the planner needs about one plannable while planning. */
export interface Timeline {
  p: Plannable;
  /** Jitter offset, ms. */
  off: number;
}

/** Raw bounds (fromExclusive, toInclusive] for scheduled times in (fromSf, toSf]; null if empty. */
function rawBounds(t: Timeline, fromSf: number, toSf: number): [number, number] | null {
  let from = fromSf - t.off;
  let to = toSf - t.off;
  if (t.p.startAt) from = Math.max(from, t.p.startAt.getTime() - 1);
  if (t.p.endAt) to = Math.min(to, t.p.endAt.getTime());
  return Number.isFinite(from) && Number.isFinite(to) && from < to ? [from, to] : null;
}

export interface Count {
  /** Exact, or a lower bound when `capped`. */
  count: number;
  capped: boolean;
  /** Latest scheduled time counted (exact even when capped); null when count is 0. */
  last: number | null;
}

/** How many scheduled times lie in (fromSf, toSf], at most `cap + 1` enumerated, and the last. */
export function countBetween(t: Timeline, fromSf: number, toSf: number, cap: number): Count {
  const b = rawBounds(t, fromSf, toSf);
  if (!b) return { count: 0, capped: false, last: null };
  const items = t.p.occurrencesBetween(new Date(b[0]), new Date(b[1]), cap + 1);
  if (items.length <= cap) {
    const last = items.at(-1);
    return { count: items.length, capped: false, last: last ? last.getTime() + t.off : null };
  }
  const last = lastRaw(t, b[0], b[1]);
  return { count: items.length, capped: true, last: last === null ? null : last + t.off };
}

/** The latest scheduled time in (fromSf, toSf], or null. */
export function lastBetween(t: Timeline, fromSf: number, toSf: number): number | null {
  const b = rawBounds(t, fromSf, toSf);
  if (!b) return null;
  const last = lastRaw(t, b[0], b[1]);
  return last === null ? null : last + t.off;
}

const PROBE_LIMIT = 512;

/**
 * Latest raw instant in (from, to] without enumerating the whole range: probe windows ending at
 * `to` that double until one holds an occurrence (cron resolution is a minute).
 */
function lastRaw(t: Timeline, from: number, to: number): number | null {
  let span = 60_000;
  for (;;) {
    let lo = Math.max(from, to - span);
    let found: number | null = null;
    for (;;) {
      const items = t.p.occurrencesBetween(new Date(lo), new Date(to), PROBE_LIMIT);
      const last = items.at(-1);
      if (!last) break;
      found = last.getTime();
      if (items.length < PROBE_LIMIT) break;
      lo = found;
    }
    if (found !== null) return found;
    if (lo <= from) return null;
    span *= 2;
  }
}

export interface Scan {
  /** Scheduled times in (fromSf, nowSf], ascending, at most `cap`. */
  due: number[];
  /** More than `cap` were due. */
  more: boolean;
  /** First scheduled time after nowSf (null: none, the cron or its window has ended). */
  next: number | null;
}

/**
 * Walks forward from fromSf: the due times up to nowSf and, in the same cron call when it can,
 * the first one after — what a quiet tick needs for `nextDue`.
 */
export function scanDue(t: Timeline, fromSf: number, nowSf: number, cap: number): Scan {
  const due: number[] = [];
  const hi = nowSf - t.off;
  const end = t.p.endAt ? t.p.endAt.getTime() : Number.POSITIVE_INFINITY;
  let after = fromSf - t.off;
  if (t.p.startAt) after = Math.max(after, t.p.startAt.getTime() - 1);
  let k = 2;
  for (;;) {
    const batch = t.p.occurrencesAfter(new Date(after), k);
    for (const d of batch) {
      const raw = d.getTime();
      if (raw > end) return { due, more: false, next: null };
      if (raw > hi) return { due, more: false, next: raw + t.off };
      if (due.length >= cap) return { due, more: true, next: nextAfter(t, nowSf) };
      due.push(raw + t.off);
    }
    const last = batch.at(-1);
    if (batch.length < k || !last) return { due, more: false, next: null };
    after = last.getTime();
    k = Math.min(k * 4, 1024);
  }
}

/** The first `count` scheduled times after afterSf (respecting start-at and end-at). */
export function nextTimes(t: Timeline, afterSf: number, count: number): number[] {
  let after = afterSf - t.off;
  if (t.p.startAt) after = Math.max(after, t.p.startAt.getTime() - 1);
  const end = t.p.endAt ? t.p.endAt.getTime() : Number.POSITIVE_INFINITY;
  const out: number[] = [];
  for (const d of t.p.occurrencesAfter(new Date(after), count)) {
    if (d.getTime() > end) break;
    out.push(d.getTime() + t.off);
  }
  return out;
}

function nextAfter(t: Timeline, afterSf: number): number | null {
  return nextTimes(t, afterSf, 1)[0] ?? null;
}
