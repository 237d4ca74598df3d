/**
 * "Did you mean …?" — nearest-name suggestions for unknown keys, enum values, input names,
 * workflow files and file names; and the clipping of user text quoted in errors. Pure.
 */
import { ConfigError } from '../errors.js';

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions (`hihg` → `high`). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows are enough for the transposition rule.
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a plausible
 * typo: at most a third of the word's length, and at least 2 edits are always allowed.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  // Long inputs are not typos of short names; bail out before the quadratic distance.
  if (word.length > 200) return undefined;
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `did you mean \`cron\`?` or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = nearest(word, candidates);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}

/** `a, b, c` — for hints that list the valid choices. */
export function listOf(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}

/**
 * A schedule name that satisfies `[a-z0-9][a-z0-9._-]*`, derived from a bad one:
 * `Nightly Review` → `nightly-review`. Empty when nothing usable is left.
 */
export function suggestName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '');
}

// ---------------------------------------------------------------------------------------------
// User text inside messages

/**
 * Characters that show as nothing, or that reorder the text around them: control characters
 * (other than tab and line ends), soft hyphen, zero-width spaces and joiners, direction marks
 * and overrides (the "Trojan Source" ones), word joiners and invisible operators, the BOM. A key
 * or value holding one looks right and still does not match; saying so is the only helpful
 * message.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** `U+200B`, `U+202E` … for each distinct invisible character in `text`, in order of appearance. */
export function invisibleCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(INVISIBLE)) {
    found.add(`U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    if (found.size >= 5) break;
  }
  return [...found];
}

/** `it contains an invisible character (U+200B)`, or undefined when there is none. */
export function invisibleNote(text: string): string | undefined {
  const found = invisibleCharacters(text);
  if (found.length === 0) return undefined;
  return `it contains ${found.length === 1 ? 'an invisible character' : 'invisible characters'} (${found.join(', ')})`;
}

/** `text` without the characters `invisibleCharacters` reports. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** IANA zone names are at most 32 characters (`America/Argentina/ComodRivadavia`). */
export const MAX_ZONE_NAME = 64;

/** A zone name far longer than any IANA name: not worth comparing with every zone. */
export function zoneTooLong(name: string): { message: string; hint: string } | undefined {
  if (name.length <= MAX_ZONE_NAME) return undefined;
  return {
    message: `time zone "${name.slice(0, 40)}…" is ${name.length.toLocaleString('en-US')} characters long; IANA zone names are at most 32`,
    hint: 'use an IANA zone name such as "America/New_York" or "Europe/London", or "UTC"',
  };
}

/** At most `max` characters of `text`, saying how much was cut. */
export function clip(text: string, max = 80): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters)`;
}

/** A JSON-quoted string in a message (`"…"`, with `\"` escapes) longer than the limit. */
const LONG_QUOTE = /"((?:[^"\\\n]|\\.){121,})"/g;

/**
 * Messages quote what the user wrote (`unknown time zone "…"`, `got "…"`). A 5,000-character
 * value must not become a 5,000-character annotation (50 of them per file, in every job
 * summary), so each long quotation is shortened; the explanation around it is kept whole.
 */
export function clipQuoted(message: string, max = 100): string {
  if (message.length <= max + 20) return message;
  return message.replace(LONG_QUOTE, (_, inner: string) => {
    let cut = inner.slice(0, max);
    // Never end on half an escape (`\`) or half a surrogate pair.
    cut = cut.replace(/\\+$/, (s) => (s.length % 2 === 1 ? s.slice(0, -1) : s));
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
    return `"${cut}…" (${(inner.length - cut.length).toLocaleString('en-US')} more characters)`;
  });
}

// ---------------------------------------------------------------------------------------------
// Durations people write

const UNIT_MS: Record<string, number> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
};

const UNIT_WORDS: [RegExp, string][] = [
  [/^(?:weeks?|wks?|w)$/i, 'w'],
  [/^(?:days?|d)$/i, 'd'],
  [/^(?:hours?|hrs?|hr|h)$/i, 'h'],
  [/^(?:minutes?|mins?|min|m)$/i, 'm'],
  [/^(?:seconds?|secs?|sec|s)$/i, 's'],
];

function unitOf(word: string): string | undefined {
  return UNIT_WORDS.find(([re]) => re.test(word))?.[1];
}

