/**
 * The run-at queue for one tick, decided without I/O: which open issues become plannables,
 * which get a comment (acknowledgement, parse error, untrusted author), which closed ones are
 * recorded as cancelled. The returned `threads` already carry this tick's claims on comments,
 * so they are committed (compare-and-swap) before any comment is posted — two checkers never
 * post the same comment.
 */
import type { ConfigError } from '../errors.js';
import { cronPlannable, oneShotPlannable, type Plannable } from '../plan/plannable.js';
import type { DispatchTarget } from '../plan/types.js';
import type { EntryState, IssueThread, StateDocument, ThreadRequest } from '../state/document.js';
import { CronSpec } from '../time/cron.js';
import { errorsFingerprint } from './fingerprint.js';
import { renderAck, renderParseError, renderUntrusted } from './comments.js';
import { parseRunAtIssue, type WorkflowSource } from './parse.js';
import { isTrusted } from './trust.js';
import type { IssueLike, RunAtRequest } from './types.js';

/** Closed issues whose state entry is kept (newest numbers first), so `status` can show them. */
export const CLOSED_KEPT = 100;

export type CommentKind = 'ack' | 'untrusted';

export interface CommentAction {
  issue: number;
  kind: CommentKind;
  body: string;
  /** The comment to edit; absent = look for our marked comment, else create one. */
  commentId?: number;
  /** The issue has no comment at all: nothing to look for before creating one. */
  noComments?: boolean;
  /** A parse error naming an unusable workflow: label the issue `run-at:failed`. */
  failedLabel?: boolean;
}

export interface UntrustedSkip {
  issue: number;
  reason: string;
}

export interface IntakeInput {
  /** Open issues carrying the label (pull requests already excluded). */
  issues: readonly (IssueLike & { comments?: number })[];
  state: StateDocument;
  now: Date;
  trustedAuthors: readonly string[];
  defaultWorkflow?: string;
  defaultTimezone: string;
  workflows: WorkflowSource;
  label: string;
}

export interface IntakeResult {
  plannables: Plannable[];
  requests: Map<number, RunAtRequest>;
  errors: ConfigError[];
  untrusted: UntrustedSkip[];
  comments: CommentAction[];
  /** Next `state.threads`, with this tick's comment claims. */
  threads: Record<string, IssueThread>;
  /** Issue entries the planner must leave alone (invalid this tick, or closed and kept). */
  keepKeys: string[];
  /** Issue entries that gained a `cancelled` record (closed before they fired). */
  cancelled: { issue: number; entry: EntryState }[];
  /** Lines for the commit message. */
  notes: string[];
}

export function intakeIssues(input: IntakeInput): IntakeResult {
  const threads: Record<string, IssueThread> = structuredClone(input.state.threads ?? {});
  const result: IntakeResult = {
    plannables: [],
    requests: new Map(),
    errors: [],
    untrusted: [],
    comments: [],
    threads,
    keepKeys: [],
    cancelled: [],
    notes: [],
  };
  const open = new Set<string>();

  for (const issue of input.issues) {
    const key = String(issue.number);
    open.add(key);
    const thread = (threads[key] ??= {});
    delete thread.cancelledAt;

    const trust = isTrusted(issue, input.trustedAuthors);
    if (!trust.trusted) {
      result.untrusted.push({ issue: issue.number, reason: trust.reason });
      if (!thread.untrusted) {
        thread.untrusted = {};
        result.comments.push({
          issue: issue.number,
          kind: 'untrusted',
          body: renderUntrusted(issue, input.trustedAuthors),
          noComments: issue.comments === 0,
        });
        result.notes.push(`issue:${key} untrusted author — told once, never dispatched`);
      }
      // An issue that was trusted before and is not now (edited by someone else?) stays put.
      if (input.state.issues[key]) result.keepKeys.push(key);
      continue;
    }

    const parsed = parseRunAtIssue(issue, {
      defaultWorkflow: input.defaultWorkflow,
      defaultTimezone: input.defaultTimezone,
      workflows: input.workflows,
    });
    if (!parsed.request) {
      result.errors.push(...parsed.errors);
      if (input.state.issues[key]) result.keepKeys.push(key);
      const fingerprint = `error:${errorsFingerprint(parsed.errors)}`;
      if (thread.ack?.fingerprint !== fingerprint) {
        result.comments.push({
          issue: issue.number,
          kind: 'ack',
          body: renderParseError(parsed.errors, issue),
          commentId: thread.ack?.commentId,
          noComments: issue.comments === 0,
          failedLabel: parsed.unusableWorkflow !== undefined,
        });
        thread.ack = { ...thread.ack, fingerprint };
      }
      continue;
    }

    const request = parsed.request;
    result.requests.set(issue.number, request);
    result.plannables.push(toPlannable(request));
    if (request.runAt) thread.request = threadRequest(request, request.runAt);
    else delete thread.request;
    if (thread.ack?.fingerprint !== request.fingerprint) {
      result.comments.push({
        issue: issue.number,
        kind: 'ack',
        body: renderAck(request, input.now, issue, { label: input.label }),
        commentId: thread.ack?.commentId,
        noComments: issue.comments === 0,
      });
      thread.ack = { ...thread.ack, fingerprint: request.fingerprint };
    }
  }

  // Issues that left the queue: closed, or the label removed.
  const gone = Object.keys(input.state.issues)
    .filter((key) => !open.has(key))
    .sort((a, b) => Number(b) - Number(a));
  for (const [i, key] of gone.entries()) {
    const entry = input.state.issues[key]!;
    const thread = (threads[key] ??= {});
    const fired = entry.history.some((h) => h.outcome === 'dispatched');
    if (fired && thread.request && owesWork(entry)) {
      // Closed by us at dispatch, but its run is still followed: keep planning it (retries,
      // timeouts) from the request as it was acknowledged.
      result.plannables.push(fromThread(key, thread.request));
      continue;
    }
    if (i < CLOSED_KEPT) result.keepKeys.push(key);
    if (!fired && !thread.cancelledAt) {
      thread.cancelledAt = input.now.toISOString();
      result.cancelled.push({ issue: Number(key), entry });
      result.notes.push(`issue:${key} closed or unlabelled before it was due — cancelled`);
    }
  }
  for (const key of Object.keys(threads)) {
    if (!open.has(key) && !input.state.issues[key]) delete threads[key];
  }
  return result;
}

