/**
 * Known answers for cron occurrences in IANA zones (SPEC §1 DST rules). Every expected instant
 * is written by hand from the zone's published rules; the transitions themselves are pinned in
 * zone.test.ts against Intl.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CRON_MACROS, CronSpec, describeCron, isIntervalSchedule } from '../../../src/time/cron.js';
import { between, intlWall, isGapEnd, short } from './helpers.js';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const LORD_HOWE = 'Australia/Lord_Howe';
const KOLKATA = 'Asia/Kolkata';

describe('America/New_York, spring-forward 2026-03-08 (02:00 EST → 03:00 EDT at 07:00Z)', () => {
  test('30 2 * * * fires at 03:00 EDT on the day 02:30 does not exist', () => {
    assert.deepEqual(between('30 2 * * *', NY, '2026-03-06T12:00Z', '2026-03-10T12:00Z'), [
      '2026-03-07T07:30Z', // 02:30 EST
      '2026-03-08T07:00Z', // 03:00 EDT, first instant after the gap
      '2026-03-09T06:30Z', // 02:30 EDT
      '2026-03-10T06:30Z',
    ]);
  });

  test('0 2 * * * fires at 03:00 EDT', () => {
    assert.deepEqual(between('0 2 * * *', NY, '2026-03-06T12:00Z', '2026-03-09T12:00Z'), [
      '2026-03-07T07:00Z',
      '2026-03-08T07:00Z',
      '2026-03-09T06:00Z',
    ]);
  });

  test('30 1 * * * is untouched (01:30 exists)', () => {
    assert.deepEqual(between('30 1 * * *', NY, '2026-03-07T12:00Z', '2026-03-09T12:00Z'), [
      '2026-03-08T06:30Z',
      '2026-03-09T05:30Z',
    ]);
  });

  test('*/15 * * * * keeps firing every 15 real minutes, 03:00 EDT once', () => {
    assert.deepEqual(between('*/15 * * * *', NY, '2026-03-08T06:00Z', '2026-03-08T08:00Z'), [
      '2026-03-08T06:15Z',
      '2026-03-08T06:30Z',
      '2026-03-08T06:45Z', // 01:45 EST
      '2026-03-08T07:00Z', // 03:00 EDT
      '2026-03-08T07:15Z',
      '2026-03-08T07:30Z',
      '2026-03-08T07:45Z',
      '2026-03-08T08:00Z',
    ]);
  });

  test('0 * * * * fires every real hour', () => {
    assert.deepEqual(between('0 * * * *', NY, '2026-03-08T04:30Z', '2026-03-08T09:00Z'), [
      '2026-03-08T05:00Z', // 00:00 EST
      '2026-03-08T06:00Z', // 01:00 EST
      '2026-03-08T07:00Z', // 03:00 EDT
      '2026-03-08T08:00Z',
      '2026-03-08T09:00Z',
    ]);
  });

  test('30 * * * *: an interval schedule follows real time, so the skipped 02:30 does not fire', () => {
    assert.deepEqual(between('30 * * * *', NY, '2026-03-08T05:00Z', '2026-03-08T09:00Z'), [
      '2026-03-08T05:30Z', // 00:30 EST
      '2026-03-08T06:30Z', // 01:30 EST
      '2026-03-08T07:30Z', // 03:30 EDT — one real hour later
      '2026-03-08T08:30Z',
    ]);
  });
});

