/**
 * The `run-at` value (SPEC §2): ISO 8601 with an offset or `Z`; a duration after the issue was
 * opened (`in 90m`, `+2h`, `in 2h30m`, `1d`); or a wall-clock reading (`2026-11-25 09:00`) in
 * the request's `timezone`.
 */
import { invisibleNote, withoutInvisible } from '../schedules/suggest.js';
import { DurationError, parseDuration } from '../time/duration.js';
import { parseDateTime } from './date-time.js';

export type RunAtKind = 'absolute' | 'relative' | 'local';

export type RunAtValue =
  { ok: true; at: Date; kind: RunAtKind } | { ok: false; message: string; hint: string };

/** Longer values are not times; they are refused before any pattern sees them. */
const MAX_LENGTH = 100;

export const RUN_AT_FORMS =
  '`in 2h` (counted from when the issue was opened), `2026-11-25T09:00:00Z` (ISO 8601 with `Z` or an offset such as `+01:00`), or `2026-11-25 09:00` (in the `timezone` you give)';

const UNIT_WORDS: [RegExp, string][] = [
  [/^(?:weeks?|wks?|w)$/i, 'w'],
  [/^(?:days?|d)$/i, 'd'],
  [/^(?:hours?|hrs?|h)$/i, 'h'],
  [/^(?:minutes?|mins?|m)$/i, 'm'],
  [/^(?:seconds?|secs?|s)$/i, 's'],
];

/**
 * Reads a `run-at` value. `createdAt` anchors relative values (never the clock: a request's
 * time must not drift with each tick); `timeZone` places a local date-time.
 */
export function parseRunAt(
  raw: string,
  createdAt: Date,
  timeZone: string,
  /** How a corrected value is shown in hints: `` `run-at: in 1h` `` in front matter. */
  example: (value: string) => string = (value) => `\`${value}\``,
): RunAtValue {
  const text = raw.trim();
  const fail = (message: string, hint = `write ${RUN_AT_FORMS}`): RunAtValue => ({
    ok: false,
    message,
    hint,
  });
  if (text === '') return fail('`run-at` is empty');
  if (text.length > MAX_LENGTH) {
    return fail(`\`run-at\` is ${text.length} characters long; a time is a few words`);
  }
  const invisible = invisibleNote(text);
  if (invisible) {
    return fail(
      `${JSON.stringify(text)}: ${invisible}`,
      `retype it: write ${example(withoutInvisible(text).trim())}`,
    );
  }

  // `in -2h`, `-30m`: a relative time counts forward from when the issue was opened.
  const negative = /^(?:in\s+)?-\s*((?:\d+\s*[smhdw]\s*)+)$/i.exec(text);
  if (negative) {
    const forward = `in ${negative[1]!.replace(/\s+/g, '')}`;
    return fail(
      `"${text}" is not a time to come: a relative \`run-at\` counts forward from when the issue was opened, and cannot be negative`,
      `drop the minus sign: \`${forward}\` is ${forward.slice(3)} after the issue was opened; write ${example('in 0m')} to run at the next check`,
    );
  }

  // Relative: the duration grammar, optionally after `in ` or `+`; `2h 30m` as formatted for people.
  const relative = /^(?:in\s+|\+\s*)?((?:\d+\s*[smhdw]\s*)+)$/i.exec(text);
  if (relative) {
    const duration = relative[1]!.replace(/\s+/g, '');
    let ms: number;
    try {
      ms = parseDuration(duration);
    } catch (error) {
      return fail(
        error instanceof DurationError ? error.message : String(error),
        'write a duration up to 366 days, like `in 90m`, `in 2h30m` or `+1d`',
      );
    }
    if (Number.isNaN(createdAt.getTime())) {
      return fail(
        'the issue has no valid creation time to count from',
        'write an absolute time such as `2026-11-25T09:00:00Z`',
      );
    }
    return { ok: true, at: new Date(createdAt.getTime() + ms), kind: 'relative' };
  }

  const dateTime = parseDateTime(text, timeZone);
  if (dateTime.ok) {
    return { ok: true, at: dateTime.at, kind: dateTime.absolute ? 'absolute' : 'local' };
  }
  if (!('notDateTime' in dateTime)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      // A date alone: suggest a time of day, but only on a date that exists (not `2026-13-45`).
      const probe = parseDateTime(`${text} 09:00`, timeZone);
      if (probe.ok) {
        return fail(dateTime.message, `add the time of day: write ${example(`${text} 09:00`)}`);
      }
      const day = localDate(createdAt, timeZone);
      return fail(
        'message' in probe
          ? probe.message.replace(`"${text} 09:00"`, `"${text}"`)
          : dateTime.message,
        `write a date that exists, with the time of day, like ${example(`${day ?? '2026-11-25'} 09:00`)}`,
      );
    }
    return fail(dateTime.message, dateTime.hint);
  }

  // `in 1 hour`, `in 2 hours and 30 minutes`: say how to write it.
  const spelled = spelledDuration(text);
  if (spelled) return fail(`"${text}" is not a time`, `write ${example(spelled)}`);
  // 1700000000 or 1700000000000: a Unix time in seconds or milliseconds.
  if (/^\d{9,10}$|^\d{13}$/.test(text)) {
    const ms = text.length === 13 ? Number(text) : Number(text) * 1000;
    const iso = new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
    return fail(
      `"${text}" looks like a Unix timestamp, which \`run-at\` does not read`,
      `write it as ISO 8601: ${example(iso)}`,
    );
  }
  if (/^(?:in\s+|\+\s*)?\d+$/i.test(text)) {
    const n = text.replace(/\D/g, '');
    return fail(
      `"${text}" has no unit`,
      `write ${example(`in ${n}m`)} (minutes) or ${example(`in ${n}h`)} (hours)`,
    );
  }
  if (/^(now|immediately|asap)$/i.test(text)) {
    return fail(`"${text}" is not a time`, `write ${example('in 0m')} to run at the next check`);
  }
  return fail(`"${text}" is not a time`);
}

/** The calendar date (`2026-11-25`) of `at` in `timeZone`; undefined when either is unusable. */
function localDate(at: Date, timeZone: string): string | undefined {
  if (Number.isNaN(at.getTime())) return undefined;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(at);
    const get = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return undefined;
  }
}

/** `in 1 hour and 30 minutes` → `in 1h30m`; undefined unless every part is a number and a unit. */
function spelledDuration(text: string): string | undefined {
  const m = /^(in\s+|\+\s*)?(.*)$/i.exec(text);
  const prefix = m?.[1] ? (m[1].trim() === '+' ? '+' : 'in ') : 'in ';
  const words = (m?.[2] ?? '')
    .replace(/,|\band\b/gi, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const pieces = words.flatMap((w) => {
    const glued = /^(\d+)([a-z]+)$/i.exec(w);
    return glued ? [glued[1]!, glued[2]!] : [w];
  });
  if (pieces.length === 0 || pieces.length % 2 !== 0) return undefined;
  let out = '';
  for (let i = 0; i < pieces.length; i += 2) {
    const n = pieces[i]!;
    const unit = UNIT_WORDS.find(([re]) => re.test(pieces[i + 1]!))?.[1];
    if (!/^\d+$/.test(n) || unit === undefined) return undefined;
    out += `${n}${unit}`;
  }
  return prefix + out;
}
