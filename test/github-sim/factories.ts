/**
 * Complete, realistic JSON objects in the shapes api.github.com returns (checked against the
 * OpenAPI description on every response the simulator sends).
 */
import { createHash } from 'node:crypto';
import type { Commit, Signature, TreeEntry } from './git-store.js';

export interface Urls {
  /** The API root, e.g. `http://127.0.0.1:1234` (GITHUB_API_URL). */
  api: string;
  /** The web root, `https://github.com`. */
  web: string;
  owner: string;
  repo: string;
  repoId: number;
}

export type UserType = 'User' | 'Bot' | 'Organization';

export interface UserRef {
  login: string;
  type?: UserType;
}

export function userId(login: string): number {
  if (login === 'github-actions[bot]') return 41898282;
  const h = createHash('sha1').update(login).digest();
  return 1000 + (h.readUInt32BE(0) % 90_000_000);
}

export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`sim:${prefix}:${id}`).toString('base64url')}`;
}

export function user(urls: Urls, ref: UserRef | string): Record<string, unknown> {
  const login = typeof ref === 'string' ? ref : ref.login;
  const type: UserType =
    (typeof ref === 'string' ? undefined : ref.type) ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
  const id = userId(login);
  const base = `${urls.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'Bot' ? 'BOT' : type === 'Organization' ? 'O' : 'U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: base,
    html_url: `${urls.web}/${type === 'Bot' ? `apps/${login.replace(/\[bot\]$/, '')}` : login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function repoUrls(urls: Urls): Record<string, unknown> {
  const r = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  return {
    url: r,
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    hooks_url: `${r}/hooks`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
  };
}

export interface RepoFacts {
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  updatedAt: string;
  openIssues: number;
  private: boolean;
}

export function minimalRepository(urls: Urls, facts: RepoFacts): Record<string, unknown> {
  const host = new URL(urls.web).host;
  return {
    id: urls.repoId,
    node_id: nodeId('R', urls.repoId),
    name: urls.repo,
    full_name: `${urls.owner}/${urls.repo}`,
    private: facts.private,
    owner: user(urls, { login: urls.owner, type: 'Organization' }),
    html_url: `${urls.web}/${urls.owner}/${urls.repo}`,
    description: 'A repository simulated by agent-scheduler tests',
    fork: false,
    ...repoUrls(urls),
    git_url: `git://${host}/${urls.owner}/${urls.repo}.git`,
    ssh_url: `git@${host}:${urls.owner}/${urls.repo}.git`,
    clone_url: `${urls.web}/${urls.owner}/${urls.repo}.git`,
  };
}

export function fullRepository(urls: Urls, facts: RepoFacts): Record<string, unknown> {
  return {
    ...minimalRepository(urls, facts),
    svn_url: `${urls.web}/${urls.owner}/${urls.repo}`,
    homepage: null,
    mirror_url: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: facts.defaultBranch,
    open_issues_count: facts.openIssues,
    open_issues: facts.openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: facts.private ? 'private' : 'public',
    pushed_at: facts.pushedAt,
    created_at: facts.createdAt,
    updated_at: facts.updatedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 1,
    organization: user(urls, { login: urls.owner, type: 'Organization' }),
  };
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export function label(urls: Urls, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId('LA', l.id),
    url: `${urls.api}/repos/${urls.owner}/${urls.repo}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.default,
    description: l.description,
  };
}

export type AuthorAssociation =
  | 'OWNER'
  | 'MEMBER'
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'NONE';

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: UserRef;
  authorAssociation: AuthorAssociation;
  labels: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  locked: boolean;
  comments: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: UserRef | null;
  pullRequest: boolean;
}

function reactions(url: string): Record<string, unknown> {
  return {
    url,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function issue(
  urls: Urls,
  i: IssueRecord,
  labelsOf: (names: string[]) => LabelRecord[],
  options: { closedBy?: boolean } = {},
): Record<string, unknown> {
  const repoApi = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  const url = `${repoApi}/issues/${i.number}`;
  const web = `${urls.web}/${urls.owner}/${urls.repo}`;
  const out: Record<string, unknown> = {
    url,
    repository_url: repoApi,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${web}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`,
    id: i.id,
    node_id: nodeId(i.pullRequest ? 'PR' : 'I', i.id),
    number: i.number,
    title: i.title,
    user: user(urls, i.user),
    labels: labelsOf(i.labels).map((l) => label(urls, l)),
    state: i.state,
    locked: i.locked,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: i.comments,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    author_association: i.authorAssociation,
    active_lock_reason: null,
    body: i.body,
    reactions: reactions(`${url}/reactions`),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: i.stateReason,
  };
  if (i.pullRequest) {
    out.draft = false;
    out.pull_request = {
      url: `${repoApi}/pulls/${i.number}`,
      html_url: `${web}/pull/${i.number}`,
      diff_url: `${web}/pull/${i.number}.diff`,
      patch_url: `${web}/pull/${i.number}.patch`,
      merged_at: null,
    };
  }
  if (options.closedBy) out.closed_by = i.closedBy ? user(urls, i.closedBy) : null;
  return out;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRef;
  authorAssociation: AuthorAssociation;
  createdAt: string;
  updatedAt: string;
}

