/**
 * The endpoints the simulator implements, keyed by OpenAPI operationId. Each handler is
 * synchronous (so every request changes the state atomically) and returns the status, JSON body
 * and headers GitHub would send.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Operation } from './openapi.js';
import { GitError, type TreeChange, type TreeEntryMode } from './git-store.js';
import * as f from './factories.js';
import type { IssueRecord, RunStatus } from './factories.js';
import type { RepoState, SimRun, SimWorkflow } from './state.js';

export interface Ctx {
  state: RepoState;
  op: Operation;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The request's raw pathname (still percent-encoded), for Link headers. */
  rawPath: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A non-JSON body (raw file contents). */
  raw?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply;

type Body = Record<string, unknown>;

export function errorReply(
  ctx: { op?: Operation },
  status: number,
  message: string,
  extra: Body = {},
): Reply {
  return {
    status,
    body: {
      message,
      ...extra,
      documentation_url: ctx.op?.docsUrl ?? 'https://docs.github.com/rest',
      status: String(status),
    },
  };
}

function notFound(ctx: Ctx, message = 'Not Found'): Reply {
  return errorReply(ctx, 404, message);
}

function unprocessable(ctx: Ctx, message: string): Reply {
  return errorReply(ctx, 422, message);
}

function validationFailed(ctx: Ctx, errors: Body[]): Reply {
  return errorReply(ctx, 422, 'Validation Failed', { errors });
}

function body(ctx: Ctx): Body {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body)
    ? (ctx.body as Body)
    : {};
}

function created(ctx: Ctx, payload: Record<string, unknown>): Reply {
  const location = typeof payload.url === 'string' ? { location: payload.url } : undefined;
  return { status: 201, body: payload, headers: location };
}

