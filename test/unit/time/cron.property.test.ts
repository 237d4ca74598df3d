/**
 * Property tests for CronSpec against two independent references:
 * 1. cron-parser's own iterator in UTC (no DST to disagree about): our walk over its expanded
 *    fields must produce exactly what it produces, for names, ranges, steps, lists, L, #, H.
 * 2. croner 11 in zones with DST, over windows around real transitions. croner implements the
 *    SPEC's DST rules natively, with one documented difference handled explicitly:
 *    a. croner decides "fixed time vs interval" by its `fixedTimeRule`; we run it with the rule
 *       that matches the SPEC's classification for each cron ("single-value" for our interval
 *       schedules, "no-wildcard" for our fixed ones).
 *    Both skip a spring-forward gap for interval schedules (they follow real time) and move
 *    a fixed time in the gap to the first instant after it, so the results must be equal.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CronExpressionParser } from 'cron-parser';
import { Cron } from 'croner';
import { CronError, CronSpec } from '../../../src/time/cron.js';
import { zoneRules } from '../../../src/time/zone.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// 1. Against cron-parser in UTC

const int = (min: number, max: number) => fc.integer({ min, max });
const range = (min: number, max: number) =>
  fc.tuple(int(min, max), int(min, max)).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
const step = (min: number, max: number) =>
  fc.oneof(
    int(1, Math.ceil((max - min + 1) / 2)).map((k) => `*/${k}`),
    fc.tuple(range(min, max), int(1, 10)).map(([r, k]) => `${r}/${k}`),
  );
const list = (min: number, max: number) =>
  fc.uniqueArray(int(min, max), { minLength: 2, maxLength: 4 }).map((xs) => xs.join(','));
const numeric = (min: number, max: number) =>
  fc.oneof(
    fc.constant('*'),
    int(min, max).map(String),
    range(min, max),
    step(min, max),
    list(min, max),
  );

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const anyCron = fc
  .tuple(
    fc.oneof(numeric(0, 59), fc.constantFrom('H', 'H/15', 'H(0-29)')),
    fc.oneof(numeric(0, 23), fc.constant('H')),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant('*') },
      { weight: 3, arbitrary: numeric(1, 31) },
      { weight: 1, arbitrary: fc.constantFrom('L', '?', '1,L', 'H') },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant('*') },
      { weight: 2, arbitrary: numeric(1, 12) },
      { weight: 1, arbitrary: fc.constantFrom(...MONTHS, 'JAN-MAR', 'feb,Aug') },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant('*') },
      { weight: 2, arbitrary: numeric(0, 7) },
      {
        weight: 2,
        arbitrary: fc.oneof(
          fc.tuple(int(0, 7), int(1, 5)).map(([d, n]) => `${d}#${n}`),
          int(0, 7).map((d) => `${d}L`),
          fc.constantFrom(...DAYS, 'MON-FRI', 'sat,SUN', '?', '1,5L', 'FRIL', 'MON#2'),
        ),
      },
    ),
  )
  .map((fields) => fields.join(' '));

function parses(expr: string): boolean {
  try {
    CronSpec.parse(expr, 'UTC');
    return true;
  } catch (e) {
    if (e instanceof CronError) return false;
    throw e;
  }
}

function cronParserUtc(expr: string, from: number, to: number): number[] {
  const it = CronExpressionParser.parse(expr, {
    tz: 'UTC',
    currentDate: new Date(from),
    endDate: new Date(to),
    hashSeed: expr,
  });
  const out: number[] = [];
  for (;;) {
    try {
      out.push(it.next().getTime());
    } catch {
      return out;
    }
  }
}