describe('America/New_York, fall-back 2026-11-01 (02:00 EDT → 01:00 EST at 06:00Z)', () => {
  test('30 1 * * * fires once, in the first pass', () => {
    assert.deepEqual(between('30 1 * * *', NY, '2026-10-31T00:00Z', '2026-11-02T12:00Z'), [
      '2026-10-31T05:30Z',
      '2026-11-01T05:30Z', // 01:30 EDT only
      '2026-11-02T06:30Z', // 01:30 EST
    ]);
  });

  test('a list (0,30 1 * * *) is a fixed time: first pass only', () => {
    assert.deepEqual(between('0,30 1 * * *', NY, '2026-11-01T00:00Z', '2026-11-01T12:00Z'), [
      '2026-11-01T05:00Z',
      '2026-11-01T05:30Z',
    ]);
  });

  test('*/30 1 * * * is an interval schedule: both passes', () => {
    assert.deepEqual(between('*/30 1 * * *', NY, '2026-10-31T12:00Z', '2026-11-02T12:00Z'), [
      '2026-11-01T05:00Z', // 01:00 EDT
      '2026-11-01T05:30Z', // 01:30 EDT
      '2026-11-01T06:00Z', // 01:00 EST
      '2026-11-01T06:30Z', // 01:30 EST
      '2026-11-02T06:00Z',
      '2026-11-02T06:30Z',
    ]);
  });

  test('a range over the repeated hour (0 1-2 * * *) follows real time', () => {
    assert.deepEqual(between('0 1-2 * * *', NY, '2026-11-01T00:00Z', '2026-11-01T12:00Z'), [
      '2026-11-01T05:00Z', // 01:00 EDT
      '2026-11-01T06:00Z', // 01:00 EST
      '2026-11-01T07:00Z', // 02:00 EST
    ]);
  });

  test('0 * * * * fires every real hour, 01:00 twice', () => {
    assert.deepEqual(between('0 * * * *', NY, '2026-11-01T03:30Z', '2026-11-01T08:00Z'), [
      '2026-11-01T04:00Z', // 00:00 EDT
      '2026-11-01T05:00Z', // 01:00 EDT
      '2026-11-01T06:00Z', // 01:00 EST
      '2026-11-01T07:00Z', // 02:00 EST
      '2026-11-01T08:00Z',
    ]);
  });

  test('*/15 * * * * fires every 15 real minutes through the repeated hour', () => {
    const got = between('*/15 * * * *', NY, '2026-11-01T04:00Z', '2026-11-01T08:00Z');
    const want: string[] = [];
    for (
      let t = Date.parse('2026-11-01T04:15Z');
      t <= Date.parse('2026-11-01T08:00Z');
      t += 900_000
    ) {
      want.push(new Date(t).toISOString().replace(':00.000Z', 'Z'));
    }
    assert.equal(want.length, 16);
    assert.deepEqual(got, want);
  });

  test('0 2 * * * is not repeated (02:00 happens once, in EST)', () => {
    assert.deepEqual(between('0 2 * * *', NY, '2026-10-31T00:00Z', '2026-11-01T12:00Z'), [
      '2026-10-31T06:00Z',
      '2026-11-01T07:00Z',
    ]);
  });

  test('a window opening inside the second pass does not re-fire a fixed time', () => {
    // 01:30 EDT (05:30Z) already fired; 06:30Z is 01:30 EST, the repeat.
    assert.deepEqual(between('30 1 * * *', NY, '2026-11-01T06:10Z', '2026-11-01T12:00Z'), []);
    assert.deepEqual(between('*/30 1 * * *', NY, '2026-11-01T06:10Z', '2026-11-01T12:00Z'), [
      '2026-11-01T06:30Z',
    ]);
  });
});