/** GitHub's page/per_page and `Link: <…>; rel="next", <…>; rel="last"` headers. */
function paginate<T>(
  ctx: Ctx,
  items: T[],
  defaultPerPage = 30,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(
    Math.max(Number(ctx.query.per_page ?? defaultPerPage) || defaultPerPage, 1),
    100,
  );
  const pageNo = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(n));
    return `<${ctx.state.urls.api}${ctx.rawPath}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (pageNo > 1) parts.push(`${link(Math.min(pageNo - 1, lastPage))}; rel="prev"`);
  if (pageNo < lastPage) {
    parts.push(`${link(pageNo + 1)}; rel="next"`);
    parts.push(`${link(lastPage)}; rel="last"`);
  }
  if (pageNo > 1) parts.push(`${link(1)}; rel="first"`);
  return { page, headers: parts.length > 0 ? { link: parts.join(', ') } : {} };
}

// ---- repository & rate limit ---------------------------------------------------------------------

const reposGet: Handler = (ctx) => ({
  status: 200,
  body: f.fullRepository(ctx.state.urls, ctx.state.repoFacts()),
});

const rateLimitGet: Handler = (ctx) => ({
  status: 200,
  body: f.rateLimitOverview(ctx.state.rateLimit),
});

// ---- git database ---------------------------------------------------------------------------------

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function refObjectType(ctx: Ctx, sha: string): string {
  return ctx.state.git.get(sha)?.type ?? 'commit';
}

const gitGetRef: Handler = (ctx) => {
  const name = fullRef(ctx.params.ref ?? '');
  const sha = ctx.state.git.refs.get(name);
  if (!sha) return notFound(ctx);
  return { status: 200, body: f.gitRef(ctx.state.urls, name, sha, refObjectType(ctx, sha)) };
};

const gitListMatchingRefs: Handler = (ctx) => {
  const prefix = fullRef(ctx.params.ref ?? '');
  const refs = [...ctx.state.git.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, sha]) => f.gitRef(ctx.state.urls, name, sha, refObjectType(ctx, sha)));
  return { status: 200, body: refs };
};

const gitCreateRef: Handler = (ctx) => {
  const { ref, sha } = body(ctx);
  if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref)) {
    return unprocessable(
      ctx,
      "Reference name must start with 'refs/' and have at least two slashes.",
    );
  }
  ctx.state.applyRace(ref);
  if (typeof sha !== 'string' || !ctx.state.git.get(sha))
    return unprocessable(ctx, 'Object does not exist');
  if (ctx.state.git.refs.has(ref)) return unprocessable(ctx, 'Reference already exists');
  ctx.state.git.refs.set(ref, sha.toLowerCase());
  return created(ctx, f.gitRef(ctx.state.urls, ref, sha.toLowerCase(), refObjectType(ctx, sha)));
};

const gitUpdateRef: Handler = (ctx) => {
  const name = fullRef(ctx.params.ref ?? '');
  ctx.state.applyRace(name);
  const { sha, force } = body(ctx);
  const current = ctx.state.git.refs.get(name);
  if (!current) return unprocessable(ctx, 'Reference does not exist');
  if (typeof sha !== 'string' || !ctx.state.git.get(sha))
    return unprocessable(ctx, 'Object does not exist');
  const next = sha.toLowerCase();
  if (force !== true && !ctx.state.git.isAncestor(current, next)) {
    return unprocessable(ctx, 'Update is not a fast forward');
  }
  ctx.state.git.refs.set(name, next);
  return { status: 200, body: f.gitRef(ctx.state.urls, name, next, refObjectType(ctx, next)) };
};

const gitDeleteRef: Handler = (ctx) => {
  const name = fullRef(ctx.params.ref ?? '');
  if (!ctx.state.git.refs.has(name)) return unprocessable(ctx, 'Reference does not exist');
  if (name === `refs/heads/${ctx.state.defaultBranch}`) {
    return unprocessable(ctx, 'Cannot delete the default branch');
  }
  ctx.state.git.refs.delete(name);
  return { status: 204 };
};

const MODES = new Set(['100644', '100755', '040000', '160000', '120000']);

const gitCreateTree: Handler = (ctx) => {
  const { tree, base_tree: baseTree } = body(ctx);
  if (!Array.isArray(tree))
    return validationFailed(ctx, [{ resource: 'Tree', field: 'tree', code: 'missing_field' }]);
  if (baseTree !== undefined && (typeof baseTree !== 'string' || !ctx.state.git.tree(baseTree))) {
    return unprocessable(ctx, 'Invalid tree info');
  }
  const changes: TreeChange[] = [];
  for (const [i, raw] of tree.entries()) {
    const e = (raw ?? {}) as Body;
    const path = e.path;
    const mode = e.mode;
    const type = e.type ?? 'blob';
    if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.endsWith('/')) {
      return unprocessable(ctx, `tree.path contains a malformed path component`);
    }
    if (typeof mode !== 'string' || !MODES.has(mode))
      return unprocessable(ctx, `Must supply a valid tree.mode`);
    if (type !== 'blob' && type !== 'tree' && type !== 'commit') {
      return unprocessable(ctx, `Must supply a valid tree.type`);
    }
    const hasContent = typeof e.content === 'string';
    const hasSha = 'sha' in e;
    if (hasContent && hasSha) {
      return unprocessable(
        ctx,
        `Must supply either tree.sha or tree.content. Request will be rejected if both are present.`,
      );
    }
    if (hasContent) {
      if (type !== 'blob')
        return unprocessable(ctx, `tree[${i}]: content may only be given for blobs`);
      changes.push({
        path,
        mode: mode as TreeEntryMode,
        type: 'blob',
        content: e.content as string,
      });
    } else if (e.sha === null) {
      changes.push({ path, mode: mode as TreeEntryMode, type, sha: null });
    } else if (typeof e.sha === 'string' && /^[0-9a-f]{40}$/i.test(e.sha)) {
      changes.push({ path, mode: mode as TreeEntryMode, type, sha: e.sha.toLowerCase() });
    } else {
      return unprocessable(ctx, `Must supply either tree.sha or tree.content`);
    }
  }
  try {
    const result = ctx.state.git.applyChanges(baseTree as string | undefined, changes);
    return created(ctx, treeBody(ctx, result.sha, false));
  } catch (error) {
    if (error instanceof GitError) return unprocessable(ctx, error.message);
    throw error;
  }
};

function treeBody(ctx: Ctx, sha: string, recursive: boolean): Record<string, unknown> {
  const git = ctx.state.git;
  const entries = recursive
    ? [...git.listFiles(sha).values()]
    : (git.tree(sha)?.entries ?? []).map((e) => ({ ...e, path: e.name }));
  return f.gitTree(
    ctx.state.urls,
    sha,
    entries.map((e) => ({
      ...e,
      size: e.type === 'blob' ? (git.blob(e.sha)?.content.length ?? 0) : undefined,
    })),
  );
}

const gitGetTree: Handler = (ctx) => {
  const sha = (ctx.params.tree_sha ?? '').toLowerCase();
  let treeSha = ctx.state.git.tree(sha) ? sha : undefined;
  if (!treeSha) {
    // GitHub also accepts a commit-ish (branch name, commit sha) here.
    const commit = ctx.state.resolveCommitish(ctx.params.tree_sha ?? '');
    treeSha = commit ? ctx.state.git.commit(commit)?.tree : undefined;
  }
  if (!treeSha) return notFound(ctx);
  const recursive =
    ctx.query.recursive !== undefined &&
    ctx.query.recursive !== '' &&
    ctx.query.recursive !== 'false' &&
    ctx.query.recursive !== '0';
  return { status: 200, body: treeBody(ctx, treeSha, recursive) };
};

const gitCreateCommit: Handler = (ctx) => {
  const b = body(ctx);
  const message = b.message;
  const tree = b.tree;
  const parents = b.parents ?? [];
  if (typeof message !== 'string')
    return validationFailed(ctx, [{ resource: 'Commit', field: 'message', code: 'missing_field' }]);
  if (typeof tree !== 'string' || !ctx.state.git.tree(tree))
    return unprocessable(ctx, 'Tree SHA does not exist');
  if (
    !Array.isArray(parents) ||
    parents.some((p) => typeof p !== 'string' || !ctx.state.git.commit(p))
  ) {
    return unprocessable(ctx, 'Parent SHA does not exist or is not a commit object');
  }
  const sig = (x: unknown) => {
    if (!x || typeof x !== 'object') return undefined;
    const s = x as Body;
    if (typeof s.name !== 'string' || typeof s.email !== 'string') return undefined;
    const date =
      typeof s.date === 'string' && !Number.isNaN(Date.parse(s.date))
        ? f.isoSeconds(new Date(s.date))
        : ctx.state.nowIso();
    return { name: s.name, email: s.email, date };
  };
  const author = sig(b.author) ?? ctx.state.actorSignature();
  const committer = sig(b.committer) ?? author;
  try {
    const commit = ctx.state.git.writeCommit({
      tree: tree.toLowerCase(),
      parents: (parents as string[]).map((p) => p.toLowerCase()),
      author,
      committer,
      message,
    });
    return created(ctx, f.gitCommit(ctx.state.urls, commit));
  } catch (error) {
    if (error instanceof GitError) return unprocessable(ctx, error.message);
    throw error;
  }
};

const gitGetCommit: Handler = (ctx) => {
  const commit = ctx.state.git.commit(ctx.params.commit_sha ?? '');
  if (!commit) return notFound(ctx);
  return { status: 200, body: f.gitCommit(ctx.state.urls, commit) };
};

const gitCreateBlob: Handler = (ctx) => {
  const { content, encoding } = body(ctx);
  if (typeof content !== 'string')
    return validationFailed(ctx, [{ resource: 'Blob', field: 'content', code: 'missing_field' }]);
  if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'base64') {
    return unprocessable(ctx, `encoding must be either "utf-8" or "base64"`);
  }
  const data =
    encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
  const blob = ctx.state.git.writeBlob(data);
  const url = `${ctx.state.urls.api}/repos/${ctx.state.owner}/${ctx.state.repo}/git/blobs/${blob.sha}`;
  return { status: 201, body: { url, sha: blob.sha }, headers: { location: url } };
};

const gitGetBlob: Handler = (ctx) => {
  const blob = ctx.state.git.blob(ctx.params.file_sha ?? '');
  if (!blob) return notFound(ctx);
  return { status: 200, body: f.blob(ctx.state.urls, blob.sha, blob.content) };
};

// ---- contents -------------------------------------------------------------------------------------

const reposGetContent: Handler = (ctx) => {
  const refName = ctx.query.ref ?? ctx.state.defaultBranch;
  const sha = ctx.state.resolveCommitish(refName);
  if (!sha) return notFound(ctx, `No commit found for the ref ${refName}`);
  const commit = ctx.state.git.commit(sha);
  if (!commit) return notFound(ctx);
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const entry = ctx.state.git.entryAt(commit.tree, path);
  if (!entry || path === '') return notFound(ctx);
  const accept = String(ctx.headers.accept ?? '');
  if (entry.type === 'tree') {
    const tree = ctx.state.git.tree(entry.sha);
    const items = (tree?.entries ?? []).map((e) =>
      f.contentEntry(
        ctx.state.urls,
        `${path}/${e.name}`,
        e,
        refName,
        ctx.state.git.blob(e.sha)?.content.length ?? 0,
      ),
    );
    return { status: 200, body: items };
  }
  const data = ctx.state.git.blob(entry.sha)?.content ?? Buffer.alloc(0);
  const raw = /application\/vnd\.github(\.v3)?\.raw/i.exec(accept);
  if (raw) {
    const contentType = `application/vnd.github${raw[1] ?? ''}.raw; charset=utf-8`;
    return { status: 200, raw: { data, contentType } };
  }
  return {
    status: 200,
    body: {
      ...f.contentEntry(ctx.state.urls, path, entry, refName, data.length),
      content: f.githubBase64(data),
      encoding: 'base64',
    },
  };
};

// ---- actions --------------------------------------------------------------------------------------

function workflowOr404(ctx: Ctx): SimWorkflow | Reply {
  const w = ctx.state.findWorkflow(ctx.params.workflow_id ?? '');
  return w ?? notFound(ctx);
}

function isReply(x: unknown): x is Reply {
  return !!x && typeof x === 'object' && 'status' in x && typeof (x as Reply).status === 'number';
}

const MAX_INPUTS = 25;
const MAX_INPUT_PAYLOAD = 65_535;

const createWorkflowDispatch: Handler = (ctx) => {
  const w = workflowOr404(ctx);
  if (isReply(w)) return w;
  const b = body(ctx);
  const state = ctx.state;
  if (state.dispatchMode === 'reject-field' && 'return_run_details' in b) {
    return errorReply(
      ctx,
      state.rejectFieldStatus,
      'Invalid request.\n\n"return_run_details" is not a permitted key.',
    );
  }
  if (!w.dispatchable)
    return unprocessable(ctx, "Workflow does not have 'workflow_dispatch' trigger");
  if (w.state !== 'active')
    return unprocessable(ctx, "Cannot trigger a 'workflow_dispatch' on a disabled workflow");
  const ref = b.ref;
  if (typeof ref !== 'string' || ref === '') return unprocessable(ctx, 'No ref found for: ');
  const isBranchOrTag =
    !/^[0-9a-f]{40}$/i.test(ref) &&
    state.resolveCommitish(ref) !== undefined &&
    !ref.startsWith('refs/pull/');
  if (!isBranchOrTag) return unprocessable(ctx, `No ref found for: ${ref}`);
  const inputs = (b.inputs && typeof b.inputs === 'object' ? b.inputs : {}) as Record<
    string,
    unknown
  >;
  const names = Object.keys(inputs);
  if (names.length > MAX_INPUTS) {
    return unprocessable(
      ctx,
      `you may only define up to ${MAX_INPUTS} \`inputs\` for a \`workflow_dispatch\` event`,
    );
  }
  const unexpected = names.filter((n) => !w.inputs.has(n));
  if (unexpected.length > 0)
    return unprocessable(ctx, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const [name, spec] of w.inputs) {
    const value = inputs[name];
    if (spec.required && spec.default === undefined && (value === undefined || value === '')) {
      return unprocessable(ctx, `Required input '${name}' not provided`);
    }
    if (
      spec.type === 'choice' &&
      value !== undefined &&
      spec.options &&
      !spec.options.includes(String(value))
    ) {
      return unprocessable(
        ctx,
        `Provided value '${String(value)}' for input '${name}' not in the list of allowed values`,
      );
    }
  }
  if (JSON.stringify(inputs).length > MAX_INPUT_PAYLOAD) {
    return unprocessable(
      ctx,
      `inputs are too large. The maximum payload size is ${MAX_INPUT_PAYLOAD} characters.`,
    );
  }
  const run = state.createRun(w, ref, inputs);
  const wantsDetails = b.return_run_details === true;
  state.dispatches.push({
    workflowId: w.id,
    workflowPath: w.path,
    ref,
    inputs: { ...inputs },
    returnRunDetails: typeof b.return_run_details === 'boolean' ? b.return_run_details : undefined,
    runId: run.id,
    at: state.nowIso(),
  });
  if (state.dispatchMode === 'details' && wantsDetails) {
    const run_url = `${state.urls.api}/repos/${state.owner}/${state.repo}/actions/runs/${run.id}`;
    const html_url = `${state.urls.web}/${state.owner}/${state.repo}/actions/runs/${run.id}`;
    return { status: 200, body: { workflow_run_id: run.id, run_url, html_url } };
  }
  return { status: 204 };
};

