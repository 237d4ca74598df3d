import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InstantError, parseInstant } from '../../../src/time/instant.js';
import { formatZonedIso } from '../../../src/time/format.js';

const NY = 'America/New_York';
const iso = (text: string | Date, tz = NY) => parseInstant(text, tz).toISOString();

function error(text: string, tz = NY): InstantError {
  try {
    parseInstant(text, tz);
  } catch (e) {
    assert.ok(e instanceof InstantError);
    return e;
  }
  assert.fail(`"${text}" was accepted`);
}

describe('parseInstant', () => {
  test('ISO 8601 with Z or an offset ignores the zone', () => {
    assert.equal(iso('2026-11-25T14:00:00Z'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25T14:00Z'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25t14:00:00z'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25T09:00:00-05:00'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25T19:30:00+0530'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25T15:00+01'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25T14:00:00.250Z'), '2026-11-25T14:00:00.250Z');
    assert.equal(iso('2026-12-01T00:00:00Z', 'Bogus/Zone'), '2026-12-01T00:00:00.000Z');
  });
  test('local times are read in the zone', () => {
    assert.equal(iso('2026-11-25 09:00'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-11-25T09:00'), '2026-11-25T14:00:00.000Z');
    assert.equal(iso('2026-07-01 09:00:30'), '2026-07-01T13:00:30.000Z');
    assert.equal(iso('2026-11-25 09:00', 'Asia/Kolkata'), '2026-11-25T03:30:00.000Z');
    assert.equal(iso('2026-11-25 09:00', 'UTC'), '2026-11-25T09:00:00.000Z');
  });
  test('a skipped local time means the first instant after the gap', () => {
    assert.equal(iso('2026-03-08 02:30'), '2026-03-08T07:00:00.000Z');
    assert.equal(iso('2026-10-04 02:15', 'Australia/Lord_Howe'), '2026-10-03T15:30:00.000Z');
  });
  test('a repeated local time means its first pass', () => {
    assert.equal(iso('2026-11-01 01:30'), '2026-11-01T05:30:00.000Z');
    assert.equal(iso('2026-10-25 01:30', 'Europe/London'), '2026-10-25T00:30:00.000Z');
  });
  test('a Date passes through', () => {
    assert.equal(iso(new Date('2026-11-25T14:00:00Z')), '2026-11-25T14:00:00.000Z');
  });
  test('errors say what is wrong and how to write it', () => {
    const e = error('tomorrow');
    assert.equal(e.message, '"tomorrow" is not a date and time');
    assert.equal(
      e.hint,
      'write a local time like "2026-11-25 09:00" (read in America/New_York), or ISO 8601 with an offset, e.g. "2026-11-25T09:00:00-05:00" or "2026-11-25T14:00:00Z"',
    );
    assert.equal(error('2026-11-25').message, '"2026-11-25" has a date but no time of day');
    assert.equal(
      error('2026-02-30 10:00').message,
      '"2026-02-30 10:00": day 30 does not exist in 2026-02',
    );
    assert.equal(error('2026-13-01 10:00').message, '"2026-13-01 10:00": month 13 does not exist');
    assert.equal(
      error('2026-11-25 24:00').message,
      '"2026-11-25 24:00": hour 24 does not exist (hours go from 00 to 23)',
    );
    assert.equal(error('').message, 'expected a date and time, got nothing');
    assert.equal(
      error('2026-11-25 09:00', 'EST').message,
      '"EST" is an abbreviation, not an IANA time zone',
    );
    assert.throws(() => parseInstant(new Date('x'), NY), InstantError);
  });
  test('round trip through formatZonedIso', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00Z'), max: Date.parse('2050-01-01T00:00Z') }),
        fc.constantFrom(
          NY,
          'Europe/London',
          'Australia/Lord_Howe',
          'Asia/Kolkata',
          'UTC',
          'Pacific/Chatham',
        ),
        (t, tz) => parseInstant(formatZonedIso(new Date(t), tz), 'UTC').getTime() === t,
      ),
      { numRuns: 1000 },
    );
  });
});
