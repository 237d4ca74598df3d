/**
 * Carries out what intake and announce decided: comments, labels, closing. The only I/O of the
 * run-at feature besides listing the queue. Every action is idempotent against a re-run: an
 * acknowledgement whose comment id we do not know is first looked for by its marker.
 */
import type { GitHubGateway } from '../github/gateway.js';
import type { IssueThread } from '../state/document.js';
import type { Announcement } from './announce.js';
import { DISPATCHED_LABEL_SUFFIX, FAILED_LABEL_SUFFIX } from './announce.js';
import { findMarkedComments } from './comments.js';
import type { CommentAction } from './intake.js';

/** Logins whose marked comments count as ours (the default token's identity). */
export const SELF_LOGINS = ['github-actions[bot]'];

const LABEL_STYLE: Record<string, { color: string; description: string }> = {
  [DISPATCHED_LABEL_SUFFIX]: {
    color: '0e8a16',
    description: 'agent-scheduler dispatched this request',
  },
  [FAILED_LABEL_SUFFIX]: {
    color: 'd73a4a',
    description: 'agent-scheduler could not run this request',
  },
};

export interface ConversationContext {
  gateway: GitHubGateway;
  label: string;
  threads: Record<string, IssueThread>;
  /** Labels known to exist; grows as labels are created. */
  knownLabels: Set<string>;
  /** Current labels of the open issues, from the queue listing. */
  issueLabels: Map<number, string[]>;
  log: (message: string) => void;
  errors: string[];
}

export async function postComment(ctx: ConversationContext, action: CommentAction): Promise<void> {
  const thread = (ctx.threads[String(action.issue)] ??= {});
  try {
    let commentId = action.commentId;
    if (commentId === undefined && !action.noComments) {
      // A crashed or state-less earlier tick may have posted it already: look before posting.
      const existing = findMarkedComments(
        await ctx.gateway.listComments(action.issue),
        SELF_LOGINS,
        {
          kind: action.kind,
          issue: action.issue,
        },
      )[0];
      commentId = existing?.comment.id;
    }
    if (commentId !== undefined) {
      await ctx.gateway.updateComment(commentId, action.body);
    } else {
      commentId = (await ctx.gateway.createComment(action.issue, action.body)).id;
    }
    if (action.kind === 'ack') thread.ack = { ...(thread.ack ?? { fingerprint: '' }), commentId };
    else thread.untrusted = { commentId };
    if (action.failedLabel) await addLabel(ctx, action.issue, FAILED_LABEL_SUFFIX);
    ctx.log(`issue #${action.issue}: ${action.kind} comment ${commentId}`);
  } catch (error) {
    ctx.errors.push(
      `issue #${action.issue}: could not post the ${action.kind} comment: ${String((error as Error).message ?? error)}`,
    );
  }
}

export async function announce(ctx: ConversationContext, a: Announcement): Promise<void> {
  try {
    await ctx.gateway.createComment(a.issue, a.body);
    if (a.failed) await addLabel(ctx, a.issue, FAILED_LABEL_SUFFIX);
    if (a.close) {
      const done = `${ctx.label}${DISPATCHED_LABEL_SUFFIX}`;
      await ensureLabel(ctx, DISPATCHED_LABEL_SUFFIX);
      const current = ctx.issueLabels.get(a.issue);
      if (current) {
        // One call: swap `run-at` for `run-at:dispatched` and close as completed.
        const labels = [...new Set([...current.filter((l) => l !== ctx.label), done])];
        await ctx.gateway.closeWithLabels(a.issue, labels);
      } else {
        await ctx.gateway.addLabels(a.issue, [done]);
        await ctx.gateway.removeLabel(a.issue, ctx.label);
        await ctx.gateway.closeIssue(a.issue, 'completed');
      }
    }
    ctx.log(`issue #${a.issue}: announced ${a.kind} ${a.key}`);
  } catch (error) {
    ctx.errors.push(
      `issue #${a.issue}: could not announce ${a.key}: ${String((error as Error).message ?? error)}`,
    );
  }
}

async function addLabel(ctx: ConversationContext, issue: number, suffix: string): Promise<void> {
  await ensureLabel(ctx, suffix);
  await ctx.gateway.addLabels(issue, [`${ctx.label}${suffix}`]);
}

/** Labels are created on first use, with a colour and a description. */
async function ensureLabel(ctx: ConversationContext, suffix: string): Promise<void> {
  const name = `${ctx.label}${suffix}`;
  if (ctx.knownLabels.has(name)) return;
  const style = LABEL_STYLE[suffix]!;
  await ctx.gateway.ensureLabel(name, style.color, style.description);
  ctx.knownLabels.add(name);
}
