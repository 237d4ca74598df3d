/**
 * What to tell each run-at issue about its runs, decided without I/O from the state: a
 * dispatched occurrence not yet announced gets its comment (and a one-shot is relabelled and
 * closed); a final failure gets a failure comment and the `run-at:failed` label. Each
 * announcement is marked in `threads` (claimed) before it is made, so it is made at most once.
 */
import type { IssueThread, RunRecord, StateDocument } from '../state/document.js';
import { renderDispatched, renderFailed } from './comments.js';
import type { RunAtRequest } from './types.js';

export const DISPATCHED_LABEL_SUFFIX = ':dispatched';
export const FAILED_LABEL_SUFFIX = ':failed';

export interface Announcement {
  issue: number;
  /** Key in `thread.announced`: the occurrence id, or `<id>:failed`. */
  key: string;
  kind: 'dispatched' | 'failed';
  body: string;
  /** One-shot done: swap `<label>` for `<label>:dispatched` and close as completed. */
  close: boolean;
  /** Add `<label>:failed`. */
  failed: boolean;
}

/** Failure conclusions that end an occurrence once no retry is owed. */
const FAILED = new Set(['failure', 'timed_out', 'startup_failure', 'cancelled']);

export function planAnnouncements(
  state: StateDocument,
  threads: Record<string, IssueThread>,
  requests: ReadonlyMap<number, RunAtRequest>,
  now: Date,
  label: string,
): Announcement[] {
  const out: Announcement[] = [];
  for (const [key, entry] of Object.entries(state.issues)) {
    const thread = threads[key];
    const issue = Number(key);
    const request = requests.get(issue);
    // Only issues still in the queue (or closed by us after their run) are talked to.
    if (!thread || thread.cancelledAt) continue;
    const announced = new Set(thread.announced ?? []);
    const recurring = request ? request.cron !== undefined : false;
    // Oldest first, so comments read in order.
    for (const record of [...entry.history].reverse()) {
      const pendingRetry = (entry.pending ?? []).some(
        (p) => p.scheduledFor === record.scheduledFor,
      );
      if (record.outcome === 'dispatched' && !announced.has(record.id)) {
        out.push({
          issue,
          key: record.id,
          kind: 'dispatched',
          body: renderDispatched({
            issue,
            workflow: request?.workflow ?? 'the workflow',
            scheduledFor: new Date(record.scheduledFor),
            attempt: record.attempt,
            dispatchedAt: new Date(record.dispatchedAt ?? record.at),
            runId: record.runId,
            runUrl: record.runUrl,
            occurrenceId: record.id,
            fingerprint: request?.fingerprint,
            timezone: request?.timezone,
            recurring,
          }),
          close: !recurring,
          failed: false,
        });
        announced.add(record.id);
      }
      const failure = failureOf(record);
      if (failure && !pendingRetry && !announced.has(`${record.id}:failed`)) {
        out.push({
          issue,
          key: `${record.id}:failed`,
          kind: 'failed',
          body: renderFailed(failure, {
            issue,
            workflow: request?.workflow,
            scheduledFor: new Date(record.scheduledFor),
            attempt: record.attempt,
            runUrl: record.runUrl,
            fingerprint: request?.fingerprint,
            timezone: request?.timezone,
            failedLabel: `${label}${FAILED_LABEL_SUFFIX}`,
          }),
          close: false,
          failed: true,
        });
        announced.add(`${record.id}:failed`);
      }
    }
    void now;
  }
  return out;
}

/** Marks announcements as made (claimed) in the threads that will be committed. */
export function claimAnnouncements(
  threads: Record<string, IssueThread>,
  announcements: readonly Announcement[],
): void {
  for (const a of announcements) {
    const thread = (threads[String(a.issue)] ??= {});
    thread.announced = [...new Set([...(thread.announced ?? []), a.key])].slice(-50);
  }
}

function failureOf(record: RunRecord): string | undefined {
  if (record.outcome === 'dispatch-failed' && !record.ambiguous) {
    return `The dispatch failed: ${record.reason ?? 'unknown error'}`;
  }
  if (record.outcome === 'dispatched' && record.conclusion && FAILED.has(record.conclusion)) {
    return `The run ended with conclusion \`${record.conclusion}\`${record.reason ? ` (${record.reason})` : ''}.`;
  }
  return undefined;
}
