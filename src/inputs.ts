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
    lookaheadMs: duration('lookahead'),
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

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
