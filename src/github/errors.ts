/**
 * Turns Octokit's RequestError into one error that says what went wrong in the user's terms —
 * above all, which `permissions:` entry a 403 "Resource not accessible by integration" lacks.
 */
export type Capability = 'actions' | 'contents' | 'issues' | 'metadata';

const PERMISSION_FOR: Record<Capability, string> = {
  actions: 'actions: write',
  contents: 'contents: write',
  issues: 'issues: write',
  metadata: 'contents: read',
};

export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    message: string,
    /** HTTP status; 0 when no answer came back (network error). */
    readonly status: number,
    /**
     * True when GitHub may have done the work despite the error (5xx, timeout, no answer):
     * a dispatch that ends like this must be resolved before it is sent again.
     */
    readonly ambiguous: boolean,
  ) {
    super(message);
  }
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

export function toGitHubError(error: unknown, what: string, capability: Capability): GitHubError {
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : 0;
  const apiMessage = messageOf(e) ?? String(error);
  let message = `${what} failed: ${status ? `HTTP ${status} ` : ''}${apiMessage}`;
  if (status === 403 && /not accessible by integration/i.test(apiMessage)) {
    message += ` — the token lacks a permission: add \`permissions: ${PERMISSION_FOR[capability]}\` to the checker workflow's job`;
  } else if (status === 401) {
    message += ' — the token is missing, expired or revoked (input `token`)';
  }
  return new GitHubError(message, status, status === 0 || status >= 500);
}

function messageOf(e: RequestErrorLike): string | undefined {
  const data = e.response?.data;
  if (data && typeof data === 'object' && 'message' in data) {
    const m = (data as { message: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return e.message;
}
