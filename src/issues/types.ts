/** Run-at issues (SPEC §2): what we read from GitHub, and the validated request we make of it. */
import type { ConfigError } from '../errors.js';
import type { CatchUp, Overlap } from '../schedules/types.js';

/** The subset of GitHub's issue object (REST `issues` endpoints, webhook payloads) we read. */
export interface IssueLike {
  number: number;
  title: string;
  /** GitHub sends null for an issue opened without a description. */
  body: string | null;
  state: string;
  /** REST answers objects; some payloads and tests use plain names. */
  labels: (string | { name?: string | null })[];
  /** Null for a deleted account ("ghost"). */
  user: { login: string; type?: string } | null;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE. */
  author_association: string;
  /** ISO 8601, e.g. `2026-11-25T07:02:00Z`; relative `run-at` values count from it. */
  created_at: string;
  updated_at: string;
  /** Present when the "issue" is a pull request (the issues API lists both). */
  pull_request?: unknown;
}

/** A validated run-at request, with every default applied. Produced by `parseRunAtIssue`. */
export interface RunAtRequest {
  /** The issue number. */
  issue: number;
  /** One-shot: the instant it runs. Exactly one of `runAt` and `cron` is set. */
  runAt?: Date;
  /** Recurring: a 5-field cron expression (already validated) in `timezone`, until the issue closes. */
  cron?: string;
  /** IANA zone: for a local `run-at`, for `cron`, and to show times to people. */
  timezone: string;
  /** File name under .github/workflows (or a numeric workflow id), already checked. */
  workflow: string;
  /** Undefined = the repository's default branch. */
  ref?: string;
  /** Exactly what a dispatch sends (declared inputs only, as strings), already checked. */
  inputs: Record<string, string>;
  retries: number;
  retryDelayMs: number;
  /** Undefined = no timeout. */
  timeoutMs?: number;
  /** One-shot: `allow` (an edit that re-arms a request must not be skipped); recurring: `skip`. */
  overlap: Overlap;
  /** Always `latest`: a late checker fires a missed occurrence once. */
  catchUp: CatchUp;
  /** Whether the target workflow declares the `scheduled-run` input (SPEC §5). */
  acceptsScheduledRun: boolean;
  /**
   * Hash of everything that defines the request (run-at or cron, timezone, workflow, ref,
   * inputs, retries, retry-delay, timeout, overlap, catch-up). Free text below the front
   * matter, YAML comments and formatting do not change it. The acknowledgement comment carries
   * it: a different one means the comment must be rewritten.
   */
  fingerprint: string;
  /**
   * Hash of the timing only (`runAt`; or `cron` + `timezone`): what the planner's
   * `Plannable.fingerprint` wants for a recurring request, so that editing its inputs does not
   * reset its cadence (as for schedule files, SPEC §1).
   */
  timingFingerprint: string;
  /** How the request was written: front matter, or the body of the issue form. */
  format: 'front-matter' | 'form';
}

export interface ParseResult {
  /** Present only when `errors` is empty. */
  request?: RunAtRequest;
  /** Every problem found, ordered by line; each names `issue #<n>`, a line and a hint. */
  errors: ConfigError[];
  /**
   * Set when the target workflow is unknown or cannot be dispatched (one of `errors`): SPEC
   * §7.7 wants such an issue labelled `run-at:failed`, not only commented.
   */
  unusableWorkflow?: string;
}
