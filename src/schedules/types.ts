/** A validated schedule file (SPEC §1), with every default applied. Produced by load.ts. */
export type Overlap = 'skip' | 'allow' | 'cancel-previous';
export type CatchUp = 'none' | 'latest' | 'all';
export type Priority = 'urgent' | 'high' | 'medium' | 'low';

export const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, medium: 2, low: 3 };

export interface Schedule {
  /** File name without extension; `[a-z0-9][a-z0-9._-]*`. */
  name: string;
  /** Repository-relative path of the file, e.g. `schedules/nightly.yml` (for annotations). */
  file: string;
  cron: string;
  /** IANA zone, already validated. */
  timezone: string;
  /** Workflow file name under .github/workflows (or a numeric workflow id). */
  workflow: string;
  /** Undefined = the repository's default branch. */
  ref?: string;
  /** Values as they will be sent to workflow_dispatch (strings), already checked. */
  inputs: Record<string, string>;
  enabled: boolean;
  overlap: Overlap;
  catchUp: CatchUp;
  catchUpWindowMs: number;
  retries: number;
  retryDelayMs: number;
  /** Undefined = no timeout. */
  timeoutMs?: number;
  priority: Priority;
  jitterMs: number;
  startAt?: Date;
  endAt?: Date;
  description?: string;
  /** Whether the target workflow declares the `scheduled-run` input (SPEC §5). */
  acceptsScheduledRun: boolean;
  /**
   * Hash of the timing fields (cron, timezone, jitter, start-at, end-at, enabled). When it
   * changes the schedule starts from now (SPEC §1).
   */
  fingerprint: string;
}
