/**
 * Every GitHub REST call the Action makes lives here, and nothing else does. Thin: no policy,
 * only translation between our types and the API's, and the one decision that belongs to the
 * network boundary — which calls may be retried.
 */
import { readRateLimit, type RateLimitInfo } from './budget.js';
import type { Octokit } from './client.js';
import { type Capability, GitHubError, toGitHubError } from './errors.js';

export interface DispatchResult {
  /** Present when the server honoured `return_run_details` (GitHub since February 2026). */
  runId?: number;
  runUrl?: string;
}

/** The fields of an issue the scheduler reads (a subset of GitHub's issue object). */
export interface IssueSummary {
  number: number;
  title: string;
  body: string | null;
  state: string;
  labels: (string | { name?: string })[];
  user: { login: string; type?: string } | null;
  author_association: string;
  created_at: string;
  updated_at: string;
  html_url: string;
  pull_request?: unknown;
  /** Number of comments; 0 lets the checker skip looking for one of its own. */
  comments?: number;
}

export interface CommentSummary {
  id: number;
  body: string;
  user: { login: string; type?: string } | null;
  html_url: string;
}

export interface WorkflowRunSummary {
  id: number;
  status: string;
  conclusion: string | null;
  displayTitle: string;
  createdAt: string;
  htmlUrl: string;
  actor?: string;
}

export class GitHubGateway {
  /** Set once a server rejects `return_run_details` (older GitHub Enterprise Server). */
  private runDetailsUnsupported = false;
  private lastRateLimit: RateLimitInfo | undefined;

  constructor(
    private readonly octokit: Octokit,
    readonly owner: string,
    readonly repo: string,
  ) {
    // Every answer, success or error, says how much of the primary rate limit is left.
    octokit.hook.after('request', (response) => this.noteRateLimit(response.headers));
    octokit.hook.error('request', (error) => {
      this.noteRateLimit(
        (error as { response?: { headers?: RateLimitHeaders } }).response?.headers,
      );
      throw error;
    });
  }

  /**
   * The primary (`core`) rate limit as of the answers seen so far; undefined before the first
   * answer or when the server sends no rate-limit headers. Within one window the lowest
   * `remaining` wins (answers to concurrent calls can arrive out of order).
   */
  get rateLimit(): RateLimitInfo | undefined {
    return this.lastRateLimit && { ...this.lastRateLimit };
  }

  private noteRateLimit(headers: RateLimitHeaders | undefined): void {
    const seen = readRateLimit(headers);
    if (!seen) return;
    const last = this.lastRateLimit;
    const sameWindow = last !== undefined && last.resetAt.getTime() === seen.resetAt.getTime();
    if (sameWindow && last.remaining <= seen.remaining) return;
    if (last !== undefined && !sameWindow && seen.resetAt.getTime() < last.resetAt.getTime()) {
      return; // a late answer from the previous window
    }
    this.lastRateLimit = seen;
  }

