import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  naiveFromParts,
  partsFromNaive,
  weekdayFromDays,
} from '../../../src/time/calendar.js';

test('civil dates agree with Date.UTC across ±10,000 years of days', () => {
  fc.assert(
    fc.property(fc.integer({ min: -3_000_000, max: 3_000_000 }), (days) => {
      const d = new Date(days * 86_400_000);
      const c = civilFromDays(days);
      return (
        c.year === d.getUTCFullYear() &&
        c.month === d.getUTCMonth() + 1 &&
        c.day === d.getUTCDate() &&
        weekdayFromDays(days) === d.getUTCDay() &&
        daysFromCivil(c.year, c.month, c.day) === days
      );
    }),
    { numRuns: 5000 },
  );
});

test('known dates', () => {
  assert.equal(daysFromCivil(1970, 1, 1), 0);
  assert.equal(weekdayFromDays(daysFromCivil(2026, 3, 8)), 0); // a Sunday
  assert.equal(daysInMonth(2028, 2), 29);
  assert.equal(daysInMonth(2100, 2), 28);
  assert.equal(daysInMonth(2000, 2), 29);
  assert.equal(naiveFromParts(2026, 3, 8, 2, 30), Date.parse('2026-03-08T02:30Z'));
  assert.deepEqual(partsFromNaive(Date.parse('1969-12-31T23:59:59.500Z')), {
    year: 1969,
    month: 12,
    day: 31,
    hour: 23,
    minute: 59,
    second: 59,
    millisecond: 500,
  });
});
