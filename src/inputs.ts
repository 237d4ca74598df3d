/**
 * The one input layer: action inputs and runner environment → a plain, validated Settings
 * object. Defaults mirror action.yml, because a bare `node dist/index.js` gets none of them.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { DurationError, parseDuration } from './time/duration.js';

export type Mode = 'tick' | 'validate';

export interface Settings {
  token: string;
  mode: Mode;
  schedulesDir: string;
  issueLabel: string;
  stateBranch: string;
  defaultWorkflow?: string;
  timezone: string;
  trustedAuthors: string[];
  runNow?: string;
  dryRun: boolean;
  maxDispatches: number;
  lookaheadMs: number;
  /**
   * `relay`: the checker holding the lease waits through its lookahead window and then
   * dispatches its own workflow (`self`) as its successor.
   */
  relay: boolean;
  /** This checker's workflow file and ref (from GITHUB_WORKFLOW_REF); set when `relay` is on. */
  self?: { workflow: string; ref: string };
  failOnError: boolean;
  claimTtlMs: number;
  historyLimit: number;
  // From the runner's environment.
  owner: string;
  repo: string;
  apiUrl: string;
  workspace: string;
  /** `<GITHUB_RUN_ID>.<GITHUB_RUN_ATTEMPT>`: written on every claim and commit. */
  checker: string;
  eventName: string;
  event: Record<string, unknown>;
  /** The tick's clock: AGENT_SCHEDULER_NOW when set, else the wall clock, read once. */
  now: Date;
  /** True when AGENT_SCHEDULER_NOW pinned the clock: waiting (lookahead) is then virtual. */
  clockPinned?: boolean;
  /** See ClientOptions.timeScaleMs. */
  httpTimeScaleMs: number;
}

export const DEFAULTS = {
  mode: 'tick',
  schedules: 'schedules',
  'issue-label': 'run-at',
  'state-branch': 'agent-scheduler-state',
  timezone: 'UTC',
  'trusted-authors': 'github-actions[bot]',
  'dry-run': 'false',
  'max-dispatches': '20',
  lookahead: '0m',
  relay: 'false',
  'fail-on-error': 'true',
  'claim-ttl': '10m',
  'history-limit': '20',
} as const;

type Env = Record<string, string | undefined>;

function input(name: string): string {
  const value = core.getInput(name).trim();
  return value !== '' ? value : ((DEFAULTS as Record<string, string>)[name] ?? '');
}

/** Reads and validates everything; throws one ConfigError naming the first bad input. */
export function readSettings(
  env: Env = process.env,
  wallClock: () => Date = () => new Date(),
): Settings {
  const bad = (name: string, message: string, hint?: string) =>
    new ConfigError({ source: `input ${name}`, message, hint });

  const bool = (name: string): boolean => {
    const v = input(name).toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) return true;
    if (['false', 'no', '0', 'off'].includes(v)) return false;
    throw bad(name, `"${v}" is not a boolean`, 'use true or false');
  };
  const int = (name: string, min: number, max: number): number => {
    const v = input(name);
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) {
      throw bad(name, `"${v}" is not a whole number from ${min} to ${max}`);
    }
    return n;
  };
  const duration = (name: string): number => {
    try {
      return parseDuration(input(name));
    } catch (e) {
      if (e instanceof DurationError) throw bad(name, e.message, e.hint);
      throw e;
    }
  };

  const mode = input('mode');
  if (mode !== 'tick' && mode !== 'validate') {
    throw bad('mode', `unknown mode "${mode}"`, 'use tick or validate');
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = repository.split('/');
  if (!owner || !repo) {
    throw bad(
      'GITHUB_REPOSITORY',
      `"${repository}" is not owner/name`,
      'the runner sets it; set it when running by hand',
    );
  }
  const token = input('token') || env.GITHUB_TOKEN || '';
  if (token) core.setSecret(token);

  let now = wallClock();
  const pinned = env.AGENT_SCHEDULER_NOW?.trim();
  if (pinned) {
    now = new Date(pinned);
    if (!/^\d{4}-\d\d-\d\dT/.test(pinned) || Number.isNaN(now.getTime())) {
      throw bad(
        'AGENT_SCHEDULER_NOW',
        `"${pinned}" is not an ISO 8601 time`,
        'e.g. 2026-11-24T02:00:00Z',
      );
    }
  }

  const lookaheadMs = duration('lookahead');
  const relay = bool('relay');
  let self: Settings['self'];
  if (relay && mode === 'tick') {
    if (lookaheadMs <= 0) {
      throw bad(
        'relay',
        'relay needs a lookahead window: each relay waits in its job for that long, then starts its successor',
        "set e.g. `lookahead: 30m` (below the job's timeout-minutes)",
      );
    }
    self = selfWorkflow(env.GITHUB_WORKFLOW_REF);
    if (!self) {
      throw bad(
        'relay',
        `cannot tell which workflow to dispatch as the successor: GITHUB_WORKFLOW_REF is "${env.GITHUB_WORKFLOW_REF ?? ''}"`,
        'the runner sets it to owner/repo/.github/workflows/<file>@refs/heads/<branch>; relay runs on a branch or tag, not a pull request',
      );
    }
  }

  return {
    token,
    mode,
    schedulesDir: input('schedules'),
    issueLabel: input('issue-label'),
    stateBranch: input('state-branch'),
    defaultWorkflow: input('workflow') || undefined,
    timezone: input('timezone'),
    trustedAuthors: input('trusted-authors')
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    runNow: input('run-now') || undefined,
    dryRun: bool('dry-run'),
    maxDispatches: int('max-dispatches', 0, 1000),
    lookaheadMs,
    relay,
    ...(self ? { self } : {}),
    failOnError: bool('fail-on-error'),
    claimTtlMs: duration('claim-ttl'),
    historyLimit: int('history-limit', 1, 1000),
    owner,
    repo,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    checker: `${env.GITHUB_RUN_ID ?? 'local'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event: readEvent(env.GITHUB_EVENT_PATH),
    now,
    clockPinned: Boolean(pinned),
    httpTimeScaleMs: Number(env.AGENT_SCHEDULER_HTTP_TIME_SCALE ?? '') || 1000,
  };
}

/**
 * `owner/repo/.github/workflows/checker.yml@refs/heads/main` → { checker.yml, main }. Only
 * branches and tags: a pull request's merge ref cannot be dispatched.
 */
export function selfWorkflow(workflowRef: string | undefined): Settings['self'] {
  const m = /^[^/]+\/[^/]+\/\.github\/workflows\/([^/@]+\.ya?ml)@refs\/(?:heads|tags)\/(.+)$/.exec(
    workflowRef ?? '',
  );
  return m ? { workflow: m[1]!, ref: m[2]! } : undefined;
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
