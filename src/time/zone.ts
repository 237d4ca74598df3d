/**
 * IANA time zones: offsets, transitions, and the mapping between wall-clock ("naive") time and
 * real instants, computed with `Intl.DateTimeFormat` only (no tz library, no machine zone).
 *
 * Calling Intl costs a few microseconds, too slow for the planner's 10,000 schedules a tick,
 * so each zone keeps a table of its transitions, built one UTC year at a time and cached:
 * offsets are sampled weekly and every change is bisected to the exact second. A DST period
 * shorter than a week would be missed; tzdb has none in the years a scheduler looks at (the
 * test suite checks every zone against daily sampling for 2020–2040).
 */
import { DAY, SECOND, naiveFromParts, partsFromNaive, type WallClock } from './calendar.js';

/** An offset change: at instant `at` the offset (ms, local − UTC) goes from `before` to `after`. */
export interface Transition {
  at: number;
  before: number;
  after: number;
}

/**
 * Piecewise-constant offsets: offsets[i] holds from starts[i] (inclusive) up to starts[i + 1];
 * starts[0] is -Infinity.
 */
export interface Segments {
  starts: number[];
  offsets: number[];
}

/**
 * Where a wall-clock reading lands in real time:
 * - `unique`: it happens once, at `first`;
 * - `ambiguous`: fall-back repeats it, at `first` and again at `second`;
 * - `gap`: spring-forward skips it; `first` is the first instant after the gap (the transition).
 */
export interface Resolution {
  kind: 'unique' | 'ambiguous' | 'gap';
  first: number;
  second?: number;
}

const SAMPLE_STEP = 7 * DAY;

interface YearTable {
  starts: number[];
  offsets: number[];
}

const WALL_FORMAT = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

export class ZoneRules {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly years = new Map<number, YearTable>();
  private lastYear = NaN;
  private lastTable: YearTable | undefined;

