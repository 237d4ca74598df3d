/** Occurrence identity and the deterministic jitter offset (SPEC §1, §5). */
import { createHash } from 'node:crypto';
import type { SourceId } from './types.js';

/**
 * `<source>@<scheduled_for>#<attempt>`, the scheduled time as `Date.toISOString()` (UTC, with
 * milliseconds): `schedule:nightly@2026-03-09T06:00:00.000Z#1`. The one way to build an id.
 */
export function occurrenceId(source: SourceId, scheduledFor: Date, attempt: number): string {
  return `${source}@${scheduledFor.toISOString()}#${attempt}`;
}

const ID_PATTERN = /^(.+)@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#([1-9]\d*)$/;

/** The inverse of `occurrenceId`; null for anything it did not build. */
export function parseOccurrenceId(
  id: string,
): { source: SourceId; scheduledFor: Date; attempt: number } | null {
  const m = ID_PATTERN.exec(id);
  if (!m) return null;
  const scheduledFor = new Date(m[2]!);
  if (Number.isNaN(scheduledFor.getTime())) return null;
  return { source: m[1]!, scheduledFor, attempt: Number(m[3]) };
}

/**
 * The schedule's deterministic offset in [0, jitterMs): a stable hash of `key` (the source id,
 * e.g. `schedule:nightly`). Whole seconds when the jitter is at least one second, so scheduled
 * times stay readable. Same key and jitter → same offset, on every machine and every tick.
 */
export function jitterOffsetMs(key: string, jitterMs: number): number {
  if (!Number.isFinite(jitterMs) || jitterMs < 1) return 0;
  // 48 bits of SHA-256: exact in a double, and wider than any jitter (≤ 366 days ≈ 2^35 ms).
  const hash = createHash('sha256').update(key).digest().readUIntBE(0, 6);
  if (jitterMs >= 1000) return (hash % Math.floor(jitterMs / 1000)) * 1000;
  return hash % Math.floor(jitterMs);
}
