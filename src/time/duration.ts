/**
 * Durations as users write them in schedule files, issues and action inputs:
 * `90s`, `10m`, `2h`, `1d`, `1h30m`, `0m`. Units: s, m, h, d, w. No sign, no decimals.
 */
const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Longest duration we accept anywhere: 366 days. Beyond that it is a typo, not a plan. */
export const MAX_DURATION_MS = 366 * UNIT_MS.d!;

export class DurationError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'DurationError';
  }
}

const HINT = 'write a duration like 90s, 10m, 2h, 1d or 1h30m';

/** Parses a duration into milliseconds; throws DurationError with a hint. */
export function parseDuration(text: unknown): number {
  if (typeof text === 'number' && text === 0) return 0;
  if (typeof text !== 'string') {
    throw new DurationError(`expected a duration, got ${describeValue(text)}`, HINT);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) throw new DurationError(`duration "${text}" is negative`, HINT);
  if (!/^(\d+[smhdw])+$/i.test(trimmed)) {
    throw new DurationError(`"${text}" is not a duration`, HINT);
  }
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+)([smhdw])/gi)) {
    total += Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
  }
  if (total > MAX_DURATION_MS) {
    throw new DurationError(`duration "${text}" is longer than 366 days`, HINT);
  }
  return total;
}

/** `1h 58m`, `3d 4h`, `45s`: the two largest non-zero units, for people. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.length === 0 ? '0s' : sign + parts.slice(0, 2).join(' ');
}

/** Compact canonical form (`1h30m`) — the inverse of parseDuration, for files the CLI writes. */
export function toDurationString(ms: number): string {
  let rest = Math.round(ms / 1000);
  if (rest === 0) return '0m';
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}