  private async call<T>(what: string, capability: Capability, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toGitHubError(error, what, capability);
    }
  }

  async getDefaultBranch(): Promise<string> {
    const { data } = await this.call('reading the repository', 'metadata', () =>
      this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo }),
    );
    return data.default_branch;
  }

  /** The commit a branch points at, or null when the branch does not exist. */
  async getBranchHead(branch: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.git.getRef({
        owner: this.owner,
        repo: this.repo,
        ref: `heads/${branch}`,
      });
      return data.object.sha;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw toGitHubError(error, `reading branch ${branch}`, 'contents');
    }
  }

  /** A file's text at a commit (raw media type: one call, no base64), or null if absent. */
  async readFileAt(path: string, commitSha: string): Promise<string | null> {
    try {
      const response = await this.octokit.rest.repos.getContent({
        owner: this.owner,
        repo: this.repo,
        path,
        ref: commitSha,
        mediaType: { format: 'raw' },
      });
      const data: unknown = response.data;
      return typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw toGitHubError(error, `reading ${path}`, 'contents');
    }
  }

  /** A tree holding exactly these files (no base tree: the state branch holds nothing else). */
  async createTree(files: Record<string, string>): Promise<string> {
    const { data } = await this.call('writing the state tree', 'contents', () =>
      this.octokit.rest.git.createTree({
        owner: this.owner,
        repo: this.repo,
        tree: Object.entries(files).map(([path, content]) => ({
          path,
          mode: '100644' as const,
          type: 'blob' as const,
          content,
        })),
      }),
    );
    return data.sha;
  }

  async createCommit(message: string, tree: string, parents: string[]): Promise<string> {
    const { data } = await this.call('writing the state commit', 'contents', () =>
      this.octokit.rest.git.createCommit({
        owner: this.owner,
        repo: this.repo,
        message,
        tree,
        parents,
      }),
    );
    return data.sha;
  }

  /** Creates a branch; 'exists' when another writer created it first. */
  async createBranch(branch: string, sha: string): Promise<'created' | 'exists'> {
    try {
      await this.octokit.rest.git.createRef({
        owner: this.owner,
        repo: this.repo,
        ref: `refs/heads/${branch}`,
        sha,
      });
      return 'created';
    } catch (error) {
      if ((error as { status?: number }).status === 422) return 'exists';
      throw toGitHubError(error, `creating branch ${branch}`, 'contents');
    }
  }

  /** Compare-and-swap: fast-forward only. 'conflict' when someone else moved the branch. */
  async moveBranch(branch: string, sha: string): Promise<'moved' | 'conflict'> {
    try {
      await this.octokit.rest.git.updateRef({
        owner: this.owner,
        repo: this.repo,
        ref: `heads/${branch}`,
        sha,
        force: false,
      });
      return 'moved';
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 422 "Update is not a fast forward"; 404/422 when the branch was deleted meanwhile.
      if (status === 422 || status === 404 || status === 409) return 'conflict';
      throw toGitHubError(error, `updating branch ${branch}`, 'contents');
    }
  }

  /**
   * Dispatches a workflow. Never retried by the client: a 5xx may hide a run GitHub created,
   * so the caller resolves the occurrence before sending it again (GitHubError.ambiguous).
   */
  async dispatchWorkflow(
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<DispatchResult> {
    const send = (withDetails: boolean) =>
      this.octokit.rest.actions.createWorkflowDispatch({
        owner: this.owner,
        repo: this.repo,
        workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
        ref,
        inputs,
        ...(withDetails ? { return_run_details: true } : {}),
        request: { retries: 0 },
      });
    try {
      let response;
      try {
        response = await send(!this.runDetailsUnsupported);
      } catch (error) {
        if (!this.runDetailsUnsupported && rejectsRunDetails(error)) {
          this.runDetailsUnsupported = true;
          response = await send(false);
        } else {
          throw error;
        }
      }
      const data = response.data as unknown as
        { workflow_run_id?: number; html_url?: string } | undefined;
      if ((response.status as number) === 200 && data && typeof data.workflow_run_id === 'number') {
        return { runId: data.workflow_run_id, runUrl: data.html_url };
      }
      return {};
    } catch (error) {
      if (error instanceof GitHubError) throw error;
      throw toGitHubError(error, `dispatching ${workflow} on ${ref}`, 'actions');
    }
  }

  /** Runs of one workflow created at or after `since` (one call; newest first). */
  async listWorkflowRuns(
    workflow: string,
    since: Date,
    event = 'workflow_dispatch',
    /** 1-based page of 100 (the lifecycle asks for a further page only when it must). */
    page = 1,
  ): Promise<WorkflowRunSummary[]> {
    const { data } = await this.call(`listing runs of ${workflow}`, 'actions', () =>
      this.octokit.rest.actions.listWorkflowRuns({
        owner: this.owner,
        repo: this.repo,
        workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
        event,
        created: `>=${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
        per_page: 100,
        ...(page > 1 ? { page } : {}),
      }),
    );
    return data.workflow_runs.map(toRunSummary);
  }

  /** One run by id (e.g. a checker's own run, to learn whether it ended); null when unknown. */
  async getWorkflowRun(runId: number): Promise<WorkflowRunSummary | null> {
    try {
      const { data: run } = await this.octokit.rest.actions.getWorkflowRun({
        owner: this.owner,
        repo: this.repo,
        run_id: runId,
      });
      return toRunSummary(run);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw toGitHubError(error, `reading run ${runId}`, 'actions');
    }
  }

  async cancelRun(runId: number): Promise<void> {
    await this.call(`cancelling run ${runId}`, 'actions', () =>
      this.octokit.rest.actions.cancelWorkflowRun({
        owner: this.owner,
        repo: this.repo,
        run_id: runId,
      }),
    );
  }

  // ---- issues ------------------------------------------------------------------------------

  /** Open issues carrying `label`, pull requests excluded: one call per 100 issues. */
  async listOpenIssues(label: string): Promise<IssueSummary[]> {
    const issues = await this.call(`listing open issues labelled ${label}`, 'issues', () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        owner: this.owner,
        repo: this.repo,
        state: 'open',
        labels: label,
        per_page: 100,
      }),
    );
    return (issues as unknown as IssueSummary[]).filter((i) => !i.pull_request);
  }

  async getIssue(issue: number): Promise<IssueSummary> {
    const { data } = await this.call(`reading issue #${issue}`, 'issues', () =>
      this.octokit.rest.issues.get({ owner: this.owner, repo: this.repo, issue_number: issue }),
    );
    return data as unknown as IssueSummary;
  }

  async createIssue(title: string, body: string, labels: string[]): Promise<IssueSummary> {
    const { data } = await this.call('opening an issue', 'issues', () =>
      this.octokit.rest.issues.create({ owner: this.owner, repo: this.repo, title, body, labels }),
    );
    return data as unknown as IssueSummary;
  }

  async listComments(issue: number): Promise<CommentSummary[]> {
    const comments = await this.call(`reading comments of #${issue}`, 'issues', () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
        per_page: 100,
      }),
    );
    return (comments as unknown as CommentSummary[]).map((c) => ({
      id: c.id,
      body: c.body ?? '',
      user: c.user,
      html_url: c.html_url,
    }));
  }

  async createComment(issue: number, body: string): Promise<CommentSummary> {
    const { data } = await this.call(`commenting on #${issue}`, 'issues', () =>
      this.octokit.rest.issues.createComment({
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
        body,
      }),
    );
    return { id: data.id, body: data.body ?? '', user: data.user, html_url: data.html_url };
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    await this.call(`updating comment ${commentId}`, 'issues', () =>
      this.octokit.rest.issues.updateComment({
        owner: this.owner,
        repo: this.repo,
        comment_id: commentId,
        body,
      }),
    );
  }

  async addLabels(issue: number, labels: string[]): Promise<void> {
    await this.call(`labelling #${issue}`, 'issues', () =>
      this.octokit.rest.issues.addLabels({
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
        labels,
      }),
    );
  }

  /** Removes a label from an issue; a label that is not there is not an error. */
  async removeLabel(issue: number, label: string): Promise<void> {
    try {
      await this.octokit.rest.issues.removeLabel({
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
        name: label,
      });
    } catch (error) {
      if ((error as { status?: number }).status === 404) return;
      throw toGitHubError(error, `removing label ${label} from #${issue}`, 'issues');
    }
  }

  /** Creates a repository label unless it exists (GET, then POST on 404; 422 = created meanwhile). */
  async ensureLabel(name: string, color: string, description: string): Promise<void> {
    try {
      await this.octokit.rest.issues.getLabel({ owner: this.owner, repo: this.repo, name });
      return;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) {
        throw toGitHubError(error, `reading label ${name}`, 'issues');
      }
    }
    try {
      await this.octokit.rest.issues.createLabel({
        owner: this.owner,
        repo: this.repo,
        name,
        color,
        description,
      });
    } catch (error) {
      if ((error as { status?: number }).status === 422) return;
      throw toGitHubError(error, `creating label ${name}`, 'issues');
    }
  }

  /** Replaces the labels and closes in one call (instead of add + remove + close). */
  async closeWithLabels(issue: number, labels: string[]): Promise<void> {
    await this.call(`closing #${issue}`, 'issues', () =>
      this.octokit.rest.issues.update({
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
        labels,
        state: 'closed',
        state_reason: 'completed',
      }),
    );
  }

  async closeIssue(
    issue: number,
    reason: 'completed' | 'not_planned' = 'completed',
  ): Promise<void> {
    await this.call(`closing #${issue}`, 'issues', () =>
      this.octokit.rest.issues.update({
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
        state: 'closed',
        state_reason: reason,
      }),
    );
  }
}

type RateLimitHeaders = Record<string, string | number | undefined>;

function rejectsRunDetails(error: unknown): boolean {
  const e = error as { status?: number; message?: string };
  return (e.status === 400 || e.status === 422) && /return_run_details/i.test(e.message ?? '');
}

/** The few fields of a workflow run the lifecycle reads (list and get answer the same shape). */
function toRunSummary(run: {
  id: number;
  status: string | null;
  conclusion: string | null;
  display_title: string;
  created_at: string;
  html_url: string;
  actor?: { login: string } | null;
}): WorkflowRunSummary {
  return {
    id: run.id,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    displayTitle: run.display_title,
    createdAt: run.created_at,
    htmlUrl: run.html_url,
    actor: run.actor?.login,
  };
}
