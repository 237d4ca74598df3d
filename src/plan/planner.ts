/**
 * The planner: (plannables, state, now, budget) → Plan. Pure — no I/O, never reads the clock,
 * same inputs → same Plan (SPEC §1, §4, §5; ARCHITECTURE "rules of the house").
 *
 * Per plannable: start the entry from now if it is new or its fingerprint changed; find the
 * occurrences with cursor < scheduledFor <= now (and > since, inside start-at/end-at); drop the
 * ones outside the catch-up window; apply the catch-up policy, then overlap. Across plannables:
 * order every due dispatch (priority, time, source), dispatch the first `maxDispatches`, defer
 * the rest (not claimed, cursor not moved past them). Claims and skips go into the new state.
 */
import { PRIORITY_RANK, type Schedule } from '../schedules/types.js';
import type {
  Claim,
  EntryState,
  PendingDispatch,
  RunRecord,
  StateDocument,
} from '../state/document.js';
import { formatDuration } from '../time/duration.js';
import { jitterOffsetMs, occurrenceId, parseOccurrenceId } from './occurrence.js';
import { bucketOf, scheduleToPlannable, sourceOf, type Plannable } from './plannable.js';
import { boundHistory, cloneState, DEFAULT_HISTORY_LIMIT, pushRecord } from './records.js';
import { countBetween, lastBetween, scanDue, type Timeline } from './scan.js';
import type {
  Bucket,
  Plan,
  PlannedCancel,
  PlannedDispatch,
  PlannedSkip,
  SourceId,
  StaleClaim,
} from './types.js';
import { upcomingAcross } from './upcoming.js';

/** With `catch-up: none`, the newest occurrence still fires when at most this late. */
export const ON_TIME_GRACE_MS = 10 * 60_000;
/** Occurrences counted one by one for a skip; beyond, the count is a lower bound. */
export const COUNT_CAP = 1000;
/** Due occurrences enumerated per plannable and tick (`catch-up: all`); later ones wait. */
export const DUE_CAP = 1000;
export const DEFAULT_UPCOMING = 10;

/** A run of a source that reconciliation found still active. */
export interface InFlightRun {
  /** 0 when the run was dispatched but is not visible in the runs list yet. */
  runId: number;
  /** queued, in_progress, waiting, requested, pending… — anything but `completed` is active. */
  status: string;
  url?: string;
}

