import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DurationError,
  MAX_DURATION_MS,
  formatDuration,
  parseDuration,
  toDurationString,
} from '../../../src/time/duration.js';

describe('durations', () => {
  test('parseDuration', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('10m'), 600_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1W'), 604_800_000);
    assert.equal(parseDuration(' 0m '), 0);
    assert.equal(parseDuration(0), 0);
  });
  test('parseDuration errors', () => {
    assert.throws(() => parseDuration('-5m'), {
      name: 'DurationError',
      message: 'duration "-5m" is negative',
    });
    assert.throws(() => parseDuration('1.5h'), { message: '"1.5h" is not a duration' });
    assert.throws(() => parseDuration('367d'), {
      message: 'duration "367d" is longer than 366 days',
    });
    assert.throws(() => parseDuration(5), { message: 'expected a duration, got number 5' });
    assert.throws(() => parseDuration(null), { message: 'expected a duration, got null' });
    assert.throws(
      () => parseDuration('soon'),
      (e: unknown) => e instanceof DurationError && /90s, 10m/.test(e.hint),
    );
  });
  test('formatDuration', () => {
    assert.equal(formatDuration(7_080_000), '1h 58m');
    assert.equal(formatDuration(45_000), '45s');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(-300_000), '-5m');
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 59_000), '3d 4h');
  });
  test('toDurationString is the inverse of parseDuration', () => {
    assert.equal(toDurationString(5_400_000), '1h30m');
    assert.equal(toDurationString(0), '0m');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DURATION_MS / 1000 }), (s) => {
        return parseDuration(toDurationString(s * 1000)) === s * 1000;
      }),
    );
  });
});
