import { createHash } from 'node:crypto';

/** The timing fields of a schedule (SPEC §1): when one changes, the schedule starts from now. */
export interface TimingFields {
  cron: string;
  timezone: string;
  jitterMs: number;
  startAt?: Date;
  endAt?: Date;
  enabled: boolean;
}

/**
 * sha256 (hex, first 16 characters) of exactly the timing fields. Inputs, workflow, ref,
 * overlap, retries, priority and description are deliberately left out: changing them does
 * not reset a schedule's cadence.
 */
export function scheduleFingerprint(t: TimingFields): string {
  const canonical = JSON.stringify([
    'v1',
    t.cron,
    t.timezone,
    t.jitterMs,
    t.startAt ? t.startAt.toISOString() : null,
    t.endAt ? t.endAt.toISOString() : null,
    t.enabled,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
