/**
 * GitHubSimulator — a local HTTP server that behaves like api.github.com for the endpoints
 * agent-scheduler uses, checked against GitHub's OpenAPI description on every exchange.
 *
 * It runs in the test process on real loopback HTTP (so a child process such as
 * `node dist/index.js` can reach it through GITHUB_API_URL) and never blocks: every handler is
 * synchronous and the server only awaits the network and injected delays. The test process must
 * therefore wait for child processes asynchronously (spawn + 'exit' event, never spawnSync).
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { OpenApi, type Mismatch, type Operation } from './openapi.js';
import { HANDLERS, errorReply, type Ctx, type Reply } from './routes.js';
import {
  RepoState,
  defaultActor,
  type Actor,
  type DispatchMode,
  type WorkflowInputSpec,
} from './state.js';
import { type AuthorAssociation, type IssueRecord, type UserRef, isoSeconds } from './factories.js';

export type { Mismatch } from './openapi.js';
export type { DispatchMode, WorkflowInputSpec } from './state.js';
export type { AuthorAssociation } from './factories.js';

export interface StartOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** The simulator's clock (default 2026-06-01T12:00:00Z). Never the wall clock. */
  now?: Date;
  /** The token clients must send (default: a random `ghs_…` string). */
  token?: string;
  /** Who the token belongs to (default `github-actions[bot]`, association NONE). */
  actor?: string | (Partial<Actor> & { login: string });
  /** Web root for html_url fields (default https://github.com). */
  webUrl?: string;
  private?: boolean;
  /** Initial files on the default branch (one commit). Default: a README.md. */
  files?: Record<string, string>;
}

export interface WorkflowOptions {
  /** `.github/workflows/agent.yml`, or just `agent.yml`. */
  path: string;
  /** Default: the path, as GitHub shows a workflow without `name:`. */
  name?: string;
  /** Has a `workflow_dispatch` trigger (default true). */
  dispatchable?: boolean;
  /** Declared `workflow_dispatch` inputs: names, or names → spec (required, choice options…). */
  inputs?: string[] | Record<string, WorkflowInputSpec>;
  state?: 'active' | 'disabled_manually' | 'disabled_inactivity';
  /** The YAML committed to the default branch (default: generated from the options). */
  content?: string;
  /** Commit the workflow file to the default branch (default true). */
  commit?: boolean;
  /** The run's display_title from its inputs (default: input `scheduled-run`, else the name). */
  runName?: (inputs: Record<string, unknown>) => string;
}

export interface SimWorkflowInfo {
  id: number;
  name: string;
  path: string;
  state: string;
  inputs: string[];
  dispatchable: boolean;
}

export interface IssueOptions {
  title: string;
  body?: string;
  labels?: string[];
  /** Author login (default: the token's actor). */
  user?: string;
  /** Default: NONE for a given `user`, the actor's association otherwise. */
  authorAssociation?: AuthorAssociation;
  createdAt?: Date;
  /** A pull request: listed by the issues API with a `pull_request` key, as on GitHub. */
  pullRequest?: boolean;
}

export interface SimIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  user: string;
  author_association: AuthorAssociation;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pull_request: boolean;
  comments: number;
}

export interface SimComment {
  id: number;
  issue_number: number;
  body: string;
  user: string;
  author_association: AuthorAssociation;
  created_at: string;
  updated_at: string;
}

export interface SimLabel {
  name: string;
  color: string;
  description: string | null;
}