export function issueComment(
  urls: Urls,
  c: CommentRecord,
  pullRequest: boolean,
): Record<string, unknown> {
  const repoApi = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  const url = `${repoApi}/issues/comments/${c.id}`;
  return {
    url,
    html_url: `${urls.web}/${urls.owner}/${urls.repo}/${pullRequest ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${repoApi}/issues/${c.issueNumber}`,
    id: c.id,
    node_id: nodeId('IC', c.id),
    user: user(urls, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.authorAssociation,
    body: c.body,
    reactions: reactions(`${url}/reactions`),
    performed_via_github_app: null,
  };
}

export interface WorkflowRecord {
  id: number;
  name: string;
  path: string;
  state: 'active' | 'deleted' | 'disabled_fork' | 'disabled_inactivity' | 'disabled_manually';
  createdAt: string;
  updatedAt: string;
}

export function workflow(
  urls: Urls,
  w: WorkflowRecord,
  defaultBranch: string,
): Record<string, unknown> {
  const web = `${urls.web}/${urls.owner}/${urls.repo}`;
  return {
    id: w.id,
    node_id: nodeId('W', w.id),
    name: w.name,
    path: w.path,
    state: w.state,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
    url: `${urls.api}/repos/${urls.owner}/${urls.repo}/actions/workflows/${w.id}`,
    html_url: `${web}/blob/${defaultBranch}/${w.path}`,
    badge_url: `${web}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export type RunStatus =
  'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';

export interface RunRecord {
  id: number;
  workflowId: number;
  name: string;
  path: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: RunStatus;
  conclusion: string | null;
  displayTitle: string;
  headBranch: string;
  headSha: string;
  headCommit: Commit | undefined;
  actor: UserRef;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
}

export function workflowRun(urls: Urls, r: RunRecord, repo: RepoFacts): Record<string, unknown> {
  const runUrl = `${urls.api}/repos/${urls.owner}/${urls.repo}/actions/runs/${r.id}`;
  const checkSuiteId = r.id + 1_000_000_000;
  const minimal = minimalRepository(urls, repo);
  return {
    id: r.id,
    name: r.name,
    node_id: nodeId('WFR', r.id),
    check_suite_id: checkSuiteId,
    check_suite_node_id: nodeId('CS', checkSuiteId),
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: r.path,
    display_title: r.displayTitle,
    run_number: r.runNumber,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflowId,
    url: runUrl,
    html_url: `${urls.web}/${urls.owner}/${urls.repo}/actions/runs/${r.id}`,
    pull_requests: [],
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    actor: user(urls, r.actor),
    triggering_actor: user(urls, r.actor),
    run_attempt: r.runAttempt,
    referenced_workflows: [],
    run_started_at: r.runStartedAt,
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    check_suite_url: `${urls.api}/repos/${urls.owner}/${urls.repo}/check-suites/${checkSuiteId}`,
    artifacts_url: `${runUrl}/artifacts`,
    cancel_url: `${runUrl}/cancel`,
    rerun_url: `${runUrl}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${urls.api}/repos/${urls.owner}/${urls.repo}/actions/workflows/${r.workflowId}`,
    head_commit: r.headCommit
      ? {
          id: r.headCommit.sha,
          tree_id: r.headCommit.tree,
          message: r.headCommit.message,
          timestamp: r.headCommit.committer.date,
          author: { name: r.headCommit.author.name, email: r.headCommit.author.email },
          committer: { name: r.headCommit.committer.name, email: r.headCommit.committer.email },
        }
      : null,
    repository: minimal,
    head_repository: minimal,
    head_repository_id: urls.repoId,
  };
}

export function gitRef(
  urls: Urls,
  fullRef: string,
  sha: string,
  type = 'commit',
): Record<string, unknown> {
  const api = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  return {
    ref: fullRef,
    node_id: nodeId('REF', `${urls.repoId}:${fullRef}`),
    url: `${api}/git/${fullRef}`,
    object: { sha, type, url: `${api}/git/${type}s/${sha}` },
  };
}

function signature(s: Signature): Record<string, unknown> {
  return { name: s.name, email: s.email, date: s.date };
}

export function gitCommit(urls: Urls, c: Commit): Record<string, unknown> {
  const api = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  const web = `${urls.web}/${urls.owner}/${urls.repo}`;
  return {
    sha: c.sha,
    node_id: nodeId('C', c.sha),
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${web}/commit/${c.sha}`,
    author: signature(c.author),
    committer: signature(c.committer),
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${api}/git/commits/${p}`,
      html_url: `${web}/commit/${p}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

export function gitTree(
  urls: Urls,
  sha: string,
  entries: (TreeEntry & { path: string; size?: number })[],
): Record<string, unknown> {
  const api = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size ?? 0, url: `${api}/git/blobs/${e.sha}` } : {}),
      ...(e.type === 'tree' ? { url: `${api}/git/trees/${e.sha}` } : {}),
    })),
    truncated: false,
  };
}

