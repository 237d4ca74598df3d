/** Output helpers shared by the verbs: aligned tables, times for people, JSON. */
import { formatInZone, formatRelative } from '../time/index.js';
import { visibleLength, type OutStream } from './io.js';

/**
 * Aligned columns, two spaces apart. A cell may hold several lines; the row then takes as many
 * lines as its tallest cell. Trailing spaces are trimmed. The same text on a terminal and in a
 * pipe, so it can be read in a CI log and grepped.
 */
export function table(header: string[] | null, rows: string[][]): string[] {
  const all = header ? [header, ...rows] : rows;
  const columns = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...all.flatMap((r) => (r[c] ?? '').split('\n').map(visibleLength))),
  );
  const out: string[] = [];
  for (const row of all) {
    const cells = row.map((cell) => cell.split('\n'));
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      const parts = widths.map((w, c) => {
        const text = cells[c]?.[line] ?? '';
        return c === columns - 1 ? text : text + ' '.repeat(w - visibleLength(text));
      });
      out.push(parts.join('  ').trimEnd());
    }
  }
  return out;
}

const weekdayFormatters = new Map<string, Intl.DateTimeFormat>();

/** `Wed` — the weekday of an instant in a zone. */
export function weekday(date: Date, timeZone: string): string {
  let f = weekdayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone });
    weekdayFormatters.set(timeZone, f);
  }
  return f.format(date);
}

/** `Wed 2026-11-25 02:00 EST` */
export function localTime(date: Date, timeZone: string): string {
  return `${weekday(date, timeZone)} ${formatInZone(date, timeZone)}`;
}

export function relative(date: Date, now: Date): string {
  return formatRelative(date, now);
}

/** `--json`: exactly one document, pretty-printed, newline-terminated. */
export function printJson(stream: OutStream, value: unknown): void {
  stream.write(JSON.stringify(value, null, 2) + '\n');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