/** `90m` → `1h30m`: the compact form parseDuration reads, largest units first. */
function compact(ms: number): string {
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_MS[unit]!;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out || '0m';
}

/**
 * The duration someone meant, in the form parseDuration reads (`90s`, `10m`, `1h30m`), for a
 * text it rejected: `5 minutes`, `1 hour and 30 minutes`, `1h 30m`, `1.5h`, `PT2H`, `2H`.
 * Undefined when there is no unambiguous reading (a bare number has no unit to guess).
 */
export function suggestDuration(text: string): string | undefined {
  const t = text.trim();
  if (t === '' || t.length > 100) return undefined;
  // ISO 8601 durations: PT2H, P1D, PT1H30M, P1W.
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(t);
  if (iso && /\d/.test(t)) {
    const [, w, d, h, m, s] = iso.map((x) => Number(x ?? 0)) as number[];
    return compact(
      w! * UNIT_MS.w! + d! * UNIT_MS.d! + h! * UNIT_MS.h! + m! * UNIT_MS.m! + s! * 1000,
    );
  }
  // One number with a fraction: 1.5h → 1h30m (only when it comes out in whole seconds).
  const decimal = /^(\d*\.\d+|\d+\.\d*)\s*([a-z]+)$/i.exec(t);
  if (decimal) {
    const unit = unitOf(decimal[2]!);
    if (unit === undefined) return undefined;
    const ms = Number(decimal[1]) * UNIT_MS[unit]!;
    return ms > 0 && Number.isInteger(ms / 1000) ? compact(ms) : undefined;
  }
  // Number-and-unit pairs, spelled out or spaced: `5 minutes`, `1 hour and 30 minutes`, `1h 30m`.
  const pieces = t
    .replace(/,|\band\b/gi, ' ')
    .trim()
    .split(/\s+/)
    .flatMap((w) => {
      const glued = /^(\d+)([a-z]+)$/i.exec(w);
      return glued ? [glued[1]!, glued[2]!] : [w];
    });
  if (pieces.length === 0 || pieces.length % 2 !== 0) return undefined;
  let out = '';
  for (let i = 0; i < pieces.length; i += 2) {
    const unit = unitOf(pieces[i + 1]!);
    if (!/^\d+$/.test(pieces[i]!) || unit === undefined) return undefined;
    out += `${Number(pieces[i])}${unit}`;
  }
  return out === t ? undefined : out;
}

/**
 * What to write instead of a duration parseDuration rejected, when we can tell: a unit for a
 * bare number, no sign, `5m` for `5 minutes`, `1h30m` for `1.5h` or `PT1H30M`.
 */
export function durationHint(key: string, value: unknown): string | undefined {
  const text =
    typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : typeof value === 'string'
        ? value.trim()
        : undefined;
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) {
    return `a duration needs a unit: write \`${key}: ${text}m\` for minutes or \`${key}: ${text}h\` for hours (units s, m, h, d, w)`;
  }
  if (text.startsWith('-')) {
    const positive = text.slice(1).trim();
    const fixed =
      suggestDuration(positive) ?? (/^(\d+[smhdw])+$/i.test(positive) ? positive : undefined);
    return `durations count forward and cannot be negative${fixed ? `: write \`${key}: ${fixed}\`` : ''}`;
  }
  // Spelled-out units (`5 minutes`) keep parseDuration's own hint, which shows the forms.
  if (/[a-z]{2,}/i.test(text) && !/^P/i.test(text)) return undefined;
  const suggestion = suggestDuration(text);
  if (suggestion === undefined) return undefined;
  const why = /\./.test(text)
    ? 'durations take whole numbers'
    : /^P/i.test(text)
      ? 'durations are written short, not in ISO 8601'
      : 'durations are written without spaces';
  return `${why}: write \`${key}: ${suggestion}\``;
}

/** The same error with long quotations of user text shortened (see `clipQuoted`). */
export function clipError(error: ConfigError): ConfigError {
  const message = clipQuoted(error.message);
  const hint = error.hint === undefined ? undefined : clipQuoted(error.hint);
  if (message === error.message && hint === error.hint) return error;
  return new ConfigError({
    source: error.source,
    message,
    line: error.line,
    column: error.column,
    hint,
  });
}
