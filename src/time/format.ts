/** Times for people: reports, issue comments, the CLI. Never the machine's local zone. */
import { formatCivil, pad2, partsFromNaive, type WallClock } from './calendar.js';
import { formatDuration } from './duration.js';
import { isValidTimeZone, zoneRules } from './zone.js';

function clock(p: WallClock): string {
  return `${formatCivil(p)} ${pad2(p.hour)}:${pad2(p.minute)}${p.second ? `:${pad2(p.second)}` : ''}`;
}

/** `2026-11-25 14:00 UTC` (seconds only when they are not zero). */
export function formatUtc(date: Date): string {
  return `${clock(partsFromNaive(date.getTime()))} UTC`;
}

/**
 * `2026-11-25 09:00 EST`, `2026-07-01 10:00 BST`, `2026-01-01 05:30 GMT+5:30`: the wall clock
 * in the zone and its abbreviation. An invalid zone falls back to UTC rather than throwing.
 */
export function formatInZone(date: Date, timeZone: string): string {
  if (!isValidTimeZone(timeZone)) return formatUtc(date);
  return `${clock(zoneRules(timeZone).wallClock(date.getTime()))} ${zoneAbbreviation(date, timeZone)}`;
}

/** `2026-11-25T09:00:00-05:00`: ISO 8601 with the zone's offset at that instant. */
export function formatZonedIso(date: Date, timeZone: string): string {
  const t = date.getTime();
  const offset = isValidTimeZone(timeZone) ? zoneRules(timeZone).offsetAt(t) : 0;
  const p = partsFromNaive(t + offset);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const ms = p.millisecond ? `.${String(p.millisecond).padStart(3, '0')}` : '';
  return (
    `${formatCivil(p)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${ms}` +
    `${sign}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`
  );
}

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function shortName(date: Date, timeZone: string, locale: string): string {
  const key = `${locale} ${timeZone}`;
  let formatter = nameFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
    nameFormatters.set(key, formatter);
  }
  return formatter.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

/** English locales whose zone abbreviations ICU knows (CET, IST, AEDT, NZDT, SAST, …). */
const NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ', 'en-ZA'];

/** `EST`, `EDT`, `BST`, `CET`, `AEDT`, or `GMT+9` where ICU has no abbreviation. */
export function zoneAbbreviation(date: Date, timeZone: string): string {
  let fallback: string | undefined;
  for (const locale of NAME_LOCALES) {
    const name = shortName(date, timeZone, locale);
    if (/^[A-Z]{2,5}$/.test(name)) return name;
    fallback ??= name;
  }
  return fallback ?? 'UTC';
}

/** `in 1h 58m`, `5m ago`, `now` (within half a second). */
export function formatRelative(target: Date, now: Date): string {
  const diff = target.getTime() - now.getTime();
  if (Math.round(Math.abs(diff) / 1000) === 0) return 'now';
  const text = formatDuration(Math.abs(diff));
  return diff > 0 ? `in ${text}` : `${text} ago`;
}