describe('Europe/London (2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT)', () => {
  test('30 1 * * * on the spring day fires at 02:00 BST', () => {
    assert.deepEqual(between('30 1 * * *', LONDON, '2026-03-27T12:00Z', '2026-03-30T12:00Z'), [
      '2026-03-28T01:30Z', // 01:30 GMT
      '2026-03-29T01:00Z', // 02:00 BST
      '2026-03-30T00:30Z', // 01:30 BST
    ]);
  });

  test('0 1 * * * on the spring day fires at 02:00 BST; 30 2 * * * is untouched', () => {
    assert.deepEqual(between('0 1 * * *', LONDON, '2026-03-28T12:00Z', '2026-03-29T12:00Z'), [
      '2026-03-29T01:00Z',
    ]);
    assert.deepEqual(between('30 2 * * *', LONDON, '2026-03-28T12:00Z', '2026-03-29T12:00Z'), [
      '2026-03-29T01:30Z',
    ]);
  });

  test('30 1 * * * on the autumn day fires once (01:30 BST)', () => {
    assert.deepEqual(between('30 1 * * *', LONDON, '2026-10-23T12:00Z', '2026-10-26T12:00Z'), [
      '2026-10-24T00:30Z',
      '2026-10-25T00:30Z',
      '2026-10-26T01:30Z',
    ]);
  });

  test('*/30 1 * * * on the autumn day fires in both passes', () => {
    assert.deepEqual(between('*/30 1 * * *', LONDON, '2026-10-24T12:00Z', '2026-10-25T12:00Z'), [
      '2026-10-25T00:00Z',
      '2026-10-25T00:30Z',
      '2026-10-25T01:00Z',
      '2026-10-25T01:30Z',
    ]);
  });

  test('0 * * * * on the autumn day fires every real hour', () => {
    assert.deepEqual(between('0 * * * *', LONDON, '2026-10-24T22:30Z', '2026-10-25T03:00Z'), [
      '2026-10-24T23:00Z',
      '2026-10-25T00:00Z',
      '2026-10-25T01:00Z',
      '2026-10-25T02:00Z',
      '2026-10-25T03:00Z',
    ]);
  });
});

describe('Australia/Lord_Howe, 30-minute DST (+11 ↔ +10:30)', () => {
  // 2026-04-05 02:00 (+11) → 01:30 (+10:30) at 2026-04-04T15:00Z: 01:30–01:59 repeats.
  test('30 1 * * * fires once on 2026-04-05, in the first pass', () => {
    assert.deepEqual(between('30 1 * * *', LORD_HOWE, '2026-04-03T00:00Z', '2026-04-06T00:00Z'), [
      '2026-04-03T14:30Z', // 04-04 01:30 +11
      '2026-04-04T14:30Z', // 04-05 01:30 +11 (first pass)
      '2026-04-05T15:00Z', // 04-06 01:30 +10:30
    ]);
  });

  test('*/30 1 * * * repeats only the repeated half hour', () => {
    assert.deepEqual(between('*/30 1 * * *', LORD_HOWE, '2026-04-04T12:00Z', '2026-04-05T12:00Z'), [
      '2026-04-04T14:00Z', // 01:00 +11
      '2026-04-04T14:30Z', // 01:30 +11
      '2026-04-04T15:00Z', // 01:30 +10:30
    ]);
  });

  test('*/30 * * * * fires every 30 real minutes through the change', () => {
    assert.deepEqual(between('*/30 * * * *', LORD_HOWE, '2026-04-04T13:00Z', '2026-04-04T16:00Z'), [
      '2026-04-04T13:30Z',
      '2026-04-04T14:00Z',
      '2026-04-04T14:30Z',
      '2026-04-04T15:00Z',
      '2026-04-04T15:30Z',
      '2026-04-04T16:00Z',
    ]);
  });

  // 2026-10-04 02:00 (+10:30) → 02:30 (+11) at 2026-10-03T15:30Z: 02:00–02:29 is skipped.
  test('0 2 * * * and 15 2 * * * fire at 02:30 on 2026-10-04', () => {
    assert.deepEqual(between('0 2 * * *', LORD_HOWE, '2026-10-02T00:00Z', '2026-10-05T00:00Z'), [
      '2026-10-02T15:30Z', // 10-03 02:00 +10:30
      '2026-10-03T15:30Z', // 10-04 02:30 +11
      '2026-10-04T15:00Z', // 10-05 02:00 +11
    ]);
    assert.deepEqual(between('15 2 * * *', LORD_HOWE, '2026-10-03T00:00Z', '2026-10-04T00:00Z'), [
      '2026-10-03T15:30Z',
    ]);
    assert.deepEqual(between('30 2 * * *', LORD_HOWE, '2026-10-03T00:00Z', '2026-10-04T00:00Z'), [
      '2026-10-03T15:30Z', // 02:30 +11 exists: it is the first instant after the gap
    ]);
  });

  test('*/15 * * * * fires every 15 real minutes, 02:30 once', () => {
    assert.deepEqual(between('*/15 * * * *', LORD_HOWE, '2026-10-03T15:00Z', '2026-10-03T16:00Z'), [
      '2026-10-03T15:15Z', // 01:45 +10:30
      '2026-10-03T15:30Z', // 02:30 +11
      '2026-10-03T15:45Z',
      '2026-10-03T16:00Z',
    ]);
  });
});

