/**
 * Cron schedules in IANA zones, with the DST rules of SPEC §1 (as GitHub's scheduler does it).
 *
 * Division of labour:
 * - cron-parser (the user's choice) parses and validates the expression and expands every
 *   field: names (`MON`, `JAN`), ranges, steps, `L`, `#`, and `H` (hashed, seeded with the
 *   expression so it is deterministic). Its macros are accepted: `@yearly`, `@annually`,
 *   `@monthly`, `@weekly`, `@daily`, `@hourly`, `@minutely`, `@weekdays`, `@weekends`
 *   (not `@secondly`: seconds are not a field here; not `@reboot`).
 * - We walk those expanded fields over *naive local wall-clock time* with the same matching
 *   rules as cron-parser (DOM and DOW both restricted → either matches; a field is a wildcard
 *   only when it is exactly `*` or `?`). Its own iterator is not used for two reasons: it
 *   answers 03:30 for `30 2 * * *` on a spring-forward day and fires interval schedules only
 *   in the first pass of a fall-back hour (both against the SPEC), and it costs 0.3–4 ms per
 *   one-day window, too slow for 10,000 schedules a tick. A property test checks the walk
 *   against cron-parser's own iterator in UTC, where there is no DST to disagree about.
 * - Each wall-clock time is then mapped to real instants (zone.ts):
 *   unique → that instant; skipped by spring-forward → the first instant after the gap;
 *   repeated by fall-back → the first pass, plus the second pass for *interval* schedules
 *   (minute or hour field a step, range or wildcard: `*\/15 * * * *`, `0 * * * *`,
 *   `*\/30 1 * * *`), which follow real time. Identical instants are fired once.
 */
import { messageOf } from '../errors.js';
import { CronExpressionParser } from 'cron-parser';
import cronstrue from 'cronstrue';
import { DAY, HOUR, MINUTE, civilFromDays, daysInMonth, weekdayFromDays } from './calendar.js';
import { resolveIn, timeZoneProblem, zoneRules, type ZoneRules } from './zone.js';

export class CronError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'CronError';
  }
}

export const CRON_FIELDS_HINT =
  '5 fields: minute hour day-of-month month day-of-week, e.g. "30 2 * * 1-5"';

/** cron-parser's predefined expressions, without its seconds field. `@secondly` is left out. */
export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@minutely': '* * * * *',
  '@weekdays': '0 0 * * 1-5',
  '@weekends': '0 0 * * 0,6',
};

/** How far `next`/`previous` look before giving up. Every accepted cron fires within ~41 years. */
export const MAX_SEARCH_YEARS = 50;

const SEARCH_HORIZON = MAX_SEARCH_YEARS * 366 * DAY;
/** Instants this close to an offset change are resolved one by one; the rest in bulk. */
const DST_MARGIN = 2 * DAY;
/** Near a transition, results are gathered in chunks of real time so `limit` can stop early. */
const SLOW_CHUNK = 6 * HOUR;

// ---------------------------------------------------------------------------------------------
// Compilation

interface CompiledCron {
  /** 5 fields, macros expanded. */
  normalized: string;
  /** With `H` resolved (cron-parser's stringify); for descriptions. */
  resolved: string;
  minutes: number[];
  hours: number[];
  /** Index 1..12. */
  months: boolean[];
  /** Index 1..31. */
  domValues: boolean[];
  domLast: boolean;
  domWildcard: boolean;
  /** Index 0..6 (Sunday = 0). */
  dowValues: boolean[];
  /** `#n`: only the nth such weekday of the month; 0 = none. */
  dowNth: number;
  dowLast: boolean;
  /** Weekdays that match in the last week of the month when the field has `L`. */
  dowLastDays: boolean[];
  dowWildcard: boolean;
  interval: boolean;
}

const compiledCache = new Map<string, CompiledCron>();
const COMPILED_CACHE_LIMIT = 20_000;

function compile(expression: string): CompiledCron {
  let compiled = compiledCache.get(expression);
  if (compiled) return compiled;
  compiled = compileUncached(expression);
  if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(expression, compiled);
  return compiled;
}

