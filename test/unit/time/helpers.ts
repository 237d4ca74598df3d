/**
 * Test helpers that read zones straight from Intl, independently of src/time/zone.ts, so the
 * tests do not re-derive answers from the code under test.
 */
import { CronSpec } from '../../../src/time/cron.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall clock of an instant in a zone, as `YYYY-MM-DD HH:MM:SS`, via Intl.formatToParts. */
export function intlWall(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second}`;
}

/** Offset (ms) of a zone at an instant, via Intl. */
export function intlOffset(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const w = intlWall(whole, timeZone);
  const naive = Date.UTC(
    Number(w.slice(0, 4)),
    Number(w.slice(5, 7)) - 1,
    Number(w.slice(8, 10)),
    Number(w.slice(11, 13)),
    Number(w.slice(14, 16)),
    Number(w.slice(17, 19)),
  );
  return naive - whole;
}

/** True when `ms` is the first instant after a spring-forward gap (the offset just grew). */
export function isGapEnd(ms: number, timeZone: string): boolean {
  return intlOffset(ms, timeZone) > intlOffset(ms - 1000, timeZone);
}

/** ISO strings without milliseconds: `2026-03-08T07:00Z`. */
export function short(dates: Date[]): string[] {
  return dates.map((d) => d.toISOString().replace(/:00\.000Z$/, 'Z'));
}

/** Occurrences of `cron` in `tz` with from < t <= to, as short ISO strings. */
export function between(cron: string, tz: string, from: string, to: string): string[] {
  return short(CronSpec.parse(cron, tz).between(new Date(from), new Date(to)));
}