/** Base64 the way GitHub sends it: wrapped at 60 characters, with a trailing newline. */
export function githubBase64(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines = b64.match(/.{1,60}/g) ?? [''];
  return `${lines.join('\n')}\n`;
}

export function blob(urls: Urls, sha: string, content: Buffer): Record<string, unknown> {
  return {
    sha,
    node_id: nodeId('B', sha),
    size: content.length,
    url: `${urls.api}/repos/${urls.owner}/${urls.repo}/git/blobs/${sha}`,
    content: githubBase64(content),
    encoding: 'base64',
  };
}

export function contentEntry(
  urls: Urls,
  path: string,
  entry: TreeEntry,
  ref: string,
  size: number,
): Record<string, unknown> {
  const api = `${urls.api}/repos/${urls.owner}/${urls.repo}`;
  const type =
    entry.type === 'tree'
      ? 'dir'
      : entry.type === 'commit'
        ? 'submodule'
        : entry.mode === '120000'
          ? 'symlink'
          : 'file';
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`;
  const html = `${urls.web}/${urls.owner}/${urls.repo}/${entry.type === 'tree' ? 'tree' : 'blob'}/${ref}/${path}`;
  return {
    name: path.split('/').pop() ?? path,
    path,
    sha: entry.sha,
    size: entry.type === 'tree' ? 0 : size,
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      type === 'file'
        ? `https://raw.githubusercontent.com/${urls.owner}/${urls.repo}/${ref}/${path}`
        : null,
    type,
    _links: { self, git, html },
  };
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  reset: number;
}

export function rateLimitOverview(r: RateLimitState): Record<string, unknown> {
  const core = {
    limit: r.limit,
    remaining: r.remaining,
    reset: r.reset,
    used: r.limit - r.remaining,
  };
  const other = (limit: number) => ({ limit, remaining: limit, reset: r.reset, used: 0 });
  return {
    resources: {
      core,
      search: other(30),
      graphql: other(5000),
      integration_manifest: other(5000),
      code_search: other(10),
    },
    rate: core,
  };
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
