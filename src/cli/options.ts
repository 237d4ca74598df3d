/** Argument parsers for commander options: `k=v` pairs, bounded integers, durations, zones. */
import { InvalidArgumentError } from 'commander';
import { DurationError, parseDuration } from '../time/duration.js';
import { timeZoneProblem } from '../time/zone.js';

export type KeyValue = [string, string];

/** `--input key=value`, repeatable; the value may contain `=` and be empty. */
export function collectKeyValue(value: string, previous: KeyValue[] = []): KeyValue[] {
  const eq = value.indexOf('=');
  if (eq <= 0) {
    throw new InvalidArgumentError(`expected key=value, e.g. --input prompt="Review PR #12"`);
  }
  const key = value.slice(0, eq).trim();
  if (previous.some(([k]) => k === key)) {
    throw new InvalidArgumentError(`input "${key}" is given twice`);
  }
  return [...previous, [key, value.slice(eq + 1)]];
}

/** Repeatable plain values (`--remove-input a --remove-input b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** Checks a duration (`90s`, `10m`, `2h`, `1h30m`) and keeps it as written. */
export function duration(value: string): string {
  try {
    parseDuration(value);
  } catch (e) {
    if (e instanceof DurationError) throw new InvalidArgumentError(`${e.message} — ${e.hint}`);
    throw e;
  }
  return value.trim();
}

export function timeZone(value: string): string {
  const problem = timeZoneProblem(value.trim());
  if (problem) throw new InvalidArgumentError(`${problem.message} — ${problem.hint}`);
  return value.trim();
}

export function repository(value: string): string {
  if (!/^[A-Za-z0-9-_.]+\/[A-Za-z0-9-_.]+$/.test(value.trim())) {
    throw new InvalidArgumentError('expected owner/name, e.g. --repo acme/widgets');
  }
  return value.trim();
}
