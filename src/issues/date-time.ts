/**
 * Reading a `run-at` date-time with the time module's `parseInstant`, made a little more
 * forgiving of how people write times in issues (`2026-11-25 09:00 UTC`, `2026-11-25t09:00z`),
 * and telling apart "not a date at all" (so other readings can be tried) from "a bad date".
 */
import { InstantError, parseInstant } from '../time/instant.js';

export type DateTimeParse =
  | {
      ok: true;
      at: Date;
      /** Whether the text carried its own offset (`Z`, `+02:00`). */ absolute: boolean;
    }
  | { ok: false; message: string; hint: string }
  | { ok: false; notDateTime: true };

/**
 * `2026-11-25T09:00:00Z`, `2026-11-25T09:00+02:00`, `2026-11-25 09:00 UTC` → that instant;
 * `2026-11-25 09:00` or `2026-11-25T09:00:30` → that wall-clock reading in `timeZone` (a time
 * skipped by spring-forward → the first instant after the gap; a repeated one → its first pass).
 */
export function parseDateTime(text: string, timeZone: string): DateTimeParse {
  if (!/^\d{4}-\d/.test(text)) return { ok: false, notDateTime: true };
  const normalized = text
    .replace(/^(\d{4}-\d{2}-\d{2})t/, '$1T')
    .replace(/\s*(?:UTC|GMT|z)$/i, 'Z')
    .replace(/\s+([+-]\d{2}(?::?\d{2})?)$/, '$1');
  try {
    const at = parseInstant(normalized, timeZone);
    return { ok: true, at, absolute: /(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(normalized) };
  } catch (error) {
    if (error instanceof InstantError)
      return { ok: false, message: error.message, hint: error.hint };
    return { ok: false, message: `"${text}" is not a date and time`, hint: String(error) };
  }
}