describe('the walk over cron-parser’s fields equals cron-parser’s own iterator (UTC)', () => {
  test('random crons and windows', () => {
    fc.assert(
      fc.property(
        anyCron,
        int(Date.parse('2020-01-01T00:00Z') / MIN, Date.parse('2035-01-01T00:00Z') / MIN),
        int(1, 3 * 24 * 60),
        int(0, 59_999),
        (expr, startMinute, lengthMinutes, ms) => {
          fc.pre(parses(expr));
          const from = startMinute * MIN + ms;
          const to = from + lengthMinutes * MIN;
          const ours = CronSpec.parse(expr, 'UTC')
            .between(new Date(from), new Date(to))
            .map((d) => d.getTime());
          assert.deepEqual(ours, cronParserUtc(expr, from, to), expr);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('sparse crons over long windows', () => {
    const sparse = fc
      .tuple(
        int(0, 59),
        int(0, 23),
        fc.oneof(int(1, 31).map(String), fc.constant('L'), fc.constant('*')),
        fc.oneof(int(1, 12).map(String), fc.constant('*')),
        fc.oneof(
          fc.constant('*'),
          fc.tuple(int(0, 6), int(1, 5)).map(([d, n]) => `${d}#${n}`),
          int(0, 6).map((d) => `${d}L`),
        ),
      )
      .map((f) => f.join(' '));
    fc.assert(
      fc.property(
        sparse,
        int(Date.parse('2020-01-01T00:00Z') / DAY, Date.parse('2035-01-01T00:00Z') / DAY),
        (expr, day) => {
          fc.pre(parses(expr));
          const from = day * DAY;
          const to = from + 400 * DAY;
          const ours = CronSpec.parse(expr, 'UTC')
            .between(new Date(from), new Date(to))
            .map((d) => d.getTime());
          assert.deepEqual(ours, cronParserUtc(expr, from, to), expr);
        },
      ),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Against croner 11 around DST transitions

const DST_ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Santiago',
  'America/Havana',
  'Europe/Berlin',
  'Australia/Sydney',
  'America/St_Johns',
];

const simpleField = (max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: int(0, max).map(String) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(5, 10, 15, 20, 30)
        .filter((k) => k <= max)
        .map((k) => `*/${k}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(int(0, max), int(0, max))
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .uniqueArray(int(0, max), { minLength: 2, maxLength: 3 })
        .map((x) => x.join(',')),
    },
    { weight: 1, arbitrary: fc.constant('*') },
  );

const simpleCron = fc
  .tuple(
    simpleField(59),
    fc.oneof(simpleField(23), fc.constantFrom('1', '2', '0', '3')),
    fc.oneof(
      { weight: 5, arbitrary: fc.constant('*') },
      { weight: 1, arbitrary: int(1, 28).map(String) },
    ),
    fc.constant('*'),
    fc.oneof(
      { weight: 5, arbitrary: fc.constant('*') },
      { weight: 1, arbitrary: fc.constantFrom('0', '1-5', '6') },
    ),
  )
  .map((f) => f.join(' '));

function cronerRuns(
  expr: string,
  tz: string,
  interval: boolean,
  from: number,
  to: number,
): number[] {
  const job = new Cron(expr, {
    timezone: tz,
    mode: '5-part',
    fixedTimeRule: interval ? 'single-value' : 'no-wildcard',
  });
  const out: number[] = [];
  let cursor = new Date(from);
  for (;;) {
    const next = job.nextRun(cursor);
    if (!next || next.getTime() > to) return out;
    out.push(next.getTime());
    cursor = next;
  }
}

const window = fc
  .tuple(
    fc.constantFrom(...DST_ZONES),
    int(2024, 2030),
    fc.boolean(),
    int(-30 * 60, 6 * 60),
    int(30, 48 * 60),
  )
  .map(([tz, year, spring, startMinutes, lengthMinutes]) => {
    const transitions = zoneRules(tz).transitionsIn(Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    const pick = transitions.find((t) => t.after > t.before === spring) ?? transitions[0]!;
    const from = pick.at + startMinutes * MIN;
    return { tz, from, to: from + lengthMinutes * MIN };
  });

describe('CronSpec agrees with croner 11 around DST transitions', () => {
  test('random simple crons, zones and windows', () => {
    let checked = 0;
    fc.assert(
      fc.property(simpleCron, window, (expr, { tz, from, to }) => {
        const spec = CronSpec.parse(expr, tz);
        const ours = spec.between(new Date(from), new Date(to)).map((d) => d.getTime());
        const theirs = cronerRuns(expr, tz, spec.isInterval, from, to);
        assert.deepEqual(ours, theirs, `${expr} in ${tz}`);
        if (spec.isInterval && ours.length > 0) checked++;
      }),
      { numRuns: 400 },
    );
    // Interval crons around transitions are really compared, not vacuously.
    assert.ok(checked > 0, 'no interval occurrence was compared');
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Invariants

describe('invariants', () => {
  const anyWindow = fc
    .tuple(
      fc.constantFrom(...DST_ZONES, 'UTC', 'Asia/Kolkata'),
      int(Date.parse('2025-01-01T00:00Z') / MIN, Date.parse('2028-01-01T00:00Z') / MIN),
      int(1, 5 * 24 * 60),
      int(1, 5 * 24 * 60),
    )
    .map(([tz, start, a, b]) => ({
      tz,
      from: start * MIN,
      mid: (start + a) * MIN,
      to: (start + a + b) * MIN,
    }));

  test('ascending, unique, within the window, and additive over adjacent windows', () => {
    fc.assert(
      fc.property(simpleCron, anyWindow, (expr, { tz, from, mid, to }) => {
        const spec = CronSpec.parse(expr, tz);
        const all = spec.between(new Date(from), new Date(to), Infinity).map((d) => d.getTime());
        for (let i = 0; i < all.length; i++) {
          assert.ok(all[i]! > from && all[i]! <= to);
          if (i > 0) assert.ok(all[i]! > all[i - 1]!);
        }
        const left = spec.between(new Date(from), new Date(mid), Infinity).map((d) => d.getTime());
        const right = spec.between(new Date(mid), new Date(to), Infinity).map((d) => d.getTime());
        assert.deepEqual([...left, ...right], all);
        const limited = spec.between(new Date(from), new Date(to), 3).map((d) => d.getTime());
        assert.deepEqual(limited, all.slice(0, 3));
      }),
      { numRuns: 200 },
    );
  });

  test('next and previous agree with between', () => {
    fc.assert(
      fc.property(simpleCron, anyWindow, int(1, 5), (expr, { tz, from, to }, count) => {
        const spec = CronSpec.parse(expr, tz);
        const all = spec.between(new Date(from), new Date(from + 40 * DAY)).map((d) => d.getTime());
        fc.pre(all.length >= count);
        assert.deepEqual(
          spec.next(new Date(from), count).map((d) => d.getTime()),
          all.slice(0, count),
        );
        const before = spec
          .between(new Date(to - 40 * DAY), new Date(to - 1), Infinity)
          .map((d) => d.getTime());
        fc.pre(before.length >= count);
        assert.deepEqual(
          spec.previous(new Date(to), count).map((d) => d.getTime()),
          before.slice(-count).reverse(),
        );
      }),
      { numRuns: 150 },
    );
  });

  test('occurrences are on whole minutes of local time and never earlier than the wall time asked for', () => {
    // In zones whose offsets are whole minutes, every occurrence is a whole UTC minute too.
    fc.assert(
      fc.property(simpleCron, anyWindow, (expr, { tz, from, to }) => {
        for (const d of CronSpec.parse(expr, tz).between(new Date(from), new Date(to))) {
          assert.equal(d.getTime() % MIN, 0);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('a 1-day window costs well under a millisecond for typical crons', () => {
    const specs = ['0 2 * * *', '*/15 * * * *', '0 * * * *', '30 2 * * 1-5'].flatMap((c) =>
      ['America/New_York', 'Europe/London', 'UTC'].map((tz) => CronSpec.parse(c, tz)),
    );
    const start = Date.parse('2026-01-01T00:00Z');
    for (const s of specs) s.between(new Date(start), new Date(start + 400 * DAY)); // warm zone tables
    const t0 = performance.now();
    let calls = 0;
    for (let i = 0; i < 2000; i++) {
      for (const s of specs) {
        const from = start + ((i * 7919) % 365) * DAY + (i % 24) * HOUR;
        s.between(new Date(from), new Date(from + DAY));
        calls++;
      }
    }
    const perCall = (performance.now() - t0) / calls;
    assert.ok(perCall < 0.5, `${(perCall * 1000).toFixed(1)} µs per call`);
  });
});