function compileUncached(expression: string): CompiledCron {
  const normalized = normalizeExpression(expression);
  const fields = normalized.split(' ');
  validateFields(fields, expression);

  let parsed;
  try {
    parsed = CronExpressionParser.parse(normalized, {
      tz: 'UTC',
      currentDate: 0,
      hashSeed: expression,
    });
  } catch (error) {
    const reason = messageOf(error);
    if (reason === 'Invalid explicit day of month definition')
      explainNeverFires(fields, expression);
    throw new CronError(`cron "${expression}" is not valid: ${reason}`, CRON_FIELDS_HINT);
  }
  const f = parsed.fields;
  const numbers = (values: readonly (number | string)[]): number[] =>
    values.filter((v): v is number => typeof v === 'number');

  const months = new Array<boolean>(13).fill(false);
  for (const m of numbers(f.month.values)) months[m] = true;
  const domValues = new Array<boolean>(32).fill(false);
  for (const d of numbers(f.dayOfMonth.values)) domValues[d] = true;
  const dowValues = new Array<boolean>(7).fill(false);
  for (const d of numbers(f.dayOfWeek.values)) dowValues[d % 7] = true;
  // cron-parser's last-weekday check compares the first digit of every value of the field.
  const dowLastDays = new Array<boolean>(7).fill(false);
  for (const v of f.dayOfWeek.values) {
    const digit = parseInt(String(v).charAt(0), 10);
    if (!Number.isNaN(digit)) dowLastDays[digit % 7] = true;
  }

  const compiled: CompiledCron = {
    normalized,
    resolved: parsed.stringify(),
    minutes: numbers(f.minute.values).sort((a, b) => a - b),
    hours: numbers(f.hour.values).sort((a, b) => a - b),
    months,
    domValues,
    domLast: f.dayOfMonth.hasLastChar,
    domWildcard: f.dayOfMonth.isWildcard,
    dowValues,
    dowNth: f.dayOfWeek.nthDay,
    dowLast: f.dayOfWeek.hasLastChar,
    dowLastDays,
    dowWildcard: f.dayOfWeek.isWildcard,
    interval: isIntervalFields(fields[0]!, fields[1]!),
  };
  return compiled;
}

/** Trims, collapses whitespace, expands macros; throws CronError for a wrong number of fields. */
function normalizeExpression(expression: string): string {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new CronError('the cron expression is empty', CRON_FIELDS_HINT);
  }
  const text = expression.trim().replace(/\s+/g, ' ');
  if (text.startsWith('@')) {
    const macro = text.toLowerCase();
    const expanded = CRON_MACROS[macro];
    if (expanded) return expanded;
    const macros = Object.keys(CRON_MACROS).join(', ');
    if (macro === '@reboot') {
      throw new CronError(
        'cron "@reboot" is not supported: the scheduler has no reboot to run at',
        `use a time-based schedule, e.g. "@daily", or ${CRON_FIELDS_HINT}`,
      );
    }
    if (macro === '@secondly') {
      throw new CronError(
        'cron "@secondly" is not supported: the smallest unit is a minute',
        'use "* * * * *" for every minute (GitHub runs scheduled workflows at most every 5 minutes)',
      );
    }
    if (macro === '@midnight') {
      throw new CronError(`unknown cron macro "${text}"`, 'use "@daily" (every day at 00:00)');
    }
    throw new CronError(
      `unknown cron macro "${text}"`,
      `use one of ${macros}, or ${CRON_FIELDS_HINT}`,
    );
  }
  const count = text.split(' ').length;
  if (count !== 5) {
    const hint =
      count === 6
        ? `seconds are not supported: drop the first field. ${CRON_FIELDS_HINT}`
        : count === 7
          ? `seconds and years are not supported: drop the first and last fields. ${CRON_FIELDS_HINT}`
          : CRON_FIELDS_HINT;
    throw new CronError(
      `cron "${expression}" has ${count} field${count === 1 ? '' : 's'}, expected 5`,
      hint,
    );
  }
  return text;
}

