/**
 * Real Octokit clients pointed at a simulator: the plain REST client, and the one the Action
 * uses (@actions/github's getOctokit with the retry and throttling plugins), scaled so that
 * `retry-after` seconds become milliseconds and tests never wait on the wall clock.
 */
import { Octokit } from '@octokit/rest';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { GitHubSimulator } from './simulator.js';

export const quietLog = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

export function restClient(sim: GitHubSimulator, options: { token?: string } = {}): Octokit {
  return new Octokit({ auth: options.token ?? sim.token, baseUrl: sim.url, log: quietLog });
}

export interface ThrottledClientOptions {
  /** Wall-clock milliseconds per second of `retry-after` (default 1). */
  msPerSecond?: number;
  /** Rate-limit retries before giving up (default 3). */
  maxRetries?: number;
  /** Statuses @octokit/plugin-retry must not retry (its default lacks 429: it retries those itself). */
  doNotRetry?: number[];
  /** Every rate-limit event, for assertions. */
  events?: { kind: 'primary' | 'secondary'; retryAfter: number; method: string; url: string }[];
}

export function throttledClient(sim: GitHubSimulator, options: ThrottledClientOptions = {}) {
  const scale = options.msPerSecond ?? 1;
  const maxRetries = options.maxRetries ?? 3;
  const events = options.events;
  return getOctokit(
    sim.token,
    {
      baseUrl: sim.url,
      log: quietLog,
      retry: {
        retryAfterBaseValue: scale,
        ...(options.doNotRetry ? { doNotRetry: options.doNotRetry } : {}),
      },
      throttle: {
        retryAfterBaseValue: scale,
        fallbackSecondaryRateRetryAfter: 1,
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        onRateLimit: (
          retryAfter: number,
          req: { method: string; url: string },
          _o: unknown,
          count: number,
        ) => {
          events?.push({ kind: 'primary', retryAfter, method: req.method, url: req.url });
          return count < maxRetries;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          req: { method: string; url: string },
          _o: unknown,
          count: number,
        ) => {
          events?.push({ kind: 'secondary', retryAfter, method: req.method, url: req.url });
          return count < maxRetries;
        },
      },
    },
    retry,
    throttling,
  );
}
