/**
 * Every GitHub REST call the Action makes lives here, and nothing else does. Thin: no policy,
 * only translation between our types and the API's, and the one decision that belongs to the
 * network boundary — which calls may be retried.
 */
import type { Octokit } from './client.js';
import { type Capability, GitHubError, toGitHubError } from './errors.js';

export interface DispatchResult {
  /** Present when the server honoured `return_run_details` (GitHub since February 2026). */
  runId?: number;
  runUrl?: string;
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

  constructor(
    private readonly octokit: Octokit,
    readonly owner: string,
    readonly repo: string,
  ) {}

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
  ): Promise<WorkflowRunSummary[]> {
    const { data } = await this.call(`listing runs of ${workflow}`, 'actions', () =>
      this.octokit.rest.actions.listWorkflowRuns({
        owner: this.owner,
        repo: this.repo,
        workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
        event,
        created: `>=${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
        per_page: 100,
      }),
    );
    return data.workflow_runs.map((run) => ({
      id: run.id,
      status: run.status ?? 'unknown',
      conclusion: run.conclusion ?? null,
      displayTitle: run.display_title,
      createdAt: run.created_at,
      htmlUrl: run.html_url,
      actor: run.actor?.login,
    }));
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
}

function rejectsRunDetails(error: unknown): boolean {
  const e = error as { status?: number; message?: string };
  return (e.status === 400 || e.status === 422) && /return_run_details/i.test(e.message ?? '');
}