export interface PlanInput {
  /** What to plan; `schedules` are converted with scheduleToPlannable and appended. */
  plannables?: readonly Plannable[];
  schedules?: readonly Schedule[];
  state: StateDocument;
  now: Date;
  /** Per-tick budget (run-now included). */
  maxDispatches: number;
  /** `<GITHUB_RUN_ID>.<GITHUB_RUN_ATTEMPT>`, written into claims and `updatedBy`. */
  checker: string;
  claimTtlMs: number;
  historyLimit?: number;
  /** A schedule name to fire now (`manual:<name>`). */
  runNow?: string;
  /**
   * Keys whose source failed to load this tick: their state is left untouched. A plain list
   * means schedule names.
   */
  keepKeys?: readonly string[] | Partial<Record<Bucket, readonly string[]>>;
  /**
   * The buckets this tick planned completely: entries there with no plannable (and not kept)
   * are removed. Default `['schedules']`.
   */
  buckets?: readonly Bucket[];
  /** Active runs per source (`schedule:x`, `manual:x`, `issue:n`), from reconciliation. */
  inFlight?: Readonly<Record<SourceId, readonly InFlightRun[]>>;
  /** Checkers (`runId.attempt`) known to have ended: their claims are stale before expiry. */
  endedCheckers?: readonly string[];
  /** How many upcoming occurrences to list (default 10). */
  upcomingCount?: number;
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

interface SkipFold {
  count: number;
  capped: boolean;
  last: number;
  reason: string;
}

interface Work {
  t: Timeline;
  entry: EntryState;
  skips: SkipFold[];
  fire: number[];
  /** Retries and re-dispatches owed and due now. */
  owed: PendingDispatch[];
  /** The earliest owed dispatch still waiting for its retry-delay. */
  owedNext: number | null;
  /** Active runs that make this source overlap (for cancel-previous). */
  active: readonly InFlightRun[];
  next: number | null;
}

interface Candidate {
  dispatch: PlannedDispatch;
  work: Work | null;
  sf: number;
  rank: number;
  /** Set when the candidate pays a pending retry / re-dispatch (never moves the cursor). */
  owed?: PendingDispatch;
}

export function planTick(input: PlanInput): Plan {
  const now = input.now.getTime();
  const nowIso = input.now.toISOString();
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const errors: string[] = [];
  const started: string[] = [];
  const removed: SourceId[] = [];
  const state = cloneState(input.state);
  let changed = false;

  const keep = keepSets(input.keepKeys);
  const plannables = collectPlannables(input, errors, keep);

  const staleClaims = findStaleClaims(input.state, now, input.endedCheckers);

  // 1. Reset new/changed entries and work out what each plannable has due.
  const works: Work[] = [];
  for (const p of plannables) {
    const bucket = state[p.bucket];
    let entry = bucket[p.key];
    if (entry && Number.isNaN(Date.parse(entry.cursor)) && !Number.isNaN(Date.parse(entry.since))) {
      entry.cursor = entry.since; // a hand-edited cursor: nothing after since was decided
      changed = true;
    }
    if (!entry || entry.fingerprint !== p.fingerprint || Number.isNaN(Date.parse(entry.since))) {
      const since = new Date(Math.min(p.sinceOnReset?.getTime() ?? now, now)).toISOString();
      const fresh: EntryState = {
        fingerprint: p.fingerprint,
        since,
        cursor: since,
        claims: entry?.claims ?? [],
        history: boundHistory(entry?.history ?? [], historyLimit),
      };
      started.push(`${p.source} starts from ${since} (${entry ? 'timing changed' : 'new'})`);
      bucket[p.key] = fresh;
      entry = fresh;
      changed = true;
    }
    if (!p.enabled) continue;
    const t: Timeline = { p, off: jitterOffsetMs(p.source, p.jitterMs) };
    const work = decide(t, entry, now, activeRuns(p, input.inFlight));
    if (owePending(work, now, nowIso, historyLimit)) changed = true;
    works.push(work);
  }

  // 2. Budget: run-now first, then priority, scheduled time, source.
  const candidates: Candidate[] = [];
  for (const w of works) {
    for (const owed of w.owed) candidates.push(owedCandidate(w, owed, now));
    for (const sf of w.fire) {
      const { p } = w.t;
      candidates.push({
        work: w,
        sf,
        rank: PRIORITY_RANK[p.priority],
        dispatch: {
          occurrence: {
            source: p.source,
            key: p.key,
            kind: p.kind,
            scheduledFor: new Date(sf),
            attempt: 1,
            id: occurrenceId(p.source, new Date(sf), 1),
          },
          target: p.target,
          lateMs: now - sf,
          bucket: p.bucket,
        },
      });
    }
  }
  candidates.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.sf - b.sf ||
      cmp(a.dispatch.occurrence.source, b.dispatch.occurrence.source),
  );
  const manual = runNowCandidate(input, plannables, keep, state, errors);
  if (manual) candidates.unshift(manual);

  const max = Number.isNaN(input.maxDispatches) ? 0 : Math.floor(input.maxDispatches);
  const budget = Math.max(manual ? 1 : 0, max);
  const dispatches: PlannedDispatch[] = [];
  const deferred: PlannedDispatch[] = [];
  const fired = new Map<Work, number>();
  const claimsFor = new Map<EntryState, Claim[]>();
  const expiresAt = new Date(now + input.claimTtlMs).toISOString();
  for (const c of candidates) {
    if (dispatches.length >= budget) {
      deferred.push(c.dispatch);
      continue;
    }
    dispatches.push(c.dispatch);
    if (c.work) {
      // An owed dispatch is older than the cursor: it never moves it, but it does dispatch.
      const decided = c.owed ? -Infinity : c.sf;
      fired.set(c.work, Math.max(fired.get(c.work) ?? -Infinity, decided));
    }
    const o = c.dispatch.occurrence;
    const entry = state[c.dispatch.bucket][o.key]!;
    if (c.owed && entry.pending) {
      const id = c.owed.id;
      entry.pending = entry.pending.filter((x) => x.id !== id);
      if (entry.pending.length === 0) delete entry.pending;
    }
    const claims = claimsFor.get(entry) ?? [];
    claims.push({
      id: o.id,
      scheduledFor: o.scheduledFor.toISOString(),
      attempt: o.attempt,
      checker: input.checker,
      claimedAt: nowIso,
      expiresAt,
    });
    claimsFor.set(entry, claims);
  }