/** GitHub's `created` search qualifier: `>=T`, `>T`, `<=T`, `<T`, `A..B` (with `*`), or a day. */
export function matchesCreated(created: string, filter: string): boolean {
  const t = Date.parse(created);
  const parse = (s: string, end: boolean): number => {
    if (s === '*') return end ? Infinity : -Infinity;
    if (/^\d{4}-\d{2}-\d{2}$/.test(s))
      return Date.parse(`${s}T00:00:00Z`) + (end ? 86_400_000 - 1 : 0);
    return Date.parse(s);
  };
  const m = /^(>=|<=|>|<)(.+)$/.exec(filter);
  if (m) {
    const op = m[1] as string;
    const v = parse(m[2] as string, op === '<=' || op === '>');
    if (Number.isNaN(v)) return false;
    return op === '>=' ? t >= v : op === '>' ? t > v : op === '<=' ? t <= v : t < v;
  }
  const range = /^(.+)\.\.(.+)$/.exec(filter);
  if (range) {
    const a = parse(range[1] as string, false);
    const b = parse(range[2] as string, true);
    return t >= a && t <= b;
  }
  const a = parse(filter, false);
  const b = /^\d{4}-\d{2}-\d{2}$/.test(filter) ? parse(filter, true) : a;
  return t >= a && t <= b;
}