interface FieldInfo {
  label: string;
  min: number;
  max: number;
  range: string;
  example: string;
  names?: readonly string[];
  nameBase?: number;
}

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_FULL = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const FIELD_INFO: readonly FieldInfo[] = [
  {
    label: 'minute',
    min: 0,
    max: 59,
    range: 'minutes go from 0 to 59',
    example: '"15 * * * *" runs at quarter past every hour',
  },
  {
    label: 'hour',
    min: 0,
    max: 23,
    range: 'hours go from 0 to 23',
    example: '"0 17 * * *" runs every day at 17:00',
  },
  {
    label: 'day-of-month',
    min: 1,
    max: 31,
    range: 'days of the month go from 1 to 31',
    example: '"0 0 1 * *" runs on the 1st, "0 0 L * *" on the last day of the month',
  },
  {
    label: 'month',
    min: 1,
    max: 12,
    range: 'months go from 1 to 12 (or JAN-DEC)',
    example: '"0 0 1 7 *" or "0 0 1 JUL *" runs on 1 July',
    names: MONTH_NAMES,
    nameBase: 1,
  },
  {
    label: 'day-of-week',
    min: 0,
    max: 7,
    range: 'days of the week go from 0 to 6, Sunday to Saturday (7 is Sunday too), or SUN-SAT',
    example: '"0 9 * * 1-5" or "0 9 * * MON-FRI" runs at 09:00 on weekdays',
    names: DAY_NAMES,
    nameBase: 0,
  },
];

const ITEM =
  /^(?:(?<star>[*?])|(?<hash>H(?:\((?<hlo>\d+)-(?<hhi>\d+)\))?)|(?<lo>\d+|[A-Za-z]{3})(?:-(?<hi>\d+|[A-Za-z]{3}))?)(?:\/(?<step>\d+))?$/;

type Fail = (what: string, hint?: string) => never;

/** Field-by-field checks that name the field and the value, before cron-parser sees it. */
function validateFields(fields: string[], expression: string): void {
  fields.forEach((field, index) => {
    const info = FIELD_INFO[index]!;
    const fail: Fail = (what, hint = `e.g. ${info.example}`) => {
      throw new CronError(`cron "${expression}": ${what}`, hint);
    };
    if (index === 2 && /W/i.test(field)) {
      fail(
        `day-of-month "${field}" uses W (nearest weekday), which is not supported`,
        'name the days instead, e.g. "0 9 1-3 * *" with a check in the workflow, or "0 9 * * 1#1" for the first Monday',
      );
    }
    const items = field.split(',');
    if (items.includes('')) fail(`the ${info.label} field "${field}" has an empty list item`);
    for (const item of items) {
      if (index === 2 && /L/i.test(item)) {
        if (item === 'L') continue;
        fail(
          `day-of-month "${item}" is not supported: L stands alone`,
          'use "L" for the last day of the month, e.g. "0 0 L * *"',
        );
      }
      if (index === 4 && item.includes('#')) {
        const m = /^(\d+|[A-Za-z]{3}|H)#(\d+)$/.exec(item);
        if (!m) {
          fail(
            `day-of-week "${item}" is not valid`,
            'write weekday#n, e.g. "0 9 * * 1#1" for the first Monday of the month',
          );
        }
        if (items.length > 1) {
          fail(
            `day-of-week "${field}" combines # with a list`,
            'use a single weekday#n, e.g. "0 9 * * 1#1"',
          );
        }
        if (m[1] !== 'H') checkValue(m[1]!, info, fail);
        const n = Number(m[2]);
        if (n < 1 || n > 5) {
          fail(
            `day-of-week "${item}" asks for occurrence ${n}, but a month has at most 5 of each weekday`,
            'use #1 to #5, e.g. "0 9 * * 5#3" for the third Friday of the month',
          );
        }
        continue;
      }
      if (index === 4 && /L$/i.test(item)) {
        const m = /^(\d+|[A-Za-z]{3})L$/i.exec(item);
        if (!m) {
          fail(
            `day-of-week "${item}" is not valid: L needs a weekday before it`,
            'e.g. "0 0 * * 5L" for the last Friday of the month',
          );
        }
        checkValue(m[1]!, info, fail);
        continue;
      }
      const g = ITEM.exec(item)?.groups;
      if (!g) fail(`"${item}" is not a valid ${info.label} (${info.range})`);
      if (g.hlo !== undefined && g.hhi !== undefined) {
        checkValue(g.hlo, info, fail);
        checkValue(g.hhi, info, fail);
        if (Number(g.hlo) > Number(g.hhi)) {
          fail(
            `${info.label} range H(${g.hlo}-${g.hhi}) runs backwards`,
            'write the smaller number first',
          );
        }
      }
      if (g.lo !== undefined) {
        const lo = checkValue(g.lo, info, fail);
        if (g.hi !== undefined) {
          const hi = checkValue(g.hi, info, fail);
          if (lo > hi) {
            fail(
              `${info.label} range ${g.lo}-${g.hi} runs backwards`,
              `write the smaller value first, or split it in two, e.g. "${g.lo}-${info.max},${info.min}-${g.hi}"`,
            );
          }
        }
      }
      if (g.step !== undefined && Number(g.step) === 0) {
        fail(`${info.label} step "/0" never advances`, 'use a step of 1 or more, e.g. "*/15"');
      }
    }
  });
}

