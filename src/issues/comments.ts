/**
 * The comments agent-scheduler posts on run-at issues (SPEC §2), rendered as Markdown. Pure:
 * every time shown is computed from the `now` passed in, so the output is golden-testable.
 *
 * Every comment starts with a hidden marker, `<!-- agent-scheduler:<kind> issue=<n> … -->`, on
 * its first line. The next tick finds its own comments by that marker, so a re-run never posts
 * twice and an edit updates the acknowledgement in place. Compare the marker's `fingerprint`
 * with the request's (or `errorsFingerprint(errors)` for a parse error), never the comment
 * text: the text says "in 1h 58m", which changes with `now` (SPEC §7.3: no rewrite when the
 * request did not change).
 *
 * FOR THE INTEGRATOR — markers are only trustworthy in comments the checker itself wrote:
 * anyone who can comment can type `<!-- agent-scheduler:dispatched … -->`. Read markers only
 * from comments whose author is the checker's identity (`github-actions[bot]` with the
 * default token; the token's user otherwise) — `findMarkedComments` does exactly that — and
 * never from issue bodies. On top of that, `parseMarker` only accepts a marker at the very
 * start of a comment, and user text echoed in our comments is neutralised (`<!--` gets a
 * zero-width space), so our own comments cannot carry a second, user-made marker either.
 */
import { stringify } from 'yaml';
import type { ConfigError } from '../errors.js';
import { CronSpec, describeCron } from '../time/cron.js';
import { formatDuration } from '../time/duration.js';
import { MAX_BODY_CHARS, bodyLines, extractRequest } from './body.js';
import { formatInZone, formatRelative, formatUtc } from '../time/format.js';
import { FORM_EXAMPLE, FRONT_MATTER_EXAMPLE, RECURRING_EXAMPLE } from './examples.js';
import { errorsFingerprint } from './fingerprint.js';
import { codeBlock, inlineCode, renderMessage, safeUrl, truncate } from './markdown.js';
import { DEFAULT_TRUSTED_AUTHORS, normalizeLogin } from './trust.js';
import type { IssueLike, RunAtRequest } from './types.js';

// ---------------------------------------------------------------------------------------------
// Markers

export const MARKER_KINDS = ['ack', 'untrusted', 'dispatched', 'failed'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export interface Marker {
  kind: MarkerKind;
  /** `issue`, `fingerprint`, and per kind `status`, `occurrence`, `attempt`, `run`. */
  fields: Record<string, string>;
}

const MARKER_PREFIX = '<!-- agent-scheduler:';
const FIELD_NAME = /^[a-z][a-z0-9-]*$/;

/** Values keep `[A-Za-z0-9._:@#+/=~-]` readable and percent-encode everything else. */
function encodeValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._:@#+/=~-]/gu, (c) => encodeURIComponent(c));
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `<!-- agent-scheduler:ack issue=12 fingerprint=abc -->`; undefined fields are left out. */
export function renderMarker(
  kind: MarkerKind,
  fields: Record<string, string | number | undefined>,
): string {
  const parts = Object.entries(fields)
    .filter((e): e is [string, string | number] => e[1] !== undefined && FIELD_NAME.test(e[0]))
    .map(([k, v]) => `${k}=${encodeValue(String(v))}`);
  return `${MARKER_PREFIX}${kind}${parts.length ? ` ${parts.join(' ')}` : ''} -->`;
}

/**
 * The marker on a comment's first line, or null. Only a comment that starts with a marker has
 * one: a marker-like text further down (quoted by a person, echoed from an issue) never counts.
 * Check the comment's author before believing it (see the module comment).
 */
export function parseMarker(commentBody: string | null | undefined): Marker | null {
  if (typeof commentBody !== 'string') return null;
  const text = commentBody.replace(/^\ufeff/, '').trimStart();
  if (!text.startsWith(MARKER_PREFIX)) return null;
  const end = text.indexOf('-->');
  if (end < 0 || end > 2_000) return null;
  const inner = text.slice(MARKER_PREFIX.length, end);
  if (inner.includes('\n') || !inner.endsWith(' ')) return null;
  const [kind, ...pairs] = inner.trim().split(/ +/);
  if (!(MARKER_KINDS as readonly string[]).includes(kind ?? '')) return null;
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    if (!FIELD_NAME.test(name)) return null;
    if (!Object.hasOwn(fields, name)) fields[name] = decodeValue(pair.slice(eq + 1));
  }
  return { kind: kind as MarkerKind, fields };
}

