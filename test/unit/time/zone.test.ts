/** Zone offsets and transitions: known answers, and a property check against Intl directly. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isValidTimeZone,
  suggestTimeZone,
  zoneRules,
  type Transition,
} from '../../../src/time/zone.js';
import { intlOffset } from './helpers.js';

const H = 3_600_000;
const M = 60_000;

function transitions2026(tz: string): string[] {
  return zoneRules(tz)
    .transitionsIn(Date.parse('2026-01-01T00:00Z'), Date.parse('2027-01-01T00:00Z'))
    .map((t: Transition) => `${new Date(t.at).toISOString()} ${t.before / M}→${t.after / M}`);
}

describe('2026 transitions (known answers)', () => {
  test('America/New_York', () => {
    assert.deepEqual(transitions2026('America/New_York'), [
      '2026-03-08T07:00:00.000Z -300→-240',
      '2026-11-01T06:00:00.000Z -240→-300',
    ]);
  });
  test('Europe/London', () => {
    assert.deepEqual(transitions2026('Europe/London'), [
      '2026-03-29T01:00:00.000Z 0→60',
      '2026-10-25T01:00:00.000Z 60→0',
    ]);
  });
  test('Australia/Lord_Howe (30 minutes)', () => {
    assert.deepEqual(transitions2026('Australia/Lord_Howe'), [
      '2026-04-04T15:00:00.000Z 660→630', // 2026-04-05 02:00 → 01:30
      '2026-10-03T15:30:00.000Z 630→660', // 2026-10-04 02:00 → 02:30
    ]);
  });
  test('Asia/Kolkata and UTC: none', () => {
    assert.deepEqual(transitions2026('Asia/Kolkata'), []);
    assert.deepEqual(transitions2026('UTC'), []);
    assert.equal(zoneRules('Asia/Kolkata').offsetAt(Date.parse('2026-06-01T00:00Z')), 5.5 * H);
  });
});

describe('resolving wall-clock times', () => {
  const ny = zoneRules('America/New_York');
  const naive = (s: string) => Date.parse(`${s}Z`);
  test('unique', () => {
    assert.deepEqual(ny.resolve(naive('2026-06-01T09:00')), {
      kind: 'unique',
      first: Date.parse('2026-06-01T13:00Z'),
    });
  });
  test('gap → first instant after it', () => {
    assert.deepEqual(ny.resolve(naive('2026-03-08T02:30')), {
      kind: 'gap',
      first: Date.parse('2026-03-08T07:00Z'),
    });
    assert.equal(ny.resolve(naive('2026-03-08T02:00')).kind, 'gap');
    assert.equal(ny.resolve(naive('2026-03-08T03:00')).kind, 'unique');
    assert.equal(ny.resolve(naive('2026-03-08T01:59')).kind, 'unique');
  });
  test('ambiguous → both passes', () => {
    assert.deepEqual(ny.resolve(naive('2026-11-01T01:30')), {
      kind: 'ambiguous',
      first: Date.parse('2026-11-01T05:30Z'),
      second: Date.parse('2026-11-01T06:30Z'),
    });
    assert.equal(ny.resolve(naive('2026-11-01T02:00')).kind, 'unique');
    assert.equal(ny.resolve(naive('2026-11-01T00:59')).kind, 'unique');
  });
  test('wall clock', () => {
    assert.deepEqual(ny.wallClock(Date.parse('2026-11-01T06:30Z')), {
      year: 2026,
      month: 11,
      day: 1,
      hour: 1,
      minute: 30,
      second: 0,
      millisecond: 0,
    });
  });
});

describe('offsets agree with Intl', () => {
  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'UTC',
    'Pacific/Chatham',
    'America/Santiago',
    'Africa/Casablanca',
    'Asia/Tehran',
    'America/St_Johns',
    'Pacific/Apia',
    'Antarctica/Troll',
    'Europe/Dublin',
  ];
  test('random instants 1990–2060, every zone above', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('1990-01-01T00:00Z'), max: Date.parse('2060-01-01T00:00Z') }),
        (tz, t) => zoneRules(tz).offsetAt(t) === intlOffset(t, tz),
      ),
      { numRuns: 3000 },
    );
  });
  test('every transition found in 2026 is exact to the second', () => {
    for (const tz of zones) {
      for (const t of zoneRules(tz).transitionsIn(
        Date.parse('2026-01-01T00:00Z'),
        Date.parse('2027-01-01T00:00Z'),
      )) {
        assert.equal(
          intlOffset(t.at - 1000, tz),
          t.before,
          `${tz} before ${new Date(t.at).toISOString()}`,
        );
        assert.equal(intlOffset(t.at, tz), t.after, `${tz} at ${new Date(t.at).toISOString()}`);
      }
    }
  });
});

describe('validity and suggestions', () => {
  test('valid', () => {
    for (const tz of [
      'UTC',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Calcutta',
      'Europe/Kyiv',
      'Etc/GMT+5',
      'GMT',
    ]) {
      assert.equal(isValidTimeZone(tz), true, tz);
    }
  });
  test('invalid', () => {
    for (const tz of [
      '',
      ' UTC',
      'EST',
      'PST',
      'BST',
      'America/New York',
      'Mars/Base',
      '+05:00',
      42,
      undefined,
    ]) {
      assert.equal(isValidTimeZone(tz), false, String(tz));
    }
  });
  test('suggestions', () => {
    assert.equal(suggestTimeZone('America/New York'), 'America/New_York');
    assert.equal(suggestTimeZone('america/new_york '), 'America/New_York');
    assert.equal(suggestTimeZone('New York'), 'America/New_York');
    assert.equal(suggestTimeZone('EST'), 'America/New_York');
    assert.equal(suggestTimeZone('Europe/Londn'), 'Europe/London');
    assert.equal(suggestTimeZone('Asia/Kolkatta'), 'Asia/Kolkata');
    assert.equal(suggestTimeZone('Zulu'), 'UTC');
    assert.equal(suggestTimeZone('utc'), 'UTC');
    assert.equal(suggestTimeZone('Mars/Olympus_Mons'), undefined);
  });
});