  /** Throws RangeError for a zone Intl does not know; validate first (`timeZoneProblem`). */
  constructor(readonly name: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset in ms (local − UTC) at an instant. */
  offsetAt(ms: number): number {
    const table = this.table(yearOf(ms));
    const { starts, offsets } = table;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return offsets[lo]!;
  }

  /** Every offset change with `from < at <= to`, ascending. */
  transitionsIn(from: number, to: number): Transition[] {
    const out: Transition[] = [];
    if (!(to > from)) return out;
    let prev = this.offsetAt(from);
    const lastYear = yearOf(to);
    for (let year = yearOf(from); year <= lastYear; year++) {
      const { starts, offsets } = this.table(year);
      for (let i = 0; i < starts.length; i++) {
        const at = starts[i]!;
        if (at <= from) continue;
        if (at > to) break;
        const offset = offsets[i]!;
        if (offset !== prev) {
          out.push({ at, before: prev, after: offset });
          prev = offset;
        }
      }
    }
    return out;
  }

  /** The offsets in force over [from, to], as segments (for `resolveIn`). */
  segments(from: number, to: number): Segments {
    const starts = [-Infinity];
    const offsets = [this.offsetAt(from)];
    for (const t of this.transitionsIn(from, to)) {
      starts.push(t.at);
      offsets.push(t.after);
    }
    return { starts, offsets };
  }

  /** The wall-clock reading at an instant. */
  wallClock(ms: number): WallClock {
    return partsFromNaive(ms + this.offsetAt(ms));
  }

  /** Where a wall-clock reading (naive ms) happens in real time. */
  resolve(naive: number): Resolution {
    return resolveIn(this.segments(naive - DAY, naive + DAY), naive);
  }

  /** The offset straight from Intl (slow: a few µs). */
  probe(ms: number): number {
    const whole = Math.floor(ms / SECOND) * SECOND;
    const match = WALL_FORMAT.exec(this.formatter.format(whole));
    if (!match) throw new RangeError(`cannot read the wall clock of ${this.name} at ${whole}`);
    const [, month, day, year, hour, minute, second] = match.map(Number) as number[];
    const naive = naiveFromParts(year!, month!, day!, hour! % 24, minute!, second!);
    return naive - whole;
  }

  private table(year: number): YearTable {
    if (year === this.lastYear) return this.lastTable!;
    let table = this.years.get(year);
    if (!table) {
      table = this.build(year);
      this.years.set(year, table);
    }
    this.lastYear = year;
    this.lastTable = table;
    return table;
  }

  /** Samples the year weekly and bisects every change down to the second. */
  private build(year: number): YearTable {
    const start = naiveFromParts(year, 1, 1);
    const end = naiveFromParts(year + 1, 1, 1);
    const starts = [start];
    const offsets = [this.probe(start)];
    let prevAt = start;
    let prevOffset = offsets[0]!;
    while (prevAt < end) {
      const at = Math.min(prevAt + SAMPLE_STEP, end);
      const offset = this.probe(at);
      if (offset !== prevOffset) this.bisect(prevAt, prevOffset, at, offset, starts, offsets);
      prevAt = at;
      prevOffset = offset;
    }
    return { starts, offsets };
  }

  private bisect(
    lo: number,
    loOffset: number,
    hi: number,
    hiOffset: number,
    starts: number[],
    offsets: number[],
  ): void {
    for (;;) {
      let a = lo;
      let b = hi;
      let bOffset = hiOffset;
      while (b - a > SECOND) {
        const mid = a + Math.floor((b - a) / 2 / SECOND) * SECOND;
        const offset = this.probe(mid);
        if (offset === loOffset) a = mid;
        else {
          b = mid;
          bOffset = offset;
        }
      }
      starts.push(b);
      offsets.push(bOffset);
      if (bOffset === hiOffset) return;
      lo = b;
      loOffset = bOffset;
    }
  }
}

/**
 * Resolves a wall-clock reading against known segments (which must cover the instants within
 * a day of it). Exported so a caller resolving many readings near one transition pays once.
 */
export function resolveIn({ starts, offsets }: Segments, naive: number): Resolution {
  let first: number | undefined;
  let second: number | undefined;
  for (let i = 0; i < offsets.length; i++) {
    const t = naive - offsets[i]!;
    if (t < starts[i]!) continue;
    if (i + 1 < starts.length && t >= starts[i + 1]!) continue;
    if (first === undefined) first = t;
    else if (t < first) {
      second = first;
      first = t;
    } else if (second === undefined || t > second) second = t;
  }
  if (first !== undefined) {
    return second === undefined ? { kind: 'unique', first } : { kind: 'ambiguous', first, second };
  }
  for (let i = 1; i < starts.length; i++) {
    const at = starts[i]!;
    if (at + offsets[i - 1]! <= naive && naive < at + offsets[i]!)
      return { kind: 'gap', first: at };
  }
  // Unreachable with segments that cover the reading; keep a sane answer anyway.
  return { kind: 'gap', first: naive - offsets[offsets.length - 1]! };
}

function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

const rulesCache = new Map<string, ZoneRules>();

/** Cached rules of a zone. Throws RangeError for a zone Intl does not know. */
export function zoneRules(timeZone: string): ZoneRules {
  let rules = rulesCache.get(timeZone);
  if (!rules) {
    rules = new ZoneRules(timeZone);
    rulesCache.set(timeZone, rules);
  }
  return rules;
}

/** The real instant of a wall-clock reading: gap → first instant after it; repeated → first pass. */
export function instantFromWallClock(naive: number, timeZone: string): number {
  return zoneRules(timeZone).resolve(naive).first;
}

// ---------------------------------------------------------------------------------------------
// Validation and suggestions

/**
 * Abbreviations people write where a zone belongs. Some are accepted by Intl (`EST` is a fixed
 * UTC−5 that never observes daylight time; `IST` resolves to Asia/Calcutta, `BST` to Dhaka), so
 * they are rejected explicitly, with the zone most people mean.
 */
const ABBREVIATIONS: Record<string, string> = {
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  AST: 'America/Halifax',
  ADT: 'America/Halifax',
  NST: 'America/St_Johns',
  NDT: 'America/St_Johns',
  BRT: 'America/Sao_Paulo',
  ART: 'America/Argentina/Buenos_Aires',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  MET: 'Europe/Berlin',
  MEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  SAST: 'Africa/Johannesburg',
  WAT: 'Africa/Lagos',
  CAT: 'Africa/Maputo',
  EAT: 'Africa/Nairobi',
  PKT: 'Asia/Karachi',
  ICT: 'Asia/Bangkok',
  WIB: 'Asia/Jakarta',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  PHT: 'Asia/Manila',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AWST: 'Australia/Perth',
  ACST: 'Australia/Adelaide',
  ACDT: 'Australia/Adelaide',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

/** Current names ICU's list may still spell the old way (Asia/Calcutta, Europe/Kiev, …). */
const MODERN_NAMES = [
  'UTC',
  'Asia/Kolkata',
  'Europe/Kyiv',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Yangon',
  'America/Nuuk',
  'Atlantic/Faroe',
  'Pacific/Kanton',
  'America/Argentina/Buenos_Aires',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
];

const validity = new Map<string, boolean>();

function intlAccepts(timeZone: string): boolean {
  let ok = validity.get(timeZone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
    validity.set(timeZone, ok);
  }
  return ok;
}

/** True for an IANA zone name Intl knows (any case), not for abbreviations like `EST`. */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  return (
    typeof timeZone === 'string' &&
    timeZone.trim() === timeZone &&
    timeZone !== '' &&
    !Object.hasOwn(ABBREVIATIONS, timeZone.toUpperCase()) &&
    intlAccepts(timeZone)
  );
}

/** What is wrong with a zone name, in words, and how to fix it; undefined when it is fine. */
export function timeZoneProblem(timeZone: unknown): { message: string; hint: string } | undefined {
  if (isValidTimeZone(timeZone)) return undefined;
  const generic = 'use an IANA zone name such as "America/New_York" or "Europe/London", or "UTC"';
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    return { message: 'the time zone is empty', hint: generic };
  }
  const abbreviation = ABBREVIATIONS[timeZone.trim().toUpperCase()];
  if (abbreviation) {
    return {
      message: `"${timeZone}" is an abbreviation, not an IANA time zone`,
      hint: `use "${abbreviation}" (it follows daylight saving time where that applies), or "UTC"`,
    };
  }
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(timeZone.trim());
  if (offset) {
    const hours = Number(offset[2]);
    const etc =
      offset[3] && offset[3] !== '00'
        ? undefined
        : `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`;
    return {
      message: `"${timeZone}" is a UTC offset, not an IANA time zone`,
      hint:
        'name the place, e.g. "Asia/Kolkata" or "America/New_York", so daylight saving time is followed' +
        (etc ? `; for a fixed offset use "${etc}" (the Etc/ sign is inverted)` : '') +
        ', or "UTC"',
    };
  }
  const suggestion = suggestTimeZone(timeZone);
  return {
    message: `unknown time zone "${timeZone}"`,
    hint: suggestion ? `did you mean "${suggestion}"? Or ${generic}` : generic,
  };
}