const CONCLUSIONS = new Set([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
  'startup_failure',
]);

function listRuns(ctx: Ctx, runs: SimRun[]): Reply {
  const q = ctx.query;
  let list = [...runs];
  if (q.event) list = list.filter((r) => r.event === q.event);
  if (q.branch) list = list.filter((r) => r.headBranch === q.branch);
  if (q.actor) list = list.filter((r) => r.actor.login === q.actor);
  if (q.head_sha) list = list.filter((r) => r.headSha === q.head_sha);
  if (q.status) {
    const s = q.status;
    list = list.filter((r) => (CONCLUSIONS.has(s) ? r.conclusion === s : r.status === s));
  }
  if (q.created) {
    const c = q.created;
    list = list.filter((r) => matchesCreated(r.createdAt, c));
  }
  list.sort((a, b) =>
    a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1,
  );
  const { page, headers } = paginate(ctx, list);
  const facts = ctx.state.repoFacts();
  return {
    status: 200,
    body: {
      total_count: list.length,
      workflow_runs: page.map((r) => f.workflowRun(ctx.state.urls, r, facts)),
    },
    headers,
  };
}

const listWorkflowRuns: Handler = (ctx) => {
  const w = workflowOr404(ctx);
  if (isReply(w)) return w;
  return listRuns(
    ctx,
    ctx.state.visibleRuns().filter((r) => r.workflowId === w.id),
  );
};