  // 3. Write decisions into the state: claims, skip records, cursors.
  for (const [entry, claims] of claimsFor) {
    entry.claims.push(...claims);
    changed = true;
  }
  const skips: PlannedSkip[] = [];
  const cancels: PlannedCancel[] = [];
  const cancelled = new Set<number>();
  for (const w of works) {
    const { p } = w.t;
    let decided = fired.get(w) ?? -Infinity;
    if (fired.has(w) && p.overlap === 'cancel-previous') {
      for (const run of w.active) {
        if (run.runId <= 0 || cancelled.has(run.runId)) continue;
        cancelled.add(run.runId);
        const cancel: PlannedCancel = { runId: run.runId, source: p.source };
        if (run.url !== undefined) cancel.url = run.url;
        cancels.push(cancel);
      }
    }
    const folds = w.skips.slice().sort((a, b) => a.last - b.last);
    for (const f of folds) {
      decided = Math.max(decided, f.last);
      const skip: PlannedSkip = {
        source: p.source,
        key: p.key,
        kind: p.kind,
        bucket: p.bucket,
        scheduledFor: new Date(f.last),
        count: f.count,
        reason: f.reason,
      };
      if (f.capped) skip.countIsLowerBound = true;
      skips.push(skip);
      const record: RunRecord = {
        id: occurrenceId(p.source, new Date(f.last), 1),
        scheduledFor: new Date(f.last).toISOString(),
        attempt: 1,
        outcome: 'skipped',
        reason: f.reason,
        at: nowIso,
      };
      if (f.count > 1) record.count = f.count;
      pushRecord(w.entry, record, historyLimit);
      changed = true;
    }
    if (decided > Date.parse(w.entry.cursor)) {
      w.entry.cursor = new Date(decided).toISOString();
      changed = true;
    }
  }

  // 4. Entries of planned buckets whose source is gone (and not kept, and holding no claim).
  const present = new Set(plannables.map((p) => `${p.bucket}\u0000${p.key}`));
  for (const bucket of input.buckets ?? ['schedules']) {
    const entries = state[bucket];
    for (const key of Object.keys(entries)) {
      if (present.has(`${bucket}\u0000${key}`) || keep[bucket].has(key)) continue;
      if (entries[key]!.claims.length > 0) continue;
      delete entries[key];
      removed.push(sourceOf(bucket === 'issues' ? 'issue' : 'schedule', key));
      changed = true;
    }
  }

  // 5. What comes next.
  const seeds: { t: Timeline; next: number }[] = [];
  let nextDue: number | null = deferred.length > 0 ? now : null;
  for (const w of works) {
    if (w.owedNext !== null && (nextDue === null || w.owedNext < nextDue)) nextDue = w.owedNext;
    if (w.next === null) continue;
    seeds.push({ t: w.t, next: w.next });
    if (nextDue === null || w.next < nextDue) nextDue = w.next;
  }
  const upcoming = upcomingAcross(seeds, input.upcomingCount ?? DEFAULT_UPCOMING);

  state.updatedAt = nowIso;
  state.updatedBy = input.checker;
  return {
    dispatches,
    deferred,
    skips,
    cancels,
    staleClaims,
    started,
    removed,
    errors,
    state,
    changed,
    nextDue: nextDue === null ? null : new Date(nextDue),
    upcoming,
  };
}

