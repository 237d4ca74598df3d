/**
 * The simulated repository: its git objects and refs, workflows and runs, issues, comments and
 * labels, and the simulator's clock. The HTTP layer (routes.ts) reads and changes it; tests
 * read and change it through GitHubSimulator.
 */
import { GitStore, type Signature, type TreeChange } from './git-store.js';
import {
  type AuthorAssociation,
  type CommentRecord,
  type IssueRecord,
  type LabelRecord,
  type RateLimitState,
  type RepoFacts,
  type RunRecord,
  type UserRef,
  type Urls,
  type WorkflowRecord,
  isoSeconds,
  userId,
} from './factories.js';

export interface WorkflowInputSpec {
  type?: 'string' | 'boolean' | 'choice' | 'number' | 'environment';
  required?: boolean;
  default?: string;
  options?: string[];
  description?: string;
}

export interface SimWorkflow extends WorkflowRecord {
  dispatchable: boolean;
  inputs: Map<string, WorkflowInputSpec>;
  runName?: (inputs: Record<string, unknown>) => string;
}

export interface SimRun extends RunRecord {
  ref: string;
  inputs: Record<string, unknown>;
  /** Hidden from reads until the clock reaches this instant (GitHub's eventual consistency). */
  visibleAt: string;
}

export interface DispatchRecord {
  workflowId: number;
  workflowPath: string;
  ref: string;
  inputs: Record<string, unknown>;
  returnRunDetails: boolean | undefined;
  runId: number;
  at: string;
}

export type DispatchMode = 'details' | 'no-content' | 'reject-field';

export interface Actor {
  login: string;
  type: 'User' | 'Bot';
  association: AuthorAssociation;
  name: string;
  email: string;
}

export interface RaceSpec {
  files?: Record<string, string | null>;
  message?: string;
}