const listWorkflowRunsForRepo: Handler = (ctx) => listRuns(ctx, ctx.state.visibleRuns());

function runOr404(ctx: Ctx): SimRun | Reply {
  const id = Number(ctx.params.run_id);
  const run = ctx.state.visibleRuns().find((r) => r.id === id);
  return run ?? notFound(ctx);
}

const getWorkflowRun: Handler = (ctx) => {
  const run = runOr404(ctx);
  if (isReply(run)) return run;
  return { status: 200, body: f.workflowRun(ctx.state.urls, run, ctx.state.repoFacts()) };
};

const cancelWorkflowRun: Handler = (ctx) => {
  const run = runOr404(ctx);
  if (isReply(run)) return run;
  if (run.status === 'completed') {
    return errorReply(ctx, 409, 'Cannot cancel a workflow run that is completed.');
  }
  run.status = 'completed' satisfies RunStatus;
  run.conclusion = 'cancelled';
  run.updatedAt = ctx.state.nowIso();
  return { status: 202, body: {} };
};

const listRepoWorkflows: Handler = (ctx) => {
  const { page, headers } = paginate(ctx, ctx.state.workflows);
  return {
    status: 200,
    body: {
      total_count: ctx.state.workflows.length,
      workflows: page.map((w) => f.workflow(ctx.state.urls, w, ctx.state.defaultBranch)),
    },
    headers,
  };
};