/** One plannable's decisions before the budget: what to fire, what to skip, what is next. */
function decide(t: Timeline, entry: EntryState, now: number, active: InFlightRun[]): Work {
  const { p } = t;
  const work: Work = {
    t,
    entry,
    skips: [],
    fire: [],
    owed: [],
    owedNext: null,
    active,
    next: null,
  };
  const lower = Math.max(Date.parse(entry.cursor), Date.parse(entry.since));
  if (!Number.isFinite(lower)) return work;
  const windowMs = p.catchUpWindowMs;
  // Scheduled times in the window satisfy now - sf <= window, i.e. sf > now - window - 1 ms.
  const windowFloor = Number.isFinite(windowMs) ? now - windowMs - 1 : -Infinity;

  if (windowFloor > lower) {
    const old = countBetween(t, lower, windowFloor, COUNT_CAP);
    if (old.count > 0 && old.last !== null) {
      work.skips.push({
        count: old.count,
        capped: old.capped,
        last: old.last,
        reason: `outside the catch-up window (${formatDuration(windowMs)})`,
      });
    }
  }

  const from = Math.max(lower, windowFloor);
  const scan = scanDue(t, from, now, DUE_CAP);
  work.next = scan.next;
  const due = scan.due;
  if (due.length === 0) return work;

  if (p.catchUp === 'all') {
    work.fire = due;
  } else {
    const newest = scan.more ? (lastBetween(t, from, now) ?? due.at(-1)!) : due.at(-1)!;
    const olderCount = scan.more ? due.length : due.length - 1;
    const olderLast = scan.more ? lastBetween(t, from, newest - 1) : (due.at(-2) ?? null);
    const onTime = p.catchUp === 'latest' || now - newest <= ON_TIME_GRACE_MS;
    const reason =
      p.catchUp === 'latest' ? 'superseded (catch-up: latest)' : 'missed (catch-up: none)';
    if (onTime) {
      work.fire = [newest];
      if (olderCount > 0 && olderLast !== null) {
        work.skips.push({ count: olderCount, capped: scan.more, last: olderLast, reason });
      }
    } else {
      const count = olderCount + 1;
      work.skips.push({ count, capped: scan.more, last: newest, reason });
    }
  }

  if (work.fire.length > 0 && (entry.claims.length > 0 || entry.history.length > 0)) {
    // Already claimed or recorded (a hand-edited cursor?): never a second dispatch.
    const known = new Set([...entry.claims.map((c) => c.id), ...entry.history.map((h) => h.id)]);
    work.fire = work.fire.filter((sf) => !known.has(occurrenceId(p.source, new Date(sf), 1)));
  }

  if (work.fire.length > 0 && active.length > 0 && p.overlap === 'skip') {
    work.skips.push({
      count: work.fire.length,
      capped: false,
      last: work.fire.at(-1)!,
      reason: `${describeRun(active[0]!)} (overlap: skip)`,
    });
    work.fire = [];
  }
  return work;
}

function describeRun(run: InFlightRun): string {
  if (run.runId <= 0) return `previous run (dispatched, not visible yet) still ${run.status}`;
  if (run.status === 'unknown') return `previous run #${run.runId} may still be running`;
  return `previous run #${run.runId} still ${run.status}`;
}

/**
 * Retries and re-dispatches owed by this entry (SPEC §7.8): the ones whose `notBefore` has
 * come are owed now, unless the previous run is still active under `overlap: skip` (they wait,
 * they are not skipped). A re-dispatch whose occurrence left the catch-up window is dropped and
 * recorded. Returns whether the entry changed.
 */
function owePending(work: Work, now: number, nowIso: string, historyLimit: number): boolean {
  const { entry } = work;
  const { p } = work.t;
  if (!entry.pending || entry.pending.length === 0) return false;
  let changed = false;
  const keep: PendingDispatch[] = [];
  const dispatched = new Set(
    entry.history.filter((h) => h.outcome === 'dispatched').map((h) => h.id),
  );
  const claimed = new Set(entry.claims.map((c) => c.id));
  for (const owed of entry.pending) {
    const sf = Date.parse(owed.scheduledFor);
    const notBefore = Date.parse(owed.notBefore);
    if (dispatched.has(owed.id) || Number.isNaN(sf) || !parseOccurrenceId(owed.id)) {
      changed = true; // already paid (or unreadable): forget it
      continue;
    }
    keep.push(owed);
    if (claimed.has(owed.id)) continue; // being dispatched by a checker right now
    if (owed.reason === 'redispatch' && now - sf > p.catchUpWindowMs) {
      keep.pop();
      changed = true;
      pushRecord(
        entry,
        {
          id: owed.id,
          scheduledFor: owed.scheduledFor,
          attempt: owed.attempt,
          outcome: 'dispatch-failed',
          reason: `not re-dispatched: the occurrence left the catch-up window (${formatDuration(p.catchUpWindowMs)}) before its run could be sent again`,
          at: nowIso,
        },
        historyLimit,
      );
      continue;
    }
    if (!(notBefore <= now)) {
      const at = Number.isNaN(notBefore) ? now : notBefore;
      if (work.owedNext === null || at < work.owedNext) work.owedNext = at;
      continue;
    }
    if (p.overlap === 'skip' && work.active.length > 0) continue; // waits for the run to end
    work.owed.push(owed);
  }
  if (changed) {
    if (keep.length > 0) entry.pending = keep;
    else delete entry.pending;
  }
  return changed;
}