function checkValue(text: string, info: FieldInfo, fail: Fail): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < info.min || n > info.max) fail(`${info.label} ${text} is out of range: ${info.range}`);
    return n;
  }
  const index = info.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) {
    fail(
      info.names
        ? `${info.label} "${text}" is not a number or a known name: ${info.range}`
        : `${info.label} "${text}" is not a number: ${info.range}`,
    );
  }
  return index + (info.nameBase ?? 0);
}

/**
 * cron-parser rejects a day of month no chosen month has (`* * 31 2 *`) when the day of week
 * does not rescue it; say which months and why. Same seed, so `H` expands the same way.
 */
function explainNeverFires(fields: string[], expression: string): never {
  const probe = CronExpressionParser.parse(`0 0 ${fields[2]} ${fields[3]} 1`, {
    tz: 'UTC',
    currentDate: 0,
    hashSeed: expression,
  }).fields;
  const months = [...probe.month.values].map(Number);
  const reasons: string[] = [];
  if (months.includes(2)) reasons.push('February has at most 29 days');
  const thirty = months
    .filter((m) => m !== 2 && daysInMonth(2001, m) === 30)
    .map((m) => MONTH_FULL[m - 1]!);
  if (thirty.length > 0) {
    reasons.push(`${listWords(thirty)} ${thirty.length === 1 ? 'has' : 'have'} 30 days`);
  }
  const days = probe.dayOfMonth.values.filter((d) => typeof d === 'number');
  const withLast = [...fields];
  withLast[2] = 'L';
  throw new CronError(
    `cron "${expression}" never fires: ${reasons.length > 0 ? listWords(reasons) : `no chosen month has day ${listWords(days.map(String))}`}`,
    `pick a day every chosen month has, or use L for the last day of the month, e.g. "${withLast.join(' ')}"`,
  );
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * SPEC §1: a schedule "follows real time" (fires in both passes of a repeated hour) when its
 * minute or hour field is a step, a range or a wildcard. A single value or a list is a fixed
 * time of day; `H` and `H(a-b)` pick one value, so they are fixed too, `H/15` is a step.
 */
function isIntervalFields(minute: string, hour: string): boolean {
  const stepOrRange = (field: string) => /[*?/-]/.test(field.replace(/H\(\d+-\d+\)/g, 'H'));
  return stepOrRange(minute) || stepOrRange(hour);
}

/** True when the cron is an interval schedule in the sense of SPEC §1 (see `isIntervalFields`). */
export function isIntervalSchedule(expression: string): boolean {
  return compile(expression).interval;
}

/** Validates a cron expression alone (no zone); throws CronError with a hint. */
export function validateCron(expression: string): void {
  compile(expression);
}

/** "At 02:00, Monday through Friday". Never throws: falls back to the expression itself. */
export function describeCron(expression: string): string {
  let text = expression;
  try {
    const compiled = compile(expression);
    text = /H/.test(compiled.normalized) ? compiled.resolved : compiled.normalized;
  } catch {
    // describe what we were given, if cronstrue can
  }
  try {
    return cronstrue.toString(text, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return expression;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** A validated 5-field cron expression bound to an IANA zone. Pure: never reads the clock. */
export class CronSpec {
  private constructor(
    readonly expression: string,
    readonly timezone: string,
    private readonly cron: CompiledCron,
    private readonly zone: ZoneRules,
  ) {}

  /** Throws CronError (with a hint) for a bad expression, 6 fields, or an unknown zone. */
  static parse(expression: string, timezone: string): CronSpec {
    const compiled = compile(expression);
    const problem = timeZoneProblem(timezone);
    if (problem) throw new CronError(problem.message, problem.hint);
    return new CronSpec(expression, timezone, compiled, zoneRules(timezone));
  }

  /** Interval schedules fire in both passes of a repeated (fall-back) hour. */
  get isInterval(): boolean {
    return this.cron.interval;
  }

  /** Every occurrence t with fromExclusive < t <= toInclusive, ascending, at most `limit`. */
  between(fromExclusive: Date, toInclusive: Date, limit = 10_000): Date[] {
    const out: number[] = [];
    const from = time(fromExclusive);
    const to = time(toInclusive);
    if (to > from && limit > 0) this.collect(from, to, limit, out);
    return out.map((t) => new Date(t));
  }

  /** The next `count` occurrences strictly after `after`, ascending (fewer if the cron ends). */
  next(after: Date, count = 1): Date[] {
    const out: number[] = [];
    let lo = time(after);
    // The horizon counts from the latest occurrence found, so each one may be decades apart.
    let horizon = lo + SEARCH_HORIZON;
    let span = DAY;
    while (out.length < count && lo < horizon) {
      const hi = Math.min(lo + span, horizon);
      const before = out.length;
      this.collect(lo, hi, count, out);
      if (out.length > before) {
        horizon = out[out.length - 1]! + SEARCH_HORIZON;
        span = DAY;
      } else {
        span = Math.min(span * 2, 366 * DAY);
      }
      lo = hi;
    }
    return out.map((t) => new Date(t));
  }

  /** The `count` occurrences strictly before `before`, most recent first. */
  previous(before: Date, count = 1): Date[] {
    const found: number[] = [];
    let hi = time(before) - 1;
    let horizon = hi - SEARCH_HORIZON;
    let span = HOUR;
    while (found.length < count && hi > horizon) {
      const lo = Math.max(hi - span, horizon);
      const window: number[] = [];
      this.collect(lo, hi, Infinity, window);
      for (let i = window.length - 1; i >= 0 && found.length < count; i--) found.push(window[i]!);
      if (window.length > 0) horizon = found[found.length - 1]! - SEARCH_HORIZON;
      hi = lo;
      span = Math.min(span * 2, 366 * DAY);
    }
    return found.map((t) => new Date(t));
  }

  /** Appends occurrences in (from, to] to `out`, ascending, until `out` holds `limit`. */
  private collect(from: number, to: number, limit: number, out: number[]): void {
    const transitions = this.zone.transitionsIn(from - DST_MARGIN, to + DST_MARGIN);
    let cursor = from;
    let i = 0;
    while (i < transitions.length && cursor < to && out.length < limit) {
      const start = transitions[i]!.at - DST_MARGIN;
      let end = transitions[i]!.at + DST_MARGIN;
      i++;
      while (i < transitions.length && transitions[i]!.at - DST_MARGIN <= end) {
        end = transitions[i]!.at + DST_MARGIN;
        i++;
      }
      if (start > cursor) {
        const stop = Math.min(start, to);
        this.collectSteady(cursor, stop, this.zone.offsetAt(stop), limit, out);
        cursor = stop;
      }
      if (cursor < to && out.length < limit) {
        const stop = Math.min(end, to);
        this.collectNearTransition(cursor, stop, limit, out);
        cursor = stop;
      }
    }
    if (cursor < to && out.length < limit) {
      this.collectSteady(cursor, to, this.zone.offsetAt(to), limit, out);
    }
  }

  /** No offset change within DST_MARGIN: wall clock = instant + offset, one to one. */
  private collectSteady(
    from: number,
    to: number,
    offset: number,
    limit: number,
    out: number[],
  ): void {
    this.walk(from + offset, to + offset, (naive) => {
      out.push(naive - offset);
      return out.length < limit;
    });
  }

  /** Near an offset change: resolve each wall-clock time, in chunks of real time. */
  private collectNearTransition(from: number, to: number, limit: number, out: number[]): void {
    const segments = this.zone.segments(from - DST_MARGIN, to + DST_MARGIN);
    const minOffset = Math.min(...segments.offsets);
    const maxOffset = Math.max(...segments.offsets);
    const interval = this.cron.interval;
    for (let lo = from; lo < to && out.length < limit;) {
      const hi = Math.min(lo + SLOW_CHUNK, to);
      const chunk: number[] = [];
      const add = (t: number) => {
        if (t > lo && t <= hi) chunk.push(t);
      };
      this.walk(lo + minOffset - MINUTE, hi + maxOffset, (naive) => {
        const r = resolveIn(segments, naive);
        // Interval schedules follow real time: a wall-clock time that spring-forward skipped
        // simply does not happen (`30 * * * *` fires 01:30 EST, then 03:30 EDT — one real hour
        // later). Fixed-time schedules fire once at the first instant after the gap (SPEC §1).
        if (r.kind === 'gap' && interval) return true;
        add(r.first);
        if (r.kind === 'ambiguous' && interval) add(r.second!);
        return true;
      });
      chunk.sort((a, b) => a - b);
      for (let k = 0; k < chunk.length && out.length < limit; k++) {
        if (k === 0 || chunk[k] !== chunk[k - 1]) out.push(chunk[k]!);
      }
      lo = hi;
    }
  }

  /** Calls `visit` for each matching naive wall-clock time in (lo, hi], ascending, until it returns false. */
  private walk(lo: number, hi: number, visit: (naive: number) => boolean): void {
    const c = this.cron;
    let day = Math.floor(lo / DAY);
    const lastDay = Math.floor(hi / DAY);
    while (day <= lastDay) {
      const { year, month, day: date } = civilFromDays(day);
      const monthDays = daysInMonth(year, month);
      if (!c.months[month]) {
        day += monthDays - date + 1;
        continue;
      }
      if (matchesDay(c, date, weekdayFromDays(day), monthDays)) {
        const base = day * DAY;
        for (const hour of c.hours) {
          const hourStart = base + hour * HOUR;
          if (hourStart + HOUR <= lo) continue;
          if (hourStart > hi) return;
          for (const minute of c.minutes) {
            const naive = hourStart + minute * MINUTE;
            if (naive <= lo) continue;
            if (naive > hi) return;
            if (!visit(naive)) return;
          }
        }
      }
      day++;
    }
  }
}

/** cron-parser's day rule (CronExpression#matchDayOfMonth), on plain numbers. */
function matchesDay(c: CompiledCron, date: number, weekday: number, monthDays: number): boolean {
  const domMatch = c.domValues[date]! || (c.domLast && date === monthDays);
  const dowMatch =
    (c.dowValues[weekday]! && (c.dowNth <= 0 || Math.ceil(date / 7) === c.dowNth)) ||
    (c.dowLast && date + 7 > monthDays && c.dowLastDays[weekday]!);
  if (!c.domWildcard && !c.dowWildcard) return domMatch || dowMatch;
  if (c.dowWildcard) return domMatch;
  return dowMatch;
}

function time(date: Date): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError('expected a valid Date');
  return t;
}