export class RepoState {
  readonly git = new GitStore();
  readonly workflows: SimWorkflow[] = [];
  readonly runs: SimRun[] = [];
  readonly dispatches: DispatchRecord[] = [];
  readonly issues = new Map<number, IssueRecord>();
  readonly comments: CommentRecord[] = [];
  /** Lower-cased name → label. */
  readonly labels = new Map<string, LabelRecord>();
  readonly races = new Map<string, RaceSpec>();
  dispatchMode: DispatchMode = 'details';
  rejectFieldStatus: 400 | 422 = 422;
  runVisibilityDelayMs = 0;
  /** Primary rate limit (core). `reset` is epoch seconds on the wall clock: clients compare it with theirs. */
  rateLimit: RateLimitState = {
    limit: 5000,
    remaining: 5000,
    reset: Math.floor(Date.now() / 1000) + 3600,
  };
  urls: Urls;
  clock: Date;
  readonly createdAt: string;
  private nextIssueNumber = 1;
  private nextIds = {
    issue: 3_000_000_001,
    comment: 2_500_000_001,
    label: 8_000_000_001,
    workflow: 100_000_001,
    run: 7_000_000_001,
  };

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly defaultBranch: string,
    now: Date,
    readonly actor: Actor,
    readonly isPrivate: boolean,
  ) {
    this.clock = new Date(now.getTime());
    this.createdAt = isoSeconds(new Date(now.getTime() - 365 * 86_400_000));
    this.urls = {
      api: 'http://127.0.0.1',
      web: 'https://github.com',
      owner,
      repo,
      repoId: 700_000_001,
    };
  }

  nowIso(): string {
    return isoSeconds(this.clock);
  }

  repoFacts(): RepoFacts {
    const head = this.git.refs.get(`refs/heads/${this.defaultBranch}`);
    const pushedAt = head
      ? (this.git.commit(head)?.committer.date ?? this.createdAt)
      : this.createdAt;
    return {
      defaultBranch: this.defaultBranch,
      createdAt: this.createdAt,
      pushedAt,
      updatedAt: pushedAt,
      openIssues: [...this.issues.values()].filter((i) => i.state === 'open').length,
      private: this.isPrivate,
    };
  }

  actorRef(): UserRef {
    return { login: this.actor.login, type: this.actor.type };
  }

  actorSignature(): Signature {
    return { name: this.actor.name, email: this.actor.email, date: this.nowIso() };
  }

  // ---- git -----------------------------------------------------------------------------------

  /** A branch name, `heads/x`, `refs/heads/x`, a tag, or a full commit sha → commit sha. */
  resolveCommitish(ref: string): string | undefined {
    if (/^[0-9a-f]{40}$/i.test(ref) && this.git.commit(ref)) return ref.toLowerCase();
    const candidates = ref.startsWith('refs/')
      ? [ref]
      : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
    for (const name of candidates) {
      const sha = this.git.refs.get(name);
      if (sha) return sha;
    }
    return undefined;
  }

  branchHead(branch: string): string | undefined {
    return this.git.refs.get(`refs/heads/${branch}`);
  }

  /** Commits `files` (path → content, or null to delete) on a branch, creating it if needed. */
  commitFiles(
    branch: string,
    files: Record<string, string | Buffer | null>,
    message: string,
    options: { orphan?: boolean; author?: Signature } = {},
  ): string {
    const parent = options.orphan ? undefined : this.branchHead(branch);
    const base = parent ? this.git.commit(parent)?.tree : undefined;
    const changes: TreeChange[] = Object.entries(files).map(([path, content]) =>
      content === null
        ? { path, mode: '100644', type: 'blob', sha: null }
        : { path, mode: '100644', type: 'blob', content },
    );
    const tree = this.git.applyChanges(base, changes);
    const author = options.author ?? this.actorSignature();
    const commit = this.git.writeCommit({
      tree: tree.sha,
      parents: parent ? [parent] : [],
      author,
      committer: author,
      message,
    });
    this.git.refs.set(`refs/heads/${branch}`, commit.sha);
    return commit.sha;
  }

  readFile(commitish: string, path: string): Buffer | undefined {
    const sha = this.resolveCommitish(commitish);
    const commit = sha ? this.git.commit(sha) : undefined;
    if (!commit) return undefined;
    const entry = this.git.entryAt(commit.tree, path);
    if (!entry || entry.type !== 'blob') return undefined;
    return this.git.blob(entry.sha)?.content;
  }

  /** Another writer's commit on a branch (raceRefUpdate): same tree unless files are given. */
  applyRace(fullRef: string): void {
    const spec = this.races.get(fullRef);
    if (!spec) return;
    this.races.delete(fullRef);
    const branch = fullRef.replace(/^refs\/heads\//, '');
    const author: Signature = {
      name: 'concurrent-writer',
      email: 'concurrent-writer@users.noreply.github.com',
      date: this.nowIso(),
    };
    this.commitFiles(
      branch,
      spec.files ?? {},
      spec.message ?? 'Concurrent update by another writer',
      {
        author,
      },
    );
  }

  // ---- labels & issues -----------------------------------------------------------------------

  label(name: string): LabelRecord | undefined {
    return this.labels.get(name.toLowerCase());
  }

  ensureLabel(name: string, color = 'ededed', description: string | null = null): LabelRecord {
    const existing = this.label(name);
    if (existing) return existing;
    const record: LabelRecord = {
      id: this.nextIds.label++,
      name,
      color,
      description,
      default: false,
    };
    this.labels.set(name.toLowerCase(), record);
    return record;
  }

  labelsOf = (names: string[]): LabelRecord[] =>
    names.map((n) => this.label(n)).filter((l): l is LabelRecord => l !== undefined);

  /** Canonical (repository) spelling of label names, de-duplicated, creating missing labels. */
  normalizeLabels(names: string[]): string[] {
    const out: string[] = [];
    for (const n of names) {
      const l = this.ensureLabel(n);
      if (!out.some((x) => x.toLowerCase() === l.name.toLowerCase())) out.push(l.name);
    }
    return out;
  }

  createIssue(input: {
    title: string;
    body?: string | null;
    labels?: string[];
    user?: UserRef;
    authorAssociation?: AuthorAssociation;
    createdAt?: Date;
    pullRequest?: boolean;
  }): IssueRecord {
    const created = input.createdAt ? isoSeconds(input.createdAt) : this.nowIso();
    const record: IssueRecord = {
      id: this.nextIds.issue++,
      number: this.nextIssueNumber++,
      title: input.title,
      body: input.body ?? null,
      user: input.user ?? this.actorRef(),
      authorAssociation: input.authorAssociation ?? (input.user ? 'NONE' : this.actor.association),
      labels: this.normalizeLabels(input.labels ?? []),
      state: 'open',
      stateReason: null,
      locked: false,
      comments: 0,
      createdAt: created,
      updatedAt: created,
      closedAt: null,
      closedBy: null,
      pullRequest: input.pullRequest ?? false,
    };
    this.issues.set(record.number, record);
    return record;
  }

  setIssueState(
    issue: IssueRecord,
    state: 'open' | 'closed',
    reason: IssueRecord['stateReason'] | undefined,
    by: UserRef,
  ): void {
    if (state === issue.state) return;
    issue.state = state;
    if (state === 'closed') {
      issue.closedAt = this.nowIso();
      issue.closedBy = by;
      issue.stateReason = reason && reason !== 'reopened' ? reason : 'completed';
    } else {
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    }
  }

  addComment(
    issue: IssueRecord,
    body: string,
    author?: { user: UserRef; association: AuthorAssociation },
  ): CommentRecord {
    const now = this.nowIso();
    const record: CommentRecord = {
      id: this.nextIds.comment++,
      issueNumber: issue.number,
      body,
      user: author?.user ?? this.actorRef(),
      authorAssociation: author?.association ?? this.actor.association,
      createdAt: now,
      updatedAt: now,
    };
    this.comments.push(record);
    issue.comments++;
    issue.updatedAt = now;
    return record;
  }

  // ---- workflows & runs ----------------------------------------------------------------------

  addWorkflow(input: {
    path: string;
    name?: string;
    dispatchable?: boolean;
    inputs?: string[] | Record<string, WorkflowInputSpec>;
    state?: WorkflowRecord['state'];
    content?: string;
    commit?: boolean;
    runName?: (inputs: Record<string, unknown>) => string;
  }): SimWorkflow {
    const path = input.path.includes('/') ? input.path : `.github/workflows/${input.path}`;
    const inputs = new Map<string, WorkflowInputSpec>();
    if (Array.isArray(input.inputs))
      for (const n of input.inputs) inputs.set(n, { type: 'string' });
    else if (input.inputs)
      for (const [n, spec] of Object.entries(input.inputs)) inputs.set(n, spec);
    const now = this.nowIso();
    const workflow: SimWorkflow = {
      id: this.nextIds.workflow++,
      name: input.name ?? path,
      path,
      state: input.state ?? 'active',
      createdAt: now,
      updatedAt: now,
      dispatchable: input.dispatchable ?? true,
      inputs,
      runName: input.runName,
    };
    this.workflows.push(workflow);
    if (input.commit !== false) {
      this.commitFiles(
        this.defaultBranch,
        { [path]: input.content ?? workflowYaml(workflow) },
        `Add workflow ${path}`,
      );
    }
    return workflow;
  }

  /** A workflow by numeric id or by file name (`agent.yml`), as the REST API accepts it. */
  findWorkflow(idOrFile: string): SimWorkflow | undefined {
    if (/^\d+$/.test(idOrFile)) return this.workflows.find((w) => w.id === Number(idOrFile));
    return this.workflows.find((w) => w.path.split('/').pop() === idOrFile || w.path === idOrFile);
  }

  createRun(workflow: SimWorkflow, ref: string, inputs: Record<string, unknown>): SimRun {
    const branch = ref.replace(/^refs\/(heads|tags)\//, '');
    const headSha = this.resolveCommitish(ref) as string;
    const now = this.nowIso();
    const scheduled = inputs['scheduled-run'];
    const displayTitle = workflow.runName
      ? workflow.runName(inputs)
      : typeof scheduled === 'string' && scheduled.length > 0
        ? scheduled
        : workflow.name;
    const run: SimRun = {
      id: this.nextIds.run++,
      workflowId: workflow.id,
      name: workflow.name,
      path: workflow.path,
      runNumber: this.runs.filter((r) => r.workflowId === workflow.id).length + 1,
      runAttempt: 1,
      event: 'workflow_dispatch',
      status: 'queued',
      conclusion: null,
      displayTitle,
      headBranch: branch,
      headSha,
      headCommit: this.git.commit(headSha),
      actor: this.actorRef(),
      createdAt: now,
      updatedAt: now,
      runStartedAt: now,
      ref,
      inputs: { ...inputs },
      visibleAt: isoSeconds(new Date(this.clock.getTime() + this.runVisibilityDelayMs)),
    };
    this.runs.push(run);
    return run;
  }

  visibleRuns(): SimRun[] {
    const now = this.clock.getTime();
    return this.runs.filter((r) => Date.parse(r.visibleAt) <= now);
  }

  run(id: number): SimRun | undefined {
    return this.runs.find((r) => r.id === id);
  }
}

export function defaultActor(login = 'github-actions[bot]'): Actor {
  const bot = login.endsWith('[bot]');
  return {
    login,
    type: bot ? 'Bot' : 'User',
    association: bot ? 'NONE' : 'OWNER',
    name: login,
    email: `${userId(login)}+${login}@users.noreply.github.com`,
  };
}

function workflowYaml(w: SimWorkflow): string {
  const lines = [`name: ${JSON.stringify(w.name)}`, 'on:'];
  if (w.dispatchable) {
    lines.push('  workflow_dispatch:');
    if (w.inputs.size > 0) {
      lines.push('    inputs:');
      for (const [name, spec] of w.inputs) {
        lines.push(`      ${name}:`);
        lines.push(`        type: ${spec.type ?? 'string'}`);
        lines.push(`        required: ${spec.required ? 'true' : 'false'}`);
        if (spec.default !== undefined)
          lines.push(`        default: ${JSON.stringify(spec.default)}`);
        if (spec.options) {
          lines.push('        options:');
          for (const o of spec.options) lines.push(`          - ${JSON.stringify(o)}`);
        }
      }
    }
  } else {
    lines.push('  push:');
  }
  if (w.inputs.has('scheduled-run')) lines.push('run-name: ${{ inputs.scheduled-run }}');
  lines.push(
    'jobs:',
    '  run:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo simulated',
  );
  return `${lines.join('\n')}\n`;
}
