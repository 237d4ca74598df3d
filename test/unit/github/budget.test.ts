/**
 * The rate-limit budget (issue 6, item 6): how many dispatches a tick can afford with what is
 * left of the primary rate limit, and the reason a deferred dispatch gives.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deferralReason,
  dispatchBudget,
  rateLimitReason,
  readRateLimit,
  REQUESTS_PER_DISPATCH,
  REQUESTS_PER_KIND,
  RESERVED_REQUESTS,
  type RateLimitInfo,
} from '../../../src/github/budget.js';

const RESET = new Date('2026-11-23T14:05:42Z');
const rl = (remaining: number, resetAt = RESET): RateLimitInfo => ({ remaining, resetAt });

describe('dispatchBudget', () => {
  test('min(max-dispatches, ⌊(remaining − 10) / 2⌋)', () => {
    assert.equal(RESERVED_REQUESTS, 10);
    assert.equal(REQUESTS_PER_DISPATCH, 2);
    const cases: [remaining: number, max: number, expected: number][] = [
      [5000, 20, 20],
      [50, 20, 20], // (50 − 10) / 2 = 20: exactly enough
      [49, 20, 19],
      [31, 20, 10],
      [30, 20, 10],
      [17, 20, 3],
      [16, 20, 3],
      [12, 20, 1],
      [11, 20, 0],
      [10, 20, 0],
      [3, 20, 0],
      [0, 20, 0],
      [-1, 20, 0],
      [14, 1, 1],
      [100, 0, 0],
    ];
    for (const [remaining, max, expected] of cases) {
      assert.equal(
        dispatchBudget(max, rl(remaining)).maxDispatches,
        expected,
        `remaining ${remaining}, max-dispatches ${max}`,
      );
    }
  });

  test('the rate limit is named only when it, not max-dispatches, holds dispatches back', () => {
    assert.deepEqual(dispatchBudget(20, rl(5000)), { maxDispatches: 20, requested: 20 });
    assert.deepEqual(dispatchBudget(20, rl(50)), { maxDispatches: 20, requested: 20 });
    assert.deepEqual(dispatchBudget(20, rl(49)), {
      maxDispatches: 19,
      requested: 20,
      rateLimit: rl(49),
    });
    assert.deepEqual(dispatchBudget(0, rl(3)), { maxDispatches: 0, requested: 0 });
  });

  test('no headers (rate limiting off on GitHub Enterprise Server): max-dispatches stands', () => {
    assert.deepEqual(dispatchBudget(20, undefined), { maxDispatches: 20, requested: 20 });
    assert.deepEqual(dispatchBudget(7, rl(Number.NaN)), { maxDispatches: 7, requested: 7 });
  });

  test('odd max-dispatches values never make a negative or fractional budget', () => {
    assert.equal(dispatchBudget(2.7, undefined).maxDispatches, 2);
    assert.equal(dispatchBudget(-3, rl(5000)).maxDispatches, 0);
    assert.equal(dispatchBudget(Number.NaN, rl(5000)).maxDispatches, 0);
  });

  test('monotone: more requests left never means fewer dispatches', () => {
    for (const max of [0, 1, 5, 20]) {
      let previous = -1;
      for (let remaining = -5; remaining <= 120; remaining++) {
        const n = dispatchBudget(max, rl(remaining)).maxDispatches;
        assert.ok(n >= previous && n <= max, `max ${max}, remaining ${remaining}: ${n}`);
        // What it spends, charged per dispatch, leaves the reserve untouched.
        if (n < max)
          assert.ok(remaining - n * REQUESTS_PER_DISPATCH >= RESERVED_REQUESTS || n === 0);
        previous = n;
      }
    }
  });
});

describe('dispatchBudget with the kinds of the due work, in dispatch order', () => {
  test('a run-at issue costs more than a schedule: the longest prefix that fits is sent', () => {
    assert.deepEqual(REQUESTS_PER_KIND, { schedule: 2, manual: 2, issue: 6 });
    const kinds = ['schedule', 'schedule', 'issue', 'schedule', 'schedule', 'schedule'] as const;
    // Cumulative cost 2, 4, 10, 12, 14, 16 against remaining − 10.
    const cases: [remaining: number, expected: number][] = [
      [5000, 20],
      [26, 20], // all six fit: max-dispatches stands
      [25, 5],
      [24, 5],
      [23, 4],
      [22, 4],
      [20, 3],
      [19, 2], // the issue (6) does not fit in 9; nothing behind it jumps the queue
      [14, 2],
      [13, 1],
      [11, 0],
      [0, 0],
    ];
    for (const [remaining, expected] of cases) {
      assert.equal(
        dispatchBudget(20, rl(remaining), kinds).maxDispatches,
        expected,
        `remaining ${remaining}`,
      );
    }
  });

  test('max-dispatches still caps it, and only the first max-dispatches are charged', () => {
    const kinds = ['schedule', 'schedule', 'issue', 'issue', 'issue'] as const;
    assert.deepEqual(dispatchBudget(2, rl(14), kinds), { maxDispatches: 2, requested: 2 });
    assert.deepEqual(dispatchBudget(2, rl(13), kinds), {
      maxDispatches: 1,
      requested: 2,
      rateLimit: rl(13),
    });
    assert.deepEqual(dispatchBudget(20, rl(5000), []), { maxDispatches: 20, requested: 20 });
    assert.deepEqual(dispatchBudget(20, rl(0), []), { maxDispatches: 20, requested: 20 });
  });

  test('never more than the uniform formula allows when everything is a schedule', () => {
    for (let remaining = 0; remaining < 80; remaining++) {
      const kinds = Array.from({ length: 25 }, () => 'schedule' as const);
      assert.equal(
        dispatchBudget(20, rl(remaining), kinds).maxDispatches,
        dispatchBudget(20, rl(remaining)).maxDispatches,
        `remaining ${remaining}`,
      );
    }
  });
});

describe('deferralReason', () => {
  test('the first (requested − budget) deferred wait for the rate limit, the rest for max-dispatches', () => {
    const budget = dispatchBudget(5, rl(14)); // affords 2 of 5
    assert.equal(budget.maxDispatches, 2);
    const reasons = [0, 1, 2, 3, 4].map((i) => deferralReason(budget, i));
    assert.deepEqual(reasons, [
      'rate limit: 14 requests left until 14:05 UTC',
      'rate limit: 14 requests left until 14:05 UTC',
      'rate limit: 14 requests left until 14:05 UTC',
      'over max-dispatches (5 per tick)',
      'over max-dispatches (5 per tick)',
    ]);
  });

  test('without a rate-limit shortage the reason is max-dispatches', () => {
    assert.equal(
      deferralReason(dispatchBudget(3, rl(5000)), 0),
      'over max-dispatches (3 per tick)',
    );
    assert.equal(
      deferralReason(dispatchBudget(3, undefined), 4),
      'over max-dispatches (3 per tick)',
    );
  });
});

describe('rateLimitReason', () => {
  test('says how many requests are left and when the window resets, in UTC', () => {
    assert.equal(rateLimitReason(rl(17)), 'rate limit: 17 requests left until 14:05 UTC');
    assert.equal(rateLimitReason(rl(1)), 'rate limit: 1 request left until 14:05 UTC');
    assert.equal(rateLimitReason(rl(-2)), 'rate limit: 0 requests left until 14:05 UTC');
    assert.equal(
      rateLimitReason(rl(4, new Date(Number.NaN))),
      'rate limit: 4 requests left until the limit resets',
    );
  });
});

describe('readRateLimit', () => {
  test('reads GitHub headers (epoch seconds for the reset)', () => {
    const epoch = Math.floor(RESET.getTime() / 1000);
    assert.deepEqual(
      readRateLimit({
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '17',
        'x-ratelimit-reset': String(epoch),
        'x-ratelimit-resource': 'core',
      }),
      { remaining: 17, limit: 5000, resetAt: new Date(epoch * 1000) },
    );
    assert.deepEqual(
      readRateLimit({ 'x-ratelimit-remaining': 3, 'x-ratelimit-reset': epoch }),
      { remaining: 3, resetAt: new Date(epoch * 1000) },
      'numbers as well as strings; no limit header',
    );
  });

  test('absent, unreadable, or another resource: nothing', () => {
    assert.equal(readRateLimit(undefined), undefined);
    assert.equal(readRateLimit({}), undefined);
    assert.equal(readRateLimit({ 'x-ratelimit-remaining': '17' }), undefined);
    assert.equal(
      readRateLimit({ 'x-ratelimit-remaining': 'many', 'x-ratelimit-reset': '1' }),
      undefined,
    );
    assert.equal(
      readRateLimit({
        'x-ratelimit-remaining': '3',
        'x-ratelimit-reset': '1',
        'x-ratelimit-resource': 'search',
      }),
      undefined,
    );
  });
});