const getWorkflow: Handler = (ctx) => {
  const w = workflowOr404(ctx);
  if (isReply(w)) return w;
  return { status: 200, body: f.workflow(ctx.state.urls, w, ctx.state.defaultBranch) };
};

// ---- issues, comments, labels -----------------------------------------------------------------------

const BODY_LIMIT = 65_536;

function issueBody(ctx: Ctx, issue: IssueRecord, closedBy = false): Record<string, unknown> {
  return f.issue(ctx.state.urls, issue, ctx.state.labelsOf, { closedBy });
}

function issueOr404(ctx: Ctx): IssueRecord | Reply {
  const issue = ctx.state.issues.get(Number(ctx.params.issue_number));
  return issue ?? notFound(ctx);
}

function isIssue(x: IssueRecord | Reply): x is IssueRecord {
  return 'number' in x;
}

function labelNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') names.push(item);
    else if (item && typeof item === 'object' && typeof (item as Body).name === 'string')
      names.push((item as Body).name as string);
  }
  return names;
}

const listIssues: Handler = (ctx) => {
  const q = ctx.query;
  const state = q.state ?? 'open';
  let list = [...ctx.state.issues.values()];
  if (state !== 'all') list = list.filter((i) => i.state === state);
  if (q.labels) {
    const wanted = q.labels
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l.length > 0);
    list = list.filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)));
  }
  if (q.creator) list = list.filter((i) => i.user.login.toLowerCase() === q.creator?.toLowerCase());
  if (q.assignee && q.assignee !== 'none') list = [];
  if (q.milestone && q.milestone !== 'none') list = [];
  if (q.mentioned) list = [];
  if (q.since) {
    const since = Date.parse(q.since);
    list = list.filter((i) => Date.parse(i.updatedAt) >= since);
  }
  const sort = q.sort ?? 'created';
  const dir = q.direction === 'asc' ? 1 : -1;
  const key = (i: IssueRecord): number =>
    sort === 'updated'
      ? Date.parse(i.updatedAt)
      : sort === 'comments'
        ? i.comments
        : Date.parse(i.createdAt);
  list.sort((a, b) => (key(a) - key(b) || a.number - b.number) * dir);
  const { page, headers } = paginate(ctx, list);
  return { status: 200, body: page.map((i) => issueBody(ctx, i)), headers };
};

