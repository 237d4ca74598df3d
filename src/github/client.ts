/**
 * The Octokit client: @actions/github's Octokit with the retry and throttling plugins.
 * Retries happen only here, at the network boundary; the gateway decides per call whether a
 * retry is safe (a workflow dispatch never is: GitHub may have created the run already).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';

export type Octokit = ReturnType<typeof getOctokit>;

/** Longest wait for a spent primary rate limit before the tick gives up on that call. */
export const MAX_RATE_LIMIT_WAIT_S = 60;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  /** Called with a human line whenever the client waits on a rate limit. */
  log: (message: string) => void;
  /**
   * Milliseconds per second of `retry-after` and of the retry plugin's back-off, and the
   * spacing between writes GitHub asks for (1 s). Real runs use 1000; the test suite scales it
   * down through AGENT_SCHEDULER_HTTP_TIME_SCALE so the real plugins run without real waits.
   */
  timeScaleMs?: number;
  /** How many times a rate-limited request is retried before giving up. */
  rateLimitRetries?: number;
}

export function createClient(options: ClientOptions): Octokit {
  const scale = options.timeScaleMs ?? 1000;
  const maxRetries = options.rateLimitRetries ?? 3;
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: 'agent-scheduler',
      retry: { retryAfterBaseValue: scale, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
      throttle: {
        retryAfterBaseValue: scale,
        fallbackSecondaryRateRetryAfter: 60,
        // GitHub asks integrations to space content-creating requests by about a second.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: scale }),
        // …and comments, which notify people, by about three.
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * scale }),
        onRateLimit: (
          retryAfter: number,
          req: { method: string; url: string },
          _o: unknown,
          count: number,
        ) => {
          // The primary limit resets hourly: waiting for it would hold the job (and every
          // queued tick) for up to an hour. Give up instead; the next tick carries on.
          if (retryAfter > MAX_RATE_LIMIT_WAIT_S) {
            options.log(
              `rate limit on ${req.method} ${req.url}: resets in ${retryAfter}s — not waiting`,
            );
            return false;
          }
          options.log(
            `rate limit on ${req.method} ${req.url}; retry ${count + 1} after ${retryAfter}s`,
          );
          return count < maxRetries;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          req: { method: string; url: string },
          _o: unknown,
          count: number,
        ) => {
          options.log(
            `secondary rate limit on ${req.method} ${req.url}; retry ${count + 1} after ${retryAfter}s`,
          );
          return count < maxRetries;
        },
      },
    },
    retry,
    throttling,
  );
}