describe('zones without DST', () => {
  test('Asia/Kolkata (+05:30)', () => {
    assert.deepEqual(between('30 2 * * *', KOLKATA, '2026-03-07T00:00Z', '2026-03-09T00:00Z'), [
      '2026-03-07T21:00Z',
      '2026-03-08T21:00Z',
    ]);
    assert.deepEqual(between('0 9 * * 1-5', KOLKATA, '2026-03-06T00:00Z', '2026-03-10T00:00Z'), [
      '2026-03-06T03:30Z', // Friday
      '2026-03-09T03:30Z', // Monday
    ]);
    assert.deepEqual(between('*/30 * * * *', KOLKATA, '2026-11-01T05:00Z', '2026-11-01T06:30Z'), [
      '2026-11-01T05:30Z',
      '2026-11-01T06:00Z',
      '2026-11-01T06:30Z',
    ]);
  });

  test('UTC', () => {
    assert.deepEqual(between('0 2 * * *', 'UTC', '2026-03-07T12:00Z', '2026-03-09T12:00Z'), [
      '2026-03-08T02:00Z',
      '2026-03-09T02:00Z',
    ]);
  });
});

describe('exactly one firing per local day for daily crons, all of 2026', () => {
  const zones = [
    NY,
    LONDON,
    LORD_HOWE,
    KOLKATA,
    'UTC',
    'Pacific/Chatham',
    'America/Havana',
    'America/Santiago',
  ];
  const crons = ['30 2 * * *', '0 2 * * *', '30 1 * * *', '0 0 * * *', '45 23 * * *', '0 3 * * *'];
  for (const tz of zones) {
    test(tz, () => {
      for (const cron of crons) {
        const [minute, hour] = cron.split(' ').map(Number) as [number, number];
        const want = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`;
        // Local 2026-01-01 00:00 is within 14h of 2026-01-01T00:00Z; take a wide window and
        // keep the occurrences whose local date is in 2026.
        const all = CronSpec.parse(cron, tz).between(
          new Date('2025-12-30T00:00Z'),
          new Date('2027-01-02T00:00Z'),
        );
        const local = all
          .map((d) => ({ d, wall: intlWall(d.getTime(), tz) }))
          .filter((x) => x.wall.startsWith('2026-'));
        const days = new Set(local.map((x) => x.wall.slice(0, 10)));
        assert.equal(local.length, 365, `${cron} in ${tz}: ${local.length} firings`);
        assert.equal(days.size, 365, `${cron} in ${tz}: ${days.size} distinct days`);
        for (const { d, wall } of local) {
          if (wall.slice(11) === want) continue;
          // Only a skipped time may fire at another wall time: the first instant after the gap.
          assert.ok(
            isGapEnd(d.getTime(), tz),
            `${cron} in ${tz} fired at ${wall} (${d.toISOString()})`,
          );
          assert.ok(wall.slice(11) > want, `${cron} in ${tz}: ${wall} is before ${want}`);
        }
      }
    });
  }
});

describe('calendar rules', () => {
  test('leap day: 0 12 29 2 * after 2026-01-01 is 2028-02-29 12:00 in the zone', () => {
    assert.deepEqual(
      short(CronSpec.parse('0 12 29 2 *', NY).next(new Date('2026-01-01T00:00Z'), 3)),
      ['2028-02-29T17:00Z', '2032-02-29T17:00Z', '2036-02-29T17:00Z'],
    );
    assert.deepEqual(
      short(CronSpec.parse('0 12 29 2 *', KOLKATA).next(new Date('2026-01-01T00:00Z'))),
      ['2028-02-29T06:30Z'],
    );
    // 2100 is not a leap year.
    assert.deepEqual(
      short(CronSpec.parse('0 12 29 2 *', 'UTC').next(new Date('2097-01-01T00:00Z'))),
      ['2104-02-29T12:00Z'],
    );
  });

  test('0 0 29 2 1: day of month OR day of week (Feb 29, or any Monday in February)', () => {
    assert.deepEqual(
      short(CronSpec.parse('0 0 29 2 1', 'UTC').next(new Date('2026-01-01T00:00Z'), 6)),
      [
        '2026-02-02T00:00Z',
        '2026-02-09T00:00Z',
        '2026-02-16T00:00Z',
        '2026-02-23T00:00Z',
        '2027-02-01T00:00Z',
        '2027-02-08T00:00Z',
      ],
    );
  });

  test('rare crons terminate: the fifth Monday of February', () => {
    // Only when 29 February is a Monday: 2044, 2072, then 2112 (2100 is not a leap year).
    assert.deepEqual(
      short(CronSpec.parse('0 0 * 2 1#5', 'UTC').next(new Date('2026-01-01T00:00Z'), 3)),
      ['2044-02-29T00:00Z', '2072-02-29T00:00Z', '2112-02-29T00:00Z'],
    );
  });

  test('0 0 13 * 5: the 13th OR a Friday', () => {
    assert.deepEqual(between('0 0 13 * 5', 'UTC', '2026-01-01T00:00Z', '2026-02-20T00:00Z'), [
      '2026-01-02T00:00Z', // Fri
      '2026-01-09T00:00Z', // Fri
      '2026-01-13T00:00Z', // Tue the 13th
      '2026-01-16T00:00Z',
      '2026-01-23T00:00Z',
      '2026-01-30T00:00Z',
      '2026-02-06T00:00Z',
      '2026-02-13T00:00Z', // Friday the 13th, once
      '2026-02-20T00:00Z',
    ]);
  });

  test('a field is a wildcard only when it is * or ?: 0 0 */10 * 1 is OR too', () => {
    assert.deepEqual(between('0 0 */10 * 1', 'UTC', '2026-03-01T00:00Z', '2026-03-16T00:00Z'), [
      '2026-03-02T00:00Z', // Mon
      '2026-03-09T00:00Z', // Mon
      '2026-03-11T00:00Z', // day 11 (1, 11, 21, 31)
      '2026-03-16T00:00Z', // Mon
    ]);
    assert.deepEqual(between('0 0 ? * 1', 'UTC', '2026-03-01T00:00Z', '2026-03-16T00:00Z'), [
      '2026-03-02T00:00Z',
      '2026-03-09T00:00Z',
      '2026-03-16T00:00Z',
    ]);
  });

  test('L: last day of the month', () => {
    assert.deepEqual(
      short(CronSpec.parse('0 0 L * *', 'UTC').next(new Date('2026-01-01T00:00Z'), 4)),
      ['2026-01-31T00:00Z', '2026-02-28T00:00Z', '2026-03-31T00:00Z', '2026-04-30T00:00Z'],
    );
    assert.deepEqual(
      short(CronSpec.parse('0 0 L 2 *', 'UTC').next(new Date('2027-06-01T00:00Z'))),
      ['2028-02-29T00:00Z'],
    );
  });

  test('5L: last Friday of the month; 1#1: first Monday; names', () => {
    assert.deepEqual(
      short(CronSpec.parse('0 0 * * 5L', 'UTC').next(new Date('2026-01-01T00:00Z'), 3)),
      ['2026-01-30T00:00Z', '2026-02-27T00:00Z', '2026-03-27T00:00Z'],
    );
    assert.deepEqual(
      short(CronSpec.parse('0 9 * * 1#1', NY).next(new Date('2026-01-01T00:00Z'), 3)),
      [
        '2026-01-05T14:00Z',
        '2026-02-02T14:00Z',
        '2026-03-02T14:00Z', // still EST
      ],
    );
    assert.deepEqual(
      short(CronSpec.parse('0 9 * * FRI#3', NY).next(new Date('2026-03-01T00:00Z'))),
      [
        '2026-03-20T13:00Z', // third Friday, EDT
      ],
    );
    assert.deepEqual(
      short(CronSpec.parse('30 8 * JAN,jul MON-wed', 'UTC').next(new Date('2026-06-30T12:00Z'), 2)),
      ['2026-07-01T08:30Z', '2026-07-06T08:30Z'],
    );
  });

  test('7 is Sunday too', () => {
    assert.deepEqual(
      short(CronSpec.parse('0 0 * * 7', 'UTC').next(new Date('2026-01-01T00:00Z'))),
      ['2026-01-04T00:00Z'],
    );
  });
});

describe('macros (the ones cron-parser accepts)', () => {
  test('expand to 5 fields', () => {
    assert.deepEqual(short(CronSpec.parse('@daily', NY).next(new Date('2026-03-07T12:00Z'), 2)), [
      '2026-03-08T05:00Z',
      '2026-03-09T04:00Z',
    ]);
    assert.deepEqual(short(CronSpec.parse('@weekly', 'UTC').next(new Date('2026-01-01T00:00Z'))), [
      '2026-01-04T00:00Z',
    ]);
    assert.deepEqual(short(CronSpec.parse('@hourly', 'UTC').next(new Date('2026-01-01T00:30Z'))), [
      '2026-01-01T01:00Z',
    ]);
    assert.deepEqual(short(CronSpec.parse('@YEARLY', 'UTC').next(new Date('2026-01-01T00:00Z'))), [
      '2027-01-01T00:00Z',
    ]);
    assert.equal(CronSpec.parse('@hourly', 'UTC').isInterval, true);
    assert.equal(CronSpec.parse('@daily', 'UTC').isInterval, false);
  });

  test('every macro matches cron-parser’s own expansion', async () => {
    const { CronExpressionParser } = await import('cron-parser');
    for (const [macro, fields] of Object.entries(CRON_MACROS)) {
      assert.equal(
        CronExpressionParser.parse(macro).stringify(),
        CronExpressionParser.parse(fields).stringify(),
        macro,
      );
    }
  });
});

describe('H (hashed) is deterministic, seeded by the expression', () => {
  test('the same expression always picks the same minute', () => {
    const a = CronSpec.parse('H 2 * * *', 'UTC').next(new Date('2026-01-01T00:00Z'), 3);
    const b = CronSpec.parse('H 2 * * *', 'UTC').next(new Date('2026-01-01T00:00Z'), 3);
    assert.deepEqual(a, b);
    assert.equal(new Set(a.map((d) => d.getUTCMinutes())).size, 1);
    assert.ok(a.every((d) => d.getUTCHours() === 2));
  });
  test('H/15 is an interval schedule, H and H(0-29) are fixed times', () => {
    assert.equal(isIntervalSchedule('H/15 * * * *'), true);
    assert.equal(isIntervalSchedule('H 1 * * *'), false);
    assert.equal(isIntervalSchedule('H(0-29) 1 * * *'), false);
  });
});

describe('interval classification (SPEC §1)', () => {
  const cases: [string, boolean][] = [
    ['*/15 * * * *', true],
    ['0 * * * *', true],
    ['*/30 1 * * *', true],
    ['0 1-3 * * *', true],
    ['0-30/10 1 * * *', true],
    ['? 1 * * *', true],
    ['30 1 * * *', false],
    ['0,30 1 * * *', false],
    ['0 1,2 * * *', false],
    ['0 0 * * 1-5', false],
    ['0 0 1-7 * *', false],
  ];
  for (const [cron, interval] of cases) {
    test(`${cron} → ${interval ? 'interval' : 'fixed'}`, () => {
      assert.equal(isIntervalSchedule(cron), interval);
    });
  }
});

describe('next, previous, between', () => {
  const spec = CronSpec.parse('30 2 * * *', NY);

  test('next is strictly after', () => {
    assert.deepEqual(short(spec.next(new Date('2026-03-09T06:30Z'))), ['2026-03-10T06:30Z']);
    assert.deepEqual(short(spec.next(new Date('2026-03-09T06:29:59.999Z'))), ['2026-03-09T06:30Z']);
  });

  test('next across the spring-forward day', () => {
    assert.deepEqual(short(spec.next(new Date('2026-03-07T12:00Z'), 3)), [
      '2026-03-08T07:00Z',
      '2026-03-09T06:30Z',
      '2026-03-10T06:30Z',
    ]);
  });

  test('previous is strictly before, most recent first, and does not skip a day after DST', () => {
    assert.deepEqual(short(spec.previous(new Date('2026-03-10T06:30Z'), 4)), [
      '2026-03-09T06:30Z',
      '2026-03-08T07:00Z',
      '2026-03-07T07:30Z',
      '2026-03-06T07:30Z',
    ]);
    assert.deepEqual(
      short(CronSpec.parse('*/30 1 * * *', NY).previous(new Date('2026-11-01T12:00Z'), 4)),
      ['2026-11-01T06:30Z', '2026-11-01T06:00Z', '2026-11-01T05:30Z', '2026-11-01T05:00Z'],
    );
  });

  test('between honours limit, excludes from, includes to', () => {
    const every = CronSpec.parse('*/15 * * * *', 'UTC');
    assert.deepEqual(
      short(every.between(new Date('2026-01-01T00:00Z'), new Date('2026-01-01T01:00Z'), 2)),
      ['2026-01-01T00:15Z', '2026-01-01T00:30Z'],
    );
    assert.equal(
      every.between(new Date('2026-01-01T00:00Z'), new Date('2026-01-01T01:00Z')).length,
      4,
    );
    assert.deepEqual(
      every.between(new Date('2026-01-01T01:00Z'), new Date('2026-01-01T01:00Z')),
      [],
    );
    assert.deepEqual(
      every.between(new Date('2026-01-01T02:00Z'), new Date('2026-01-01T01:00Z')),
      [],
    );
    assert.deepEqual(
      every.between(new Date('2026-01-01T00:00Z'), new Date('2026-01-01T01:00Z'), 0),
      [],
    );
  });

  test('limit near a transition still returns the earliest occurrences', () => {
    const every = CronSpec.parse('*/15 * * * *', NY);
    assert.deepEqual(
      short(every.between(new Date('2026-11-01T05:50Z'), new Date('2026-11-01T08:00Z'), 3)),
      ['2026-11-01T06:00Z', '2026-11-01T06:15Z', '2026-11-01T06:30Z'],
    );
  });

  test('invalid dates are a RangeError', () => {
    assert.throws(() => spec.next(new Date('nope')), RangeError);
  });

  test('the spec keeps what it was given', () => {
    const s = CronSpec.parse(' 0  2 * * 1-5 ', 'America/New_York');
    assert.equal(s.expression, ' 0  2 * * 1-5 ');
    assert.equal(s.timezone, 'America/New_York');
  });
});

describe('describeCron', () => {
  test('plain English, 24-hour clock', () => {
    assert.equal(describeCron('0 2 * * 1-5'), 'At 02:00, Monday through Friday');
    assert.equal(describeCron('*/15 * * * *'), 'Every 15 minutes');
    assert.equal(describeCron('@daily'), 'At 00:00');
    assert.equal(describeCron('0 9 * * 1#1'), 'At 09:00, on the first Monday of the month');
  });
  test('H is described with the minute it resolves to', () => {
    const d = describeCron('H 2 * * *');
    assert.match(d, /^At 02:\d\d$/);
  });
  test('never throws', () => {
    assert.equal(describeCron('not a cron'), 'not a cron');
    assert.equal(describeCron(''), '');
  });
});
