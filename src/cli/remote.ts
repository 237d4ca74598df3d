/**
 * The remote side: a gateway on the repository named by `--repo` or GITHUB_REPOSITORY, with the
 * token from GITHUB_TOKEN or GH_TOKEN and GITHUB_API_URL when set — the Action's own client.
 */
import { createClient } from '../github/client.js';
import { GitHubGateway } from '../github/gateway.js';
import { CliError, type Io } from './io.js';

export interface RemoteOptions {
  repo?: string;
}

export interface Remote {
  gateway: GitHubGateway;
  owner: string;
  repo: string;
  apiUrl: string;
}

export const DEFAULT_API_URL = 'https://api.github.com';

export function connect(io: Io, options: RemoteOptions): Remote {
  const repository = (options.repo ?? io.env.GITHUB_REPOSITORY ?? '').trim();
  const token = (io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '').trim();
  const missing: string[] = [];
  if (token === '') {
    missing.push(
      'no token: set GITHUB_TOKEN or GH_TOKEN (e.g. GH_TOKEN=$(gh auth token); in a workflow, `env: GH_TOKEN: ${{ github.token }}`)',
    );
  }
  if (repository === '') {
    missing.push('no repository: pass --repo owner/name or set GITHUB_REPOSITORY');
  }
  if (missing.length > 0) throw new CliError(missing.join('; '));
  const m = /^([A-Za-z0-9-_.]+)\/([A-Za-z0-9-_.]+)$/.exec(repository);
  if (!m) {
    throw new CliError(
      `${options.repo !== undefined ? '--repo' : 'GITHUB_REPOSITORY'}: "${repository}" is not owner/name`,
    );
  }
  const apiUrl = (io.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
  const scale = Number(io.env.AGENT_SCHEDULER_HTTP_TIME_SCALE ?? '') || 1000;
  const octokit = createClient({
    token,
    baseUrl: apiUrl,
    log: (message) => io.stderr.write(`${message}\n`),
    timeScaleMs: scale,
  });
  return { gateway: new GitHubGateway(octokit, m[1]!, m[2]!), owner: m[1]!, repo: m[2]!, apiUrl };
}