/** Records the cancellations in the (cloned) state the planner returned. */
export function applyCancellations(
  state: StateDocument,
  cancelled: IntakeResult['cancelled'],
  now: Date,
): void {
  for (const { issue } of cancelled) {
    const entry = state.issues[String(issue)];
    if (!entry) continue;
    entry.claims = [];
    entry.pending = [];
    entry.history = [
      {
        id: `issue:${issue}@cancelled`,
        scheduledFor: now.toISOString(),
        attempt: 0,
        outcome: 'cancelled',
        reason: 'the issue was closed or lost its label before it was due',
        at: now.toISOString(),
      },
      ...entry.history,
    ];
  }
}

/** Unfinished runs or owed retries: the lifecycle still needs this entry's plannable. */
function owesWork(entry: EntryState): boolean {
  return (
    (entry.pending ?? []).length > 0 ||
    entry.claims.length > 0 ||
    entry.history.some((h) => h.outcome === 'dispatched' && h.conclusion === undefined)
  );
}

function threadRequest(request: RunAtRequest, at: Date): ThreadRequest {
  const out: ThreadRequest = {
    at: at.toISOString(),
    fingerprint: request.fingerprint,
    workflow: request.workflow,
    inputs: { ...request.inputs },
    acceptsScheduledRun: request.acceptsScheduledRun,
    retries: request.retries,
    retryDelayMs: request.retryDelayMs,
  };
  if (request.ref !== undefined) out.ref = request.ref;
  if (request.timeoutMs !== undefined) out.timeoutMs = request.timeoutMs;
  return out;
}

function fromThread(key: string, r: ThreadRequest): Plannable {
  const target: DispatchTarget = {
    workflow: r.workflow,
    inputs: { ...r.inputs },
    acceptsScheduledRun: r.acceptsScheduledRun,
    priority: 'medium',
  };
  if (r.ref !== undefined) target.ref = r.ref;
  return oneShotPlannable({
    key,
    at: new Date(r.at),
    fingerprint: r.fingerprint,
    target,
    overlap: 'allow',
    retries: r.retries,
    retryDelayMs: r.retryDelayMs,
    ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}),
  });
}

function toPlannable(request: RunAtRequest): Plannable {
  const target: DispatchTarget = {
    workflow: request.workflow,
    inputs: { ...request.inputs },
    acceptsScheduledRun: request.acceptsScheduledRun,
    priority: 'medium',
  };
  if (request.ref !== undefined) target.ref = request.ref;
  const key = String(request.issue);
  const lifecycle = {
    retries: request.retries,
    retryDelayMs: request.retryDelayMs,
    ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
  };
  if (request.runAt) {
    return oneShotPlannable({
      key,
      at: request.runAt,
      fingerprint: request.fingerprint,
      target,
      overlap: request.overlap,
      ...lifecycle,
    });
  }
  return cronPlannable({
    kind: 'issue',
    key,
    cron: CronSpec.parse(request.cron!, request.timezone),
    fingerprint: request.timingFingerprint,
    enabled: true,
    catchUp: request.catchUp,
    catchUpWindowMs: 60 * 60_000,
    overlap: request.overlap,
    jitterMs: 0,
    target,
    ...lifecycle,
  });
}