export interface SimRunInfo {
  id: number;
  workflow_id: number;
  path: string;
  name: string;
  status: string;
  conclusion: string | null;
  display_title: string;
  inputs: Record<string, unknown>;
  ref: string;
  head_branch: string;
  head_sha: string;
  event: string;
  actor: string;
  run_number: number;
  run_attempt: number;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface SimDispatch {
  workflowId: number;
  workflowPath: string;
  ref: string;
  inputs: Record<string, unknown>;
  returnRunDetails: boolean | undefined;
  runId: number;
  at: string;
}

export interface CallRecord {
  method: string;
  /** Decoded path without the query (`/repos/acme/widgets/git/ref/heads/main`). */
  path: string;
  /** Raw request target as sent (`/repos/acme/widgets/git/ref/heads%2Fmain?x=1`). */
  url: string;
  /** OpenAPI path template, undefined when no GitHub operation matches. */
  route: string | undefined;
  operationId: string | undefined;
  status: number;
  query: Record<string, string>;
  requestBody?: unknown;
  /** The simulator's clock when the call arrived. */
  at: string;
  /** Answered by an injected fault. */
  fault: boolean;
  /** Not an endpoint the simulator implements (answered 404). */
  unknownRoute: boolean;
}

export interface FaultMatch {
  operationId?: string;
  method?: string;
  /** Substring of the request path (decoded or raw). */
  pathIncludes?: string;
}

export interface FaultSpec extends FaultMatch {
  /** 1-based number of the matching call (counted from injection) that fails first. Default 1. */
  nth?: number;
  /** How many consecutive matching calls fail from there (default 1). */
  times?: number;
  /** Answer with this status; omit to send the real answer (useful with delayMs). */
  status?: number;
  headers?: Record<string, string>;
  /** JSON body (default `{message: <status text>, documentation_url, status}`). */
  body?: unknown;
  /** Perform the real effect first, then answer with the fault (e.g. dispatch creates the run, answers 502). */
  applyEffect?: boolean;
  /** Wait this long (wall clock) before answering. */
  delayMs?: number;
}

export interface FaultHandle {
  /** How many calls this fault has answered so far. */
  readonly fired: number;
  /** Matching calls seen since injection. */
  readonly seen: number;
  readonly done: boolean;
  remove(): void;
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  fired: number;
  removed: boolean;
}

const DEFAULT_NOW = new Date('2026-06-01T12:00:00Z');
const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ';

export class GitHubSimulator {
  readonly token: string;
  private readonly state: RepoState;
  private readonly api: OpenApi;
  private readonly server: Server;
  private readonly callLog: CallRecord[] = [];
  private readonly mismatchLog: Mismatch[] = [];
  private readonly faults: ActiveFault[] = [];
  private readonly listeners = new Set<(call: CallRecord) => void>();
  private requestSeq = 0;
  private baseUrl = '';