const getIssue: Handler = (ctx) => {
  const issue = issueOr404(ctx);
  if (!isIssue(issue)) return issue;
  return { status: 200, body: issueBody(ctx, issue, true) };
};

const createIssue: Handler = (ctx) => {
  const b = body(ctx);
  const title = b.title;
  if (title === undefined || title === null || String(title) === '') {
    return validationFailed(ctx, [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
  }
  if (typeof b.body === 'string' && b.body.length > BODY_LIMIT) {
    return validationFailed(ctx, [
      {
        resource: 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
      },
    ]);
  }
  const issue = ctx.state.createIssue({
    title: String(title),
    body: typeof b.body === 'string' ? b.body : null,
    labels: labelNames(b.labels) ?? [],
  });
  return created(ctx, issueBody(ctx, issue, true));
};

const updateIssue: Handler = (ctx) => {
  const issue = issueOr404(ctx);
  if (!isIssue(issue)) return issue;
  const b = body(ctx);
  if (typeof b.body === 'string' && b.body.length > BODY_LIMIT) {
    return validationFailed(ctx, [
      {
        resource: 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
      },
    ]);
  }
  if ('title' in b && b.title !== null && b.title !== undefined) issue.title = String(b.title);
  if ('body' in b) issue.body = typeof b.body === 'string' ? b.body : null;
  const labels = labelNames(b.labels);
  if (labels) issue.labels = ctx.state.normalizeLabels(labels);
  if (b.state === 'open' || b.state === 'closed') {
    const reason =
      typeof b.state_reason === 'string'
        ? (b.state_reason as IssueRecord['stateReason'])
        : undefined;
    ctx.state.setIssueState(issue, b.state, reason, ctx.state.actorRef());
  }
  issue.updatedAt = ctx.state.nowIso();
  return { status: 200, body: issueBody(ctx, issue, true) };
};

const listComments: Handler = (ctx) => {
  const issue = issueOr404(ctx);
  if (!isIssue(issue)) return issue;
  let list = ctx.state.comments.filter((c) => c.issueNumber === issue.number);
  if (ctx.query.since) {
    const since = Date.parse(ctx.query.since);
    list = list.filter((c) => Date.parse(c.updatedAt) >= since);
  }
  const { page, headers } = paginate(ctx, list);
  return {
    status: 200,
    body: page.map((c) => f.issueComment(ctx.state.urls, c, issue.pullRequest)),
    headers,
  };
};

function commentTooLong(ctx: Ctx, text: string): Reply | undefined {
  if (text.length <= BODY_LIMIT) return undefined;
  return validationFailed(ctx, [
    {
      resource: 'IssueComment',
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
    },
  ]);
}

const createComment: Handler = (ctx) => {
  const issue = issueOr404(ctx);
  if (!isIssue(issue)) return issue;
  const text = body(ctx).body;
  if (typeof text !== 'string' || text === '') {
    return validationFailed(ctx, [
      { resource: 'IssueComment', code: 'missing_field', field: 'body' },
    ]);
  }
  const tooLong = commentTooLong(ctx, text);
  if (tooLong) return tooLong;
  const comment = ctx.state.addComment(issue, text);
  return created(ctx, f.issueComment(ctx.state.urls, comment, issue.pullRequest));
};

const updateComment: Handler = (ctx) => {
  const comment = ctx.state.comments.find((c) => c.id === Number(ctx.params.comment_id));
  if (!comment) return notFound(ctx);
  const text = body(ctx).body;
  if (typeof text !== 'string' || text === '') {
    return validationFailed(ctx, [
      { resource: 'IssueComment', code: 'missing_field', field: 'body' },
    ]);
  }
  const tooLong = commentTooLong(ctx, text);
  if (tooLong) return tooLong;
  comment.body = text;
  comment.updatedAt = ctx.state.nowIso();
  const issue = ctx.state.issues.get(comment.issueNumber);
  return {
    status: 200,
    body: f.issueComment(ctx.state.urls, comment, issue?.pullRequest ?? false),
  };
};

const addLabels: Handler = (ctx) => {
  const issue = issueOr404(ctx);
  if (!isIssue(issue)) return issue;
  const names = Array.isArray(ctx.body) ? labelNames(ctx.body) : labelNames(body(ctx).labels);
  if (!names || names.length === 0) {
    return validationFailed(ctx, [{ resource: 'Label', code: 'missing_field', field: 'labels' }]);
  }
  issue.labels = ctx.state.normalizeLabels([...issue.labels, ...names]);
  issue.updatedAt = ctx.state.nowIso();
  return {
    status: 200,
    body: ctx.state.labelsOf(issue.labels).map((l) => f.label(ctx.state.urls, l)),
  };
};

const removeLabel: Handler = (ctx) => {
  const issue = issueOr404(ctx);
  if (!isIssue(issue)) return issue;
  const name = (ctx.params.name ?? '').toLowerCase();
  if (!issue.labels.some((l) => l.toLowerCase() === name))
    return notFound(ctx, 'Label does not exist');
  issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
  issue.updatedAt = ctx.state.nowIso();
  return {
    status: 200,
    body: ctx.state.labelsOf(issue.labels).map((l) => f.label(ctx.state.urls, l)),
  };
};

const getLabel: Handler = (ctx) => {
  const l = ctx.state.label(ctx.params.name ?? '');
  if (!l) return notFound(ctx);
  return { status: 200, body: f.label(ctx.state.urls, l) };
};

const createLabel: Handler = (ctx) => {
  const b = body(ctx);
  if (typeof b.name !== 'string' || b.name.trim() === '') {
    return validationFailed(ctx, [{ resource: 'Label', code: 'missing_field', field: 'name' }]);
  }
  if (ctx.state.label(b.name)) {
    return validationFailed(ctx, [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
  }
  const color = typeof b.color === 'string' ? b.color.replace(/^#/, '') : 'ededed';
  if (!/^[0-9a-fA-F]{6}$/.test(color)) {
    return validationFailed(ctx, [{ resource: 'Label', code: 'invalid', field: 'color' }]);
  }
  const l = ctx.state.ensureLabel(
    b.name,
    color.toLowerCase(),
    typeof b.description === 'string' ? b.description : null,
  );
  return created(ctx, f.label(ctx.state.urls, l));
};

export const HANDLERS: Record<string, Handler> = {
  'repos/get': reposGet,
  'rate-limit/get': rateLimitGet,
  'git/get-ref': gitGetRef,
  'git/list-matching-refs': gitListMatchingRefs,
  'git/create-ref': gitCreateRef,
  'git/update-ref': gitUpdateRef,
  'git/delete-ref': gitDeleteRef,
  'git/create-tree': gitCreateTree,
  'git/get-tree': gitGetTree,
  'git/create-commit': gitCreateCommit,
  'git/get-commit': gitGetCommit,
  'git/create-blob': gitCreateBlob,
  'git/get-blob': gitGetBlob,
  'repos/get-content': reposGetContent,
  'actions/create-workflow-dispatch': createWorkflowDispatch,
  'actions/list-workflow-runs': listWorkflowRuns,
  'actions/list-workflow-runs-for-repo': listWorkflowRunsForRepo,
  'actions/get-workflow-run': getWorkflowRun,
  'actions/cancel-workflow-run': cancelWorkflowRun,
  'actions/list-repo-workflows': listRepoWorkflows,
  'actions/get-workflow': getWorkflow,
  'issues/list-for-repo': listIssues,
  'issues/get': getIssue,
  'issues/create': createIssue,
  'issues/update': updateIssue,
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/update-comment': updateComment,
  'issues/add-labels': addLabels,
  'issues/remove-label': removeLabel,
  'issues/get-label': getLabel,
  'issues/create-label': createLabel,
};
