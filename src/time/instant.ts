/**
 * Instants as people write them in schedule files and run-at issues:
 * - ISO 8601 with an offset or Z: `2026-11-25T09:00:00-05:00`, `2026-11-25T14:00Z`;
 * - a local wall-clock time, read in the given zone: `2026-11-25 09:00`, `2026-11-25T09:00`,
 *   seconds optional. A time skipped by spring-forward means the first instant after the gap;
 *   a time repeated by fall-back means its first pass (the same rules as cron, SPEC §1).
 */
import { daysInMonth, naiveFromParts } from './calendar.js';
import { timeZoneProblem, zoneRules } from './zone.js';

export class InstantError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'InstantError';
  }
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function hintFor(timeZone: string): string {
  return (
    `write a local time like "2026-11-25 09:00" (read in ${timeZone}), or ISO 8601 with an ` +
    'offset, e.g. "2026-11-25T09:00:00-05:00" or "2026-11-25T14:00:00Z"'
  );
}

/** Parses an instant; throws InstantError with a hint. A valid Date is returned as is. */
export function parseInstant(text: string | Date, timeZone: string): Date {
  if (text instanceof Date) {
    if (Number.isNaN(text.getTime()))
      throw new InstantError('the date is invalid', hintFor(timeZone));
    return text;
  }
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InstantError('expected a date and time, got nothing', hintFor(timeZone));
  }
  const raw = text.trim();
  const m = DATE_TIME.exec(raw);
  if (!m) throw new InstantError(`"${raw}" is not a date and time`, hintFor(timeZone));
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h === undefined) {
    throw new InstantError(`"${raw}" has a date but no time of day`, hintFor(timeZone));
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millisecond = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const bad = (what: string) => new InstantError(`"${raw}": ${what}`, hintFor(timeZone));
  if (month < 1 || month > 12) throw bad(`month ${mo} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) throw bad(`day ${d} does not exist in ${y}-${mo}`);
  if (hour > 23) throw bad(`hour ${h} does not exist (hours go from 00 to 23)`);
  if (minute > 59) throw bad(`minute ${mi} does not exist`);
  if (second > 59) throw bad(`second ${s} does not exist`);
  const naive = naiveFromParts(year, month, day, hour, minute, second, millisecond);

  if (zone !== undefined) {
    if (/^z$/i.test(zone)) return new Date(naive);
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 18 || offsetMinutes > 59)
      throw bad(`offset ${zone} is not a real UTC offset`);
    return new Date(naive - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  }
  const problem = timeZoneProblem(timeZone);
  if (problem) throw new InstantError(problem.message, problem.hint);
  return new Date(zoneRules(timeZone).resolve(naive).first);
}