let candidateNames: string[] | undefined;

function candidates(): string[] {
  if (!candidateNames) {
    const names = new Set<string>();
    for (const name of MODERN_NAMES) if (intlAccepts(name)) names.add(name);
    for (const name of Intl.supportedValuesOf('timeZone')) names.add(name);
    candidateNames = [...names];
  }
  return candidateNames;
}

/**
 * The valid zone closest to a mistyped one: `America/New York` → `America/New_York`,
 * `london` → `Europe/London`, `EST` → `America/New_York`. Undefined when nothing is close.
 */
export function suggestTimeZone(timeZone: string): string | undefined {
  const raw = timeZone.trim();
  if (raw === '') return 'UTC';
  // Edit distance against every zone name is quadratic in the length: no zone name is this
  // long, so a huge value (hostile or pasted by mistake) gets no suggestion, fast.
  if (raw.length > 64) return undefined;
  const abbreviation = ABBREVIATIONS[raw.toUpperCase()];
  if (abbreviation) return abbreviation;
  if (/^(utc|gmt|z|zulu)$/i.test(raw)) return 'UTC';
  const wanted = normalize(raw);
  const names = candidates();
  const exact = names.find((n) => normalize(n) === wanted);
  if (exact) return exact;
  const city = wanted.split('/').pop()!;
  const byCity = names.filter((n) => normalize(n).split('/').pop() === city);
  if (byCity.length > 0) return byCity.sort((a, b) => a.length - b.length)[0];
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of names) {
    const norm = normalize(name);
    const full = editDistance(wanted, norm);
    const last = editDistance(city, norm.split('/').pop()!);
    const score = Math.min(full, wanted.includes('/') ? Infinity : last);
    if (
      score < bestScore ||
      (score === bestScore && best !== undefined && name.length < best.length)
    ) {
      best = name;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor((wanted.includes('/') ? wanted.length : city.length) / 3));
  return bestScore <= limit ? best : undefined;
}

function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/_*\/_*/g, '/');
}

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}