  private constructor(options: StartOptions) {
    this.api = OpenApi.get();
    this.token = options.token ?? `ghs_sim${randomBytes(16).toString('hex')}`;
    const actorOption = options.actor;
    const actor: Actor =
      typeof actorOption === 'string'
        ? defaultActor(actorOption)
        : actorOption
          ? { ...defaultActor(actorOption.login), ...actorOption }
          : defaultActor();
    this.state = new RepoState(
      options.owner ?? 'acme',
      options.repo ?? 'widgets',
      options.defaultBranch ?? 'main',
      options.now ?? DEFAULT_NOW,
      actor,
      options.private ?? false,
    );
    if (options.webUrl) this.state.urls.web = options.webUrl.replace(/\/+$/, '');
    const initialAuthor = {
      name: this.state.owner,
      email: `${this.state.owner}@users.noreply.github.com`,
      date: this.state.nowIso(),
    };
    this.state.commitFiles(
      this.state.defaultBranch,
      options.files ?? { 'README.md': `# ${this.state.repo}\n` },
      'Initial commit',
      { author: initialAuthor },
    );
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.recordInternalError(req.method ?? 'GET', req.url ?? '/', error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        }
        res.end(JSON.stringify({ message: `simulator error: ${String(error)}` }));
      });
    });
    this.server.keepAliveTimeout = 1000;
  }

  /** Starts a simulator on 127.0.0.1 with an ephemeral port. */
  static async start(options: StartOptions = {}): Promise<GitHubSimulator> {
    const sim = new GitHubSimulator(options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = sim.server.address() as AddressInfo;
    sim.baseUrl = `http://127.0.0.1:${port}`;
    sim.state.urls.api = sim.baseUrl;
    return sim;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The API root, for GITHUB_API_URL and Octokit's baseUrl. */
  get url(): string {
    return this.baseUrl;
  }

  get owner(): string {
    return this.state.owner;
  }

  get repo(): string {
    return this.state.repo;
  }

  get defaultBranch(): string {
    return this.state.defaultBranch;
  }

  // ---- clock -----------------------------------------------------------------------------------

  get now(): Date {
    return new Date(this.state.clock.getTime());
  }

  setNow(date: Date): void {
    this.state.clock = new Date(date.getTime());
  }

  advance(ms: number): void {
    this.state.clock = new Date(this.state.clock.getTime() + ms);
  }

  // ---- repository content --------------------------------------------------------------------------

  addWorkflow(options: WorkflowOptions): SimWorkflowInfo {
    const w = this.state.addWorkflow(options);
    return this.workflowInfo(w.id);
  }

  get workflows(): SimWorkflowInfo[] {
    return this.state.workflows.map((w) => this.workflowInfo(w.id));
  }

  private workflowInfo(id: number): SimWorkflowInfo {
    const w = this.state.workflows.find((x) => x.id === id);
    if (!w) throw new Error(`no workflow ${id}`);
    return {
      id: w.id,
      name: w.name,
      path: w.path,
      state: w.state,
      inputs: [...w.inputs.keys()],
      dispatchable: w.dispatchable,
    };
  }

  /** Commits files (path → text, null = delete) to a branch, creating it (orphan if asked). */
  writeBranchFiles(
    branch: string,
    files: Record<string, string | null>,
    options: { message?: string; orphan?: boolean } = {},
  ): string {
    return this.state.commitFiles(branch, files, options.message ?? 'Update files', {
      orphan: options.orphan,
    });
  }

  /** The commit a branch points at. */
  branchHead(branch: string): string | undefined {
    return this.state.branchHead(branch);
  }

  /** A file at the tip of a branch, read through the git object store. */
  readBranchFile(branch: string, path: string): string | undefined {
    const head = this.state.branchHead(branch);
    if (!head) return undefined;
    return this.state.readFile(head, path)?.toString('utf8');
  }

  /** A branch's history, newest first. */
  branchLog(
    branch: string,
  ): { sha: string; message: string; parents: string[]; author: string; date: string }[] {
    const head = this.state.branchHead(branch);
    if (!head) return [];
    return this.state.git.log(head).map((c) => ({
      sha: c.sha,
      message: c.message,
      parents: [...c.parents],
      author: c.author.name,
      date: c.committer.date,
    }));
  }

  get branches(): string[] {
    return [...this.state.git.refs.keys()]
      .filter((r) => r.startsWith('refs/heads/'))
      .map((r) => r.slice('refs/heads/'.length));
  }

  /**
   * Before the next PATCH (or POST create) of this branch's ref, another writer commits to it —
   * so that update is no longer a fast-forward and gets GitHub's 422 (or "Reference already
   * exists" for a create). `files` is what the other writer changes (default: nothing).
   */
  raceRefUpdate(
    branch: string,
    options: { files?: Record<string, string | null>; message?: string } = {},
  ): void {
    this.state.races.set(`refs/heads/${branch}`, { ...options });
  }

  // ---- issues ------------------------------------------------------------------------------------

  addIssue(options: IssueOptions): SimIssue {
    const i = this.state.createIssue({
      title: options.title,
      body: options.body ?? null,
      labels: options.labels,
      user: options.user ? { login: options.user } : undefined,
      authorAssociation: options.authorAssociation,
      createdAt: options.createdAt,
      pullRequest: options.pullRequest,
    });
    return issueInfo(i);
  }

  updateIssue(
    number: number,
    changes: {
      title?: string;
      body?: string | null;
      labels?: string[];
      state?: 'open' | 'closed';
      stateReason?: 'completed' | 'not_planned';
      user?: string;
    },
  ): SimIssue {
    const i = this.issueRecord(number);
    if (changes.title !== undefined) i.title = changes.title;
    if (changes.body !== undefined) i.body = changes.body;
    if (changes.labels) i.labels = this.state.normalizeLabels(changes.labels);
    const by: UserRef = changes.user ? { login: changes.user } : i.user;
    if (changes.state) this.state.setIssueState(i, changes.state, changes.stateReason, by);
    i.updatedAt = this.state.nowIso();
    return issueInfo(i);
  }

  closeIssue(number: number, reason: 'completed' | 'not_planned' = 'completed'): SimIssue {
    return this.updateIssue(number, { state: 'closed', stateReason: reason });
  }

  /** A comment by someone (default: the actor), as if posted on the web. */
  addComment(
    number: number,
    body: string,
    options: { user?: string; authorAssociation?: AuthorAssociation } = {},
  ): SimComment {
    const i = this.issueRecord(number);
    const c = this.state.addComment(
      i,
      body,
      options.user
        ? { user: { login: options.user }, association: options.authorAssociation ?? 'NONE' }
        : undefined,
    );
    return commentInfo(c);
  }

  addLabel(name: string, color = 'ededed', description: string | null = null): SimLabel {
    const l = this.state.ensureLabel(name, color, description);
    return { name: l.name, color: l.color, description: l.description };
  }

  get issues(): SimIssue[] {
    return [...this.state.issues.values()].map(issueInfo);
  }

  issue(number: number): SimIssue | undefined {
    const i = this.state.issues.get(number);
    return i ? issueInfo(i) : undefined;
  }

  comments(issueNumber: number): SimComment[] {
    return this.state.comments.filter((c) => c.issueNumber === issueNumber).map(commentInfo);
  }

  get labels(): SimLabel[] {
    return [...this.state.labels.values()].map((l) => ({
      name: l.name,
      color: l.color,
      description: l.description,
    }));
  }

  private issueRecord(number: number): IssueRecord {
    const i = this.state.issues.get(number);
    if (!i) throw new Error(`no issue #${number}`);
    return i;
  }

  // ---- actions -----------------------------------------------------------------------------------

  get runs(): SimRunInfo[] {
    return this.state.runs.map((r) => ({
      id: r.id,
      workflow_id: r.workflowId,
      path: r.path,
      name: r.name,
      status: r.status,
      conclusion: r.conclusion,
      display_title: r.displayTitle,
      inputs: { ...r.inputs },
      ref: r.ref,
      head_branch: r.headBranch,
      head_sha: r.headSha,
      event: r.event,
      actor: r.actor.login,
      run_number: r.runNumber,
      run_attempt: r.runAttempt,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      html_url: `${this.state.urls.web}/${this.state.owner}/${this.state.repo}/actions/runs/${r.id}`,
    }));
  }

  get dispatches(): SimDispatch[] {
    return this.state.dispatches.map((d) => ({ ...d, inputs: { ...d.inputs } }));
  }

  /** queued → in_progress. */
  startRun(runId: number): void {
    const r = this.runRecord(runId);
    r.status = 'in_progress';
    r.updatedAt = this.state.nowIso();
  }

  /** → completed with a conclusion (success, failure, cancelled, timed_out, startup_failure…). */
  completeRun(runId: number, conclusion = 'success'): void {
    const r = this.runRecord(runId);
    r.status = 'completed';
    r.conclusion = conclusion;
    r.updatedAt = this.state.nowIso();
  }

  /**
   * How dispatches answer: 'details' (GitHub since 2026-02: 200 with run details when
   * `return_run_details: true`, else 204), 'no-content' (always 204, the field ignored), or
   * 'reject-field' (older GHES: 422, or 400 if asked, when `return_run_details` is present).
   */
  setDispatchMode(mode: DispatchMode, options: { rejectStatus?: 400 | 422 } = {}): void {
    this.state.dispatchMode = mode;
    this.state.rejectFieldStatus = options.rejectStatus ?? 422;
  }

  /** New runs stay invisible to the runs API for this long on the simulator's clock. */
  setRunVisibilityDelay(ms: number): void {
    this.state.runVisibilityDelayMs = ms;
  }

  private runRecord(runId: number) {
    const r = this.state.run(runId);
    if (!r) throw new Error(`no run ${runId}`);
    return r;
  }

  // ---- rate limits & faults ----------------------------------------------------------------------------

  /** Sets the primary (core) rate limit; at 0 every request gets GitHub's 403 until reset. */
  setRateLimit(remaining: number, options: { limit?: number; resetAt?: Date } = {}): void {
    const limit = options.limit ?? this.state.rateLimit.limit;
    const reset = options.resetAt
      ? Math.floor(options.resetAt.getTime() / 1000)
      : Math.floor(Date.now() / 1000) + 3600;
    this.state.rateLimit = { limit, remaining, reset };
  }

  get rateLimit(): { limit: number; remaining: number; reset: number } {
    return { ...this.state.rateLimit };
  }

  injectFault(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = { spec, seen: 0, fired: 0, removed: false };
    this.faults.push(fault);
    return {
      get fired() {
        return fault.fired;
      },
      get seen() {
        return fault.seen;
      },
      get done() {
        return fault.removed || fault.fired >= (spec.times ?? 1);
      },
      remove: () => {
        fault.removed = true;
      },
    };
  }

  /** GitHub's secondary rate limit answer: 403 (or 429) with `retry-after`. */
  injectSecondaryRateLimit(
    spec: FaultMatch & { nth?: number; times?: number; retryAfter?: number; status?: 403 | 429 },
  ): FaultHandle {
    const requestId = `SIM${randomBytes(6).toString('hex').toUpperCase()}`;
    return this.injectFault({
      ...spec,
      status: spec.status ?? 403,
      headers: { 'retry-after': String(spec.retryAfter ?? 60) },
      body: {
        message: `${SECONDARY_MESSAGE}${requestId}.`,
        documentation_url:
          'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      },
    });
  }

  clearFaults(): void {
    for (const f of this.faults) f.removed = true;
    this.faults.length = 0;
  }

  // ---- inspection ----------------------------------------------------------------------------------

  get calls(): CallRecord[] {
    return [...this.callLog];
  }

  /** Calls to endpoints the simulator does not implement. */
  get unknownRoutes(): CallRecord[] {
    return this.callLog.filter((c) => c.unknownRoute);
  }

  resetCalls(): void {
    this.callLog.length = 0;
  }

  get mismatches(): Mismatch[] {
    return [...this.mismatchLog];
  }

  resetMismatches(): void {
    this.mismatchLog.length = 0;
  }

  /** Called after every answered request. Returns an unsubscribe function. */
  onCall(listener: (call: CallRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- HTTP ------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const parsed = new URL(target, 'http://127.0.0.1');
    const rawPath = parsed.pathname;
    const path = safeDecodePath(rawPath);
    const query: Record<string, string> = {};
    for (const [k, v] of parsed.searchParams) query[k] = v;
    const match = this.api.match(method, rawPath);
    const op = match?.operation;
    const handler = op ? HANDLERS[op.operationId] : undefined;
    const call: CallRecord = {
      method,
      path,
      url: target,
      route: op?.template,
      operationId: op?.operationId,
      status: 0,
      query,
      at: this.state.nowIso(),
      fault: false,
      unknownRoute: !handler,
    };

    let body: unknown;
    let reply: Reply | undefined;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
        call.requestBody = body;
      } catch {
        call.requestBody = rawBody.toString('utf8');
        reply = errorReply({ op }, 400, 'Problems parsing JSON');
      }
    }

    const rateLimited = path !== '/rate_limit';
    if (!reply) reply = this.authenticate(req, op);
    if (!reply && rateLimited) reply = this.consumeRateLimit();
    if (!reply && op && match && handler) {
      this.validateRequest(op, match.params, query, body, rawBody.length > 0, method, path);
      const { owner, repo } = match.params;
      if (
        owner !== undefined &&
        repo !== undefined &&
        (owner.toLowerCase() !== this.state.owner.toLowerCase() ||
          repo.toLowerCase() !== this.state.repo.toLowerCase())
      ) {
        reply = errorReply({ op }, 404, 'Not Found');
      }
    }

    const fault = reply ? undefined : this.takeFault(method, rawPath, path, op);
    if (!reply) {
      if (fault && fault.status !== undefined && !fault.applyEffect) {
        reply = this.faultReply(fault, op);
      } else {
        const real =
          handler && op && match
            ? handler({
                state: this.state,
                op,
                params: match.params,
                query,
                body,
                headers: req.headers,
                rawPath,
              } satisfies Ctx)
            : errorReply({ op }, 404, 'Not Found');
        reply = fault && fault.status !== undefined ? this.faultReply(fault, op) : real;
      }
      if (fault) call.fault = fault.status !== undefined;
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }

    if (op && handler && reply.body !== undefined && !reply.raw)
      this.validateResponse(op, reply, method, path);
    call.status = reply.status;
    this.callLog.push(call);
    this.send(res, reply);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch (error) {
        this.recordInternalError(method, target, error);
      }
    }
  }

  private authenticate(req: IncomingMessage, op: Operation | undefined): Reply | undefined {
    const header = req.headers.authorization ?? '';
    const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
    if (m && m[1] === this.token) return undefined;
    if (!header) return errorReply({ op }, 401, 'Requires authentication');
    return {
      status: 401,
      body: {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      },
    };
  }

  private consumeRateLimit(): Reply | undefined {
    const rl = this.state.rateLimit;
    if (rl.remaining <= 0 && Date.now() / 1000 >= rl.reset) {
      rl.remaining = rl.limit;
      rl.reset = Math.floor(Date.now() / 1000) + 3600;
    }
    if (rl.remaining <= 0) {
      return {
        status: 403,
        body: {
          message: `API rate limit exceeded for installation ID ${this.state.urls.repoId}. If you reach out to GitHub Support for help, please include the request ID SIM and timestamp ${this.state.nowIso()}.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        },
      };
    }
    rl.remaining--;
    return undefined;
  }

  private takeFault(
    method: string,
    rawPath: string,
    path: string,
    op: Operation | undefined,
  ): FaultSpec | undefined {
    for (const fault of this.faults) {
      if (fault.removed) continue;
      const s = fault.spec;
      if (s.operationId && s.operationId !== op?.operationId) continue;
      if (s.method && s.method.toUpperCase() !== method) continue;
      if (s.pathIncludes && !path.includes(s.pathIncludes) && !rawPath.includes(s.pathIncludes))
        continue;
      fault.seen++;
      const nth = s.nth ?? 1;
      const times = s.times ?? 1;
      if (fault.seen >= nth && fault.fired < times) {
        fault.fired++;
        if (fault.fired >= times) fault.removed = true;
        return s;
      }
    }
    return undefined;
  }

  private faultReply(spec: FaultSpec, op: Operation | undefined): Reply {
    const status = spec.status ?? 500;
    const body =
      spec.body !== undefined
        ? spec.body
        : errorReply(
            { op },
            status,
            status >= 500 ? 'Server Error' : (STATUS_CODES[status] ?? 'Error'),
          ).body;
    return { status, body, headers: { ...(spec.headers ?? {}) } };
  }

  private send(res: ServerResponse, reply: Reply): void {
    const rl = this.state.rateLimit;
    const headers: Record<string, string> = {
      'x-github-request-id': `SIM:${(++this.requestSeq).toString(16).toUpperCase().padStart(8, '0')}`,
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(rl.limit),
      'x-ratelimit-remaining': String(Math.max(rl.remaining, 0)),
      'x-ratelimit-reset': String(rl.reset),
      'x-ratelimit-used': String(rl.limit - Math.max(rl.remaining, 0)),
      'x-ratelimit-resource': 'core',
    };
    let payload: Buffer | undefined;
    if (reply.raw) {
      headers['content-type'] = reply.raw.contentType;
      headers['x-github-media-type'] = 'github.v3; param=raw';
      payload = reply.raw.data;
    } else if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
      headers['content-type'] = 'application/json; charset=utf-8';
      payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    }
    if (payload) headers['content-length'] = String(payload.length);
    for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  // ---- OpenAPI checks ------------------------------------------------------------------------------

  private mismatch(m: Mismatch): void {
    this.mismatchLog.push(m);
  }

  private validateRequest(
    op: Operation,
    params: Record<string, string>,
    query: Record<string, string>,
    body: unknown,
    hasBody: boolean,
    method: string,
    path: string,
  ): void {
    const declared = this.api.parameters(op);
    const pathErrors: string[] = [];
    const queryErrors: string[] = [];
    for (const p of declared) {
      const name = String(p.name);
      const schema = (p.schema ?? {}) as Record<string, never>;
      if (p.in === 'path') {
        const value = params[name];
        if (value === undefined || value === '') {
          pathErrors.push(`missing path parameter ${name}`);
          continue;
        }
        for (const e of this.api.validate(
          `${op.operationId}:path:${name}`,
          schema,
          coerce(value, schema),
        )) {
          pathErrors.push(`${name}: ${e}`);
        }
      } else if (p.in === 'query') {
        const value = query[name];
        if (value === undefined) {
          if (p.required === true) queryErrors.push(`missing required query parameter ${name}`);
          continue;
        }
        // `created` is documented as a date-time but takes search syntax (`>=2026-01-01`).
        const effective = name === 'created' ? { ...schema, format: undefined } : schema;
        for (const e of this.api.validate(
          `${op.operationId}:query:${name}`,
          effective as never,
          coerce(value, schema),
        )) {
          queryErrors.push(`${name}: ${e}`);
        }
      }
    }
    const known = new Set(declared.filter((p) => p.in === 'query').map((p) => String(p.name)));
    for (const key of Object.keys(query)) {
      if (!known.has(key)) queryErrors.push(`unknown query parameter ${key}`);
    }
    if (pathErrors.length > 0) {
      this.mismatch({
        operationId: op.operationId,
        method,
        path,
        direction: 'request',
        part: 'path',
        errors: pathErrors,
      });
    }
    if (queryErrors.length > 0) {
      this.mismatch({
        operationId: op.operationId,
        method,
        path,
        direction: 'request',
        part: 'query',
        errors: queryErrors,
      });
    }
    const schema = this.api.requestSchema(op);
    const bodyErrors: string[] = [];
    if (schema) {
      const requestBody = this.api.deref((op.raw.requestBody ?? null) as never) as {
        required?: boolean;
      } | null;
      if (!hasBody) {
        if (requestBody?.required === true) bodyErrors.push('missing request body');
      } else {
        bodyErrors.push(...this.api.validate(`${op.operationId}:request`, schema, body));
        bodyErrors.push(...this.api.unknownKeys(schema, body));
      }
    } else if (hasBody && method !== 'GET' && method !== 'DELETE') {
      bodyErrors.push('request body sent to an operation that takes none');
    }
    if (bodyErrors.length > 0) {
      this.mismatch({
        operationId: op.operationId,
        method,
        path,
        direction: 'request',
        part: 'body',
        errors: bodyErrors,
      });
    }
  }

  private validateResponse(op: Operation, reply: Reply, method: string, path: string): void {
    const { documented, schema } = this.api.responseSchema(op, reply.status);
    if (!documented) return;
    let errors: string[] = [];
    if (schema) errors = this.api.validate(`${op.operationId}:${reply.status}`, schema, reply.body);
    else if (reply.status === 204) errors = ['a 204 response must not have a body'];
    if (errors.length > 0) {
      this.mismatch({
        operationId: op.operationId,
        method,
        path,
        direction: 'response',
        part: String(reply.status),
        status: reply.status,
        errors,
      });
    }
  }

  private recordInternalError(method: string, path: string, error: unknown): void {
    this.mismatch({
      operationId: '(simulator)',
      method,
      path,
      direction: 'response',
      part: 'internal',
      errors: [error instanceof Error ? (error.stack ?? error.message) : String(error)],
    });
  }
}

function coerce(value: string, schema: Record<string, unknown>): unknown {
  const type = schema.type;
  if (type === 'integer' || type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function safeDecodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

function issueInfo(i: IssueRecord): SimIssue {
  return {
    number: i.number,
    id: i.id,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.stateReason,
    labels: [...i.labels],
    user: i.user.login,
    author_association: i.authorAssociation,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    pull_request: i.pullRequest,
    comments: i.comments,
  };
}

function commentInfo(c: {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRef;
  authorAssociation: AuthorAssociation;
  createdAt: string;
  updatedAt: string;
}): SimComment {
  return {
    id: c.id,
    issue_number: c.issueNumber,
    body: c.body,
    user: c.user.login,
    author_association: c.authorAssociation,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export { isoSeconds };