export interface CommentLike {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
}

/**
 * The comments among `comments` that the checker wrote (author login in `selfLogins`,
 * case-insensitive) and that carry a marker, optionally of one kind and for one issue, in the
 * order given (GitHub lists comments oldest first).
 */
export function findMarkedComments<C extends CommentLike>(
  comments: readonly C[],
  selfLogins: readonly string[],
  filter: { kind?: MarkerKind; issue?: number } = {},
): { comment: C; marker: Marker }[] {
  const selves = new Set(selfLogins.map(normalizeLogin));
  const out: { comment: C; marker: Marker }[] = [];
  for (const comment of comments) {
    const login = comment.user?.login;
    if (!login || !selves.has(normalizeLogin(login))) continue;
    const marker = parseMarker(comment.body);
    if (!marker) continue;
    if (filter.kind !== undefined && marker.kind !== filter.kind) continue;
    if (filter.issue !== undefined && marker.fields.issue !== String(filter.issue)) continue;
    out.push({ comment, marker });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comments

export interface CommentOptions {
  /** The action's `issue-label` input, named in "how to cancel". Default `run-at`. */
  label?: string;
}

/** Shown inputs: each value and the whole block are capped so a comment stays far below the limit. */
const MAX_INPUT_SHOWN = 2_000;
const MAX_INPUTS_BLOCK = 20_000;
const MAX_ERRORS_SHOWN = 20;

/**
 * The acknowledgement: when it runs (UTC and the request's zone, and how long from `now`),
 * what it runs, and how to reschedule or cancel. Its marker carries the request's fingerprint.
 */
export function renderAck(
  request: RunAtRequest,
  now: Date,
  issue: Pick<IssueLike, 'number'>,
  options: CommentOptions = {},
): string {
  const label = options.label ?? 'run-at';
  const out: string[] = [
    renderMarker('ack', { issue: issue.number, fingerprint: request.fingerprint, status: 'ok' }),
  ];
  const workflow = inlineCode(request.workflow);

  if (request.runAt) {
    const at = request.runAt;
    const due = at.getTime() <= now.getTime();
    out.push(
      due
        ? `### ⏰ Due now: ${workflow} is being dispatched`
        : `### ⏰ Scheduled: ${workflow} runs ${formatRelative(at, now)}`,
      '',
      `- **When:** ${when(at, request.timezone)}${due ? ` (${formatRelative(at, now)})` : ''}`,
    );
  } else {
    const cron = request.cron ?? '';
    out.push(
      `### 🔁 Recurring: ${workflow} on ${inlineCode(cron)} (${inlineCode(request.timezone)})`,
      '',
      `${renderMessage(describeCron(cron))}, until this issue is closed. Next runs:`,
      '',
    );
    let next: Date[] = [];
    try {
      next = CronSpec.parse(cron, request.timezone).next(now, 3);
    } catch {
      next = [];
    }
    if (next.length === 0) out.push('- none: this expression never fires again');
    next.forEach((t, i) =>
      out.push(`${i + 1}. ${formatRelative(t, now)}: ${when(t, request.timezone)}`),
    );
    out.push('');
  }

  out.push(
    `- **Workflow:** ${workflow} on ${request.ref !== undefined ? inlineCode(request.ref) : 'the default branch'}`,
  );
  if (request.retries > 0) {
    out.push(
      `- **Retries:** ${request.retries}, ${formatDuration(request.retryDelayMs)} after a failed run`,
    );
  }
  if (request.timeoutMs !== undefined) {
    out.push(`- **Timeout:** ${formatDuration(request.timeoutMs)} after the dispatch`);
  }
  const names = Object.keys(request.inputs);
  if (names.length === 0) out.push('- **Inputs:** none');
  else {
    out.push(
      '- **Inputs:**',
      '',
      codeBlock(showInputs(request.inputs), 'yaml', MAX_INPUTS_BLOCK + 500),
    );
  }
  const where =
    request.format === 'form'
      ? 'the fields at the top of this issue'
      : 'the front matter at the top of this issue';
  out.push(
    '',
    `To reschedule, edit ${where}: this comment will follow. To cancel, close the issue or remove the ${inlineCode(label)} label.`,
  );
  return finish(out);
}

/**
 * The parse errors, each with the line it points at and a hint, then a valid request to copy.
 * Also an `ack` comment (§7.3: a fixed error updates the same comment), with `status=error`
 * and the errors' fingerprint.
 */
export function renderParseError(
  errors: readonly ConfigError[],
  issue: Pick<IssueLike, 'number' | 'body'>,
): string {
  const lines = bodyLines(issue.body);
  const shape = extractRequest(issue.body);
  const isForm = shape.kind === 'form';
  const out: string[] = [
    renderMarker('ack', {
      issue: issue.number,
      fingerprint: errorsFingerprint(errors),
      status: 'error',
    }),
    `### ⚠️ Not scheduled: ${errors.length === 1 ? 'the request has a problem' : `the request has ${errors.length} problems`}`,
    '',
  ];
  for (const error of errors.slice(0, MAX_ERRORS_SHOWN)) {
    out.push(`${error.line ? `**Line ${error.line}:** ` : ''}${renderMessage(error.message)}`);
    if (error.hint) out.push(`💡 ${renderMessage(error.hint)}`);
    const line = error.line ? lines[error.line - 1] : undefined;
    if (line !== undefined && line.trim() !== '' && line.trim() !== '---') {
      out.push('', codeBlock(truncate(line, 300), isForm ? '' : 'yaml'));
    }
    out.push('');
  }
  if (errors.length > MAX_ERRORS_SHOWN) {
    out.push(`…and ${errors.length - MAX_ERRORS_SHOWN} more.`, '');
  }
  out.push(
    `Fix the ${isForm ? 'fields' : 'front matter'} and save the issue: it is checked again on the next tick, and this comment will be updated.`,
    '',
    '<details><summary>A valid request looks like this</summary>',
    '',
    codeBlock(isForm ? FORM_EXAMPLE : FRONT_MATTER_EXAMPLE, 'markdown'),
    '',
    ...(isForm
      ? []
      : [
          'For a recurring run, use `cron` instead of `run-at`:',
          '',
          codeBlock(RECURRING_EXAMPLE, 'yaml'),
          '',
        ]),
    '</details>',
  );
  return finish(out);
}

/** Why an untrusted issue is not honoured, and who can schedule runs (posted once). */
export function renderUntrusted(
  issue: Pick<IssueLike, 'number' | 'user' | 'author_association'>,
  trustedAuthors: readonly string[] = DEFAULT_TRUSTED_AUTHORS,
): string {
  const login = issue.user?.login;
  const association = String(issue.author_association ?? 'NONE').toUpperCase();
  const listed =
    trustedAuthors.length > 0
      ? `the accounts in the checker's ${inlineCode('trusted-authors')} input (${trustedAuthors
          .slice(0, 20)
          .map((a) => inlineCode(a, 100))
          .join(', ')}${trustedAuthors.length > 20 ? ', …' : ''})`
      : `the accounts in the checker's ${inlineCode('trusted-authors')} input (none are listed)`;
  const who = login
    ? `It was opened by ${inlineCode(login, 100)}, whose association with the repository is ${inlineCode(association, 50)}`
    : "Its author's account no longer exists";
  return finish([
    renderMarker('untrusted', { issue: issue.number }),
    '### 🔒 Not scheduled: the author is not trusted to schedule runs',
    '',
    `agent-scheduler runs workflows only for run-at issues opened by the repository's owners, members and collaborators, or by ${listed}. ${who}, so nothing will be dispatched, whatever the issue says.`,
    '',
    'Someone with write access can open a new issue with the same request, or a maintainer can add the author to `trusted-authors` in the checker workflow. This is the only comment agent-scheduler posts here.',
  ]);
}

export interface DispatchedInfo {
  issue: number;
  workflow: string;
  /** The occurrence's time (the request's `run-at`, or a cron occurrence). */
  scheduledFor: Date;
  /** 1 for the first dispatch, 2 for the first retry, … */
  attempt: number;
  dispatchedAt: Date;
  runId?: number;
  /** The run's web URL (`html_url`), when GitHub returned it. */
  runUrl?: string;
  /** `issue:<n>@<scheduled_for>#<attempt>`: how to find the run when its URL is unknown. */
  occurrenceId?: string;
  /** The request's fingerprint, when known. */
  fingerprint?: string;
  /** Shown with the times; default UTC only. */
  timezone?: string;
  /** Recurring requests: the next occurrence (the issue stays open). */
  next?: Date;
  /** Recurring requests stay open; one-shots are closed as completed. Default false. */
  recurring?: boolean;
}

/** After a dispatch: the run's link when known. One per occurrence and attempt. */
export function renderDispatched(info: DispatchedInfo): string {
  const url = safeUrl(info.runUrl);
  const runText = info.runId !== undefined ? `run ${info.runId}` : 'the run';
  const run = url
    ? `[${runText}](${url})`
    : info.occurrenceId
      ? `GitHub did not return the run's link: look for the run of ${inlineCode(info.workflow)} named with ${inlineCode(info.occurrenceId)} in the Actions tab`
      : `GitHub did not return the run's link: look for it in the Actions tab`;
  const out = [
    renderMarker('dispatched', {
      issue: info.issue,
      fingerprint: info.fingerprint,
      occurrence: info.scheduledFor.toISOString(),
      attempt: info.attempt,
      run: info.runId,
    }),
    `### 🚀 Dispatched ${inlineCode(info.workflow)}${info.attempt > 1 ? ` (retry, attempt ${info.attempt})` : ''}`,
    '',
    `- **Scheduled for:** ${when(info.scheduledFor, info.timezone)}`,
    `- **Dispatched:** ${when(info.dispatchedAt, info.timezone)}`,
    `- **Run:** ${run}`,
    '',
  ];
  if (info.recurring) {
    out.push(
      info.next
        ? `This issue stays open: the next run is ${when(info.next, info.timezone)} (${formatRelative(info.next, info.dispatchedAt)}). Close it to stop.`
        : 'This issue stays open until it is closed.',
    );
  } else {
    out.push(
      'This request is done: the issue is closed as completed. Reopen and edit it to run again.',
    );
  }
  return finish(out);
}

export interface FailedInfo {
  issue: number;
  workflow?: string;
  scheduledFor?: Date;
  attempt?: number;
  runUrl?: string;
  fingerprint?: string;
  timezone?: string;
  /** When a retry is scheduled; absent when none is left. */
  retryAt?: Date;
  /** The label that marks failed requests (default `run-at:failed`). */
  failedLabel?: string;
}

/** A failed dispatch or run: what happened (escaped: it may quote the API or the user), what next. */
export function renderFailed(message: string, info: FailedInfo): string {
  const url = safeUrl(info.runUrl);
  const out = [
    renderMarker('failed', {
      issue: info.issue,
      fingerprint: info.fingerprint,
      occurrence: info.scheduledFor?.toISOString(),
      attempt: info.attempt,
    }),
    `### ❌ Failed${info.workflow ? `: ${inlineCode(info.workflow)}` : ''}${info.attempt && info.attempt > 1 ? ` (attempt ${info.attempt})` : ''}`,
    '',
    renderMessage(message, 4_000),
    '',
  ];
  if (info.scheduledFor) out.push(`- **Scheduled for:** ${when(info.scheduledFor, info.timezone)}`);
  if (url) out.push(`- **Run:** [${url.replace(/^https?:\/\//, '')}](${url})`);
  if (info.scheduledFor || url) out.push('');
  out.push(
    info.retryAt
      ? `It will be retried at ${when(info.retryAt, info.timezone)}.`
      : `No retries are left: the issue is labelled ${inlineCode(info.failedLabel ?? 'run-at:failed')}. Edit the request to try again.`,
  );
  return finish(out);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** `2026-11-25 09:00 UTC`, and the local reading when the zone is not UTC. */
function when(at: Date, timezone: string | undefined): string {
  const utc = formatUtc(at);
  if (timezone === undefined || timezone === 'UTC' || timezone === 'Etc/UTC') return utc;
  return `${utc} · ${formatInZone(at, timezone)} (${timezone})`;
}

/** The inputs as YAML (strings stay strings: `"true"`), long values cut for display only. */
function showInputs(inputs: Record<string, string>): string {
  const shown: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(inputs)) shown[name] = truncate(inputs[name]!, MAX_INPUT_SHOWN);
  return truncate(stringify(shown, { lineWidth: 0 }), MAX_INPUTS_BLOCK);
}

/**
 * Joins the lines and keeps the comment under GitHub's limit (SPEC §7.12). Control characters
 * quoted from a body (a NUL, an escape) are shown as their symbols (`␀`): GitHub may refuse a
 * comment that holds them, and a terminal-style escape must not reach anyone's screen.
 */
function finish(lines: string[]): string {
  const text =
    lines
      .join('\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) =>
        String.fromCharCode(0x2400 + c.charCodeAt(0)),
      )
      .replace(/\u007f/g, '\u2421')
      .trimEnd() + '\n';
  const limit = MAX_BODY_CHARS - 200;
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n\n…(cut: the comment was longer than GitHub's limit of ${MAX_BODY_CHARS.toLocaleString('en-US')} characters)\n`;
}