function owedCandidate(w: Work, owed: PendingDispatch, now: number): Candidate {
  const { p } = w.t;
  const parsed = parseOccurrenceId(owed.id)!;
  const sf = Date.parse(owed.scheduledFor);
  const kind = parsed.source.startsWith('manual:') ? 'manual' : p.kind;
  const dispatch: PlannedDispatch = {
    occurrence: {
      source: parsed.source,
      key: p.key,
      kind,
      scheduledFor: new Date(sf),
      attempt: owed.attempt,
      id: owed.id,
    },
    target: p.target,
    lateMs: Math.max(0, now - sf),
    bucket: p.bucket,
    reason: owed.reason,
  };
  return { work: w, sf, rank: PRIORITY_RANK[p.priority], dispatch, owed };
}

/** Active runs that count as "the previous run" of p: its own and, for a schedule, run-now's. */
function activeRuns(p: Plannable, inFlight: PlanInput['inFlight']): InFlightRun[] {
  if (!inFlight) return [];
  const runs = [...(inFlight[p.source] ?? [])];
  if (p.kind === 'schedule') runs.push(...(inFlight[sourceOf('manual', p.key)] ?? []));
  return runs.filter((r) => r.status !== 'completed').sort((a, b) => b.runId - a.runId);
}

function runNowCandidate(
  input: PlanInput,
  plannables: readonly Plannable[],
  keep: Record<Bucket, Set<string>>,
  state: StateDocument,
  errors: string[],
): Candidate | null {
  const name = input.runNow?.trim();
  if (!name) return null;
  if (!NAME_PATTERN.test(name)) {
    errors.push(
      `run-now: "${input.runNow}" is not a schedule name (names match [a-z0-9][a-z0-9._-]*); nothing dispatched`,
    );
    return null;
  }
  const p = plannables.find((x) => x.kind === 'schedule' && x.key === name);
  if (!p) {
    errors.push(
      keep.schedules.has(name)
        ? `run-now: schedule "${name}" could not be loaded this tick (see its errors); nothing dispatched`
        : `run-now: no valid schedule named "${name}"; nothing dispatched`,
    );
    return null;
  }
  const source = sourceOf('manual', name);
  const at = new Date(input.now.getTime());
  const id = occurrenceId(source, at, 1);
  const entry = state[bucketOf('manual')][name];
  if (entry && (entry.claims.some((c) => c.id === id) || entry.history.some((h) => h.id === id))) {
    return null; // this very run-now was already claimed (a re-planned tick): at most once
  }
  return {
    work: null,
    sf: at.getTime(),
    rank: -1,
    dispatch: {
      occurrence: { source, key: name, kind: 'manual', scheduledFor: at, attempt: 1, id },
      target: p.target,
      lateMs: 0,
      bucket: bucketOf('manual'),
    },
  };
}

function collectPlannables(
  input: PlanInput,
  errors: string[],
  keep: Record<Bucket, Set<string>>,
): Plannable[] {
  const out: Plannable[] = [];
  const seen = new Set<string>();
  const add = (p: Plannable) => {
    const id = `${p.bucket}\u0000${p.key}`;
    if (seen.has(id)) {
      errors.push(`${p.source} is defined twice; the second definition is ignored`);
      return;
    }
    seen.add(id);
    out.push(p);
  };
  for (const p of input.plannables ?? []) add(p);
  for (const s of input.schedules ?? []) {
    try {
      add(scheduleToPlannable(s));
    } catch (e) {
      errors.push(`schedule "${s.name}" (${s.file}): ${(e as Error).message}`);
      keep.schedules.add(s.name);
    }
  }
  return out;
}

function keepSets(keepKeys: PlanInput['keepKeys']): Record<Bucket, Set<string>> {
  if (!keepKeys) return { schedules: new Set(), issues: new Set() };
  if (isList(keepKeys)) return { schedules: new Set(keepKeys), issues: new Set() };
  return { schedules: new Set(keepKeys.schedules ?? []), issues: new Set(keepKeys.issues ?? []) };
}

function isList(
  k: readonly string[] | Partial<Record<Bucket, readonly string[]>>,
): k is readonly string[] {
  return Array.isArray(k);
}

function findStaleClaims(
  state: StateDocument,
  now: number,
  endedCheckers: readonly string[] | undefined,
): StaleClaim[] {
  const ended = new Set(endedCheckers ?? []);
  const out: StaleClaim[] = [];
  for (const bucket of ['schedules', 'issues'] as const) {
    for (const [key, entry] of Object.entries(state[bucket])) {
      for (const claim of entry.claims) {
        const expires = Date.parse(claim.expiresAt);
        if (!(expires > now) || ended.has(claim.checker)) {
          out.push({ bucket, key, claim: { ...claim } });
        }
      }
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
