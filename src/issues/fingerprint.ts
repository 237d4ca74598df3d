/**
 * Fingerprints: short, stable hashes of what defines a request (or a set of errors), so that a
 * re-run can tell whether the acknowledgement comment still says the right thing.
 */
import { createHash } from 'node:crypto';
import type { ConfigError } from '../errors.js';
import type { RunAtRequest } from './types.js';

/** 16 hex digits of SHA-256 over a canonical JSON array. */
export function hashOf(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

type Defining = Omit<
  RunAtRequest,
  'fingerprint' | 'timingFingerprint' | 'issue' | 'acceptsScheduledRun' | 'format'
>;

/** Everything that defines the request; inputs in name order, so their order in YAML is moot. */
export function requestFingerprint(r: Defining): string {
  const inputs = Object.keys(r.inputs)
    .sort()
    .map((name) => [name, r.inputs[name]]);
  return hashOf([
    'run-at/v1',
    r.runAt ? r.runAt.toISOString() : null,
    r.cron ?? null,
    r.timezone,
    r.workflow,
    r.ref ?? null,
    inputs,
    r.retries,
    r.retryDelayMs,
    r.timeoutMs ?? null,
    r.overlap,
    r.catchUp,
  ]);
}

/** The timing only: `runAt`, or `cron` and `timezone`. */
export function timingFingerprint(r: Pick<RunAtRequest, 'runAt' | 'cron' | 'timezone'>): string {
  return r.runAt
    ? hashOf(['run-at/timing/v1', r.runAt.toISOString()])
    : hashOf(['run-at/timing/v1', r.cron ?? null, r.timezone]);
}

/**
 * For the comment that reports parse errors: changes when the errors do (a fix that leaves
 * another error behind updates the comment), not when free text is edited.
 */
export function errorsFingerprint(errors: readonly ConfigError[]): string {
  return hashOf(['errors/v1', errors.map((e) => [e.line ?? null, e.message, e.hint ?? null])]);
}
