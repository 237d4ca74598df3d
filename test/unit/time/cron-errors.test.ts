/** Bad crons and zones: the message says what is wrong, the hint how to fix it. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CRON_FIELDS_HINT, CronError, CronSpec, validateCron } from '../../../src/time/cron.js';

function error(cron: string, tz = 'UTC'): CronError {
  try {
    CronSpec.parse(cron, tz);
  } catch (e) {
    assert.ok(e instanceof CronError, `expected a CronError, got ${String(e)}`);
    return e;
  }
  assert.fail(`"${cron}" in ${tz} was accepted`);
}

describe('field count and macros', () => {
  test('6 fields (seconds) are rejected', () => {
    const e = error('0 30 2 * * *');
    assert.equal(e.message, 'cron "0 30 2 * * *" has 6 fields, expected 5');
    assert.equal(e.hint, `seconds are not supported: drop the first field. ${CRON_FIELDS_HINT}`);
    assert.equal(
      CRON_FIELDS_HINT,
      '5 fields: minute hour day-of-month month day-of-week, e.g. "30 2 * * 1-5"',
    );
  });
  test('7 fields (seconds and year) are rejected', () => {
    const e = error('0 30 2 * * * 2026');
    assert.equal(e.message, 'cron "0 30 2 * * * 2026" has 7 fields, expected 5');
    assert.match(e.hint, /^seconds and years are not supported/);
  });
  test('too few fields', () => {
    const e = error('* * * *');
    assert.equal(e.message, 'cron "* * * *" has 4 fields, expected 5');
    assert.equal(e.hint, CRON_FIELDS_HINT);
  });
  test('empty', () => {
    assert.equal(error('').message, 'the cron expression is empty');
    assert.equal(error('   ').message, 'the cron expression is empty');
  });
  test('@reboot, @secondly, @midnight and unknown macros', () => {
    assert.equal(
      error('@reboot').message,
      'cron "@reboot" is not supported: the scheduler has no reboot to run at',
    );
    assert.match(error('@reboot').hint, /"@daily"/);
    assert.equal(
      error('@secondly').message,
      'cron "@secondly" is not supported: the smallest unit is a minute',
    );
    assert.equal(error('@midnight').hint, 'use "@daily" (every day at 00:00)');
    const e = error('@fortnightly');
    assert.equal(e.message, 'unknown cron macro "@fortnightly"');
    assert.match(e.hint, /@yearly, @annually, @monthly, @weekly, @daily, @hourly/);
  });
});

describe('values', () => {
  test('out of range, named by field', () => {
    assert.equal(
      error('60 * * * *').message,
      'cron "60 * * * *": minute 60 is out of range: minutes go from 0 to 59',
    );
    assert.equal(error('60 * * * *').hint, 'e.g. "15 * * * *" runs at quarter past every hour');
    assert.equal(
      error('0 24 * * *').message,
      'cron "0 24 * * *": hour 24 is out of range: hours go from 0 to 23',
    );
    assert.equal(
      error('0 0 0 * *').message,
      'cron "0 0 0 * *": day-of-month 0 is out of range: days of the month go from 1 to 31',
    );
    assert.equal(
      error('0 0 * 13 *').message,
      'cron "0 0 * 13 *": month 13 is out of range: months go from 1 to 12 (or JAN-DEC)',
    );
    assert.match(
      error('0 0 * * 8').message,
      /^cron "0 0 \* \* 8": day-of-week 8 is out of range: days of the week go from 0 to 6/,
    );
    assert.equal(
      error('0 0-30 * * *').message,
      'cron "0 0-30 * * *": hour 30 is out of range: hours go from 0 to 23',
    );
  });
  test('names', () => {
    assert.match(error('0 0 * * MONDAY').message, /"MONDAY" is not a valid day-of-week/);
    assert.match(
      error('0 0 * * MON-FRX').message,
      /day-of-week "FRX" is not a number or a known name/,
    );
    assert.match(error('0 0 * FOO *').message, /month "FOO" is not a number or a known name/);
    assert.match(error('0 MON * * *').message, /hour "MON" is not a number: hours go from 0 to 23/);
  });
  test('backwards ranges, zero steps, empty list items, garbage', () => {
    const back = error('5-1 * * * *');
    assert.equal(back.message, 'cron "5-1 * * * *": minute range 5-1 runs backwards');
    assert.equal(back.hint, 'write the smaller value first, or split it in two, e.g. "5-59,0-1"');
    assert.equal(
      error('*/0 * * * *').message,
      'cron "*/0 * * * *": minute step "/0" never advances',
    );
    assert.equal(
      error('1,,2 * * * *').message,
      'cron "1,,2 * * * *": the minute field "1,,2" has an empty list item',
    );
    assert.equal(
      error('a * * * *').message,
      'cron "a * * * *": "a" is not a valid minute (minutes go from 0 to 59)',
    );
  });
  test('W, stray L, bad #', () => {
    assert.match(error('0 0 1W * *').message, /uses W \(nearest weekday\), which is not supported/);
    assert.match(
      error('0 0 L-2 * *').message,
      /day-of-month "L-2" is not supported: L stands alone/,
    );
    assert.match(error('0 0 * * L').message, /L needs a weekday before it/);
    assert.equal(
      error('0 0 * * 1#6').message,
      'cron "0 0 * * 1#6": day-of-week "1#6" asks for occurrence 6, but a month has at most 5 of each weekday',
    );
    assert.match(error('0 0 * * 1#2,3').message, /combines # with a list/);
  });
});

describe('crons that never fire', () => {
  test('* * 31 2 *', () => {
    const e = error('* * 31 2 *');
    assert.equal(e.message, 'cron "* * 31 2 *" never fires: February has at most 29 days');
    assert.equal(
      e.hint,
      'pick a day every chosen month has, or use L for the last day of the month, e.g. "* * L 2 *"',
    );
  });
  test('0 0 30 2 *', () => {
    assert.equal(
      error('0 0 30 2 *').message,
      'cron "0 0 30 2 *" never fires: February has at most 29 days',
    );
  });
  test('31st of 30-day months', () => {
    assert.equal(
      error('0 0 31 4,6 *').message,
      'cron "0 0 31 4,6 *" never fires: April and June have 30 days',
    );
    assert.equal(
      error('0 0 31 FEB,SEP *').message,
      'cron "0 0 31 FEB,SEP *" never fires: February has at most 29 days and September has 30 days',
    );
  });
  test('a restricted day of week rescues it (OR), and so does one month that fits', () => {
    assert.doesNotThrow(() => validateCron('0 0 31 2 1'));
    assert.doesNotThrow(() => validateCron('0 0 31 2,3 *'));
    assert.doesNotThrow(() => validateCron('0 0 29 2 *'));
  });
});

describe('time zones', () => {
  test('unknown zone with a close match', () => {
    const e = error('0 0 * * *', 'America/New York');
    assert.equal(e.message, 'unknown time zone "America/New York"');
    assert.match(e.hint, /^did you mean "America\/New_York"\?/);
    assert.match(e.hint, /"UTC"/);
    assert.match(error('0 0 * * *', 'Europe/Londn').hint, /^did you mean "Europe\/London"\?/);
    assert.match(error('0 0 * * *', 'London').hint, /^did you mean "Europe\/London"\?/);
    assert.match(error('0 0 * * *', 'Pacific/Aukland').hint, /^did you mean "Pacific\/Auckland"\?/);
  });
  test('abbreviations are not zones, even those Intl accepts', () => {
    const e = error('0 0 * * *', 'EST');
    assert.equal(e.message, '"EST" is an abbreviation, not an IANA time zone');
    assert.equal(
      e.hint,
      'use "America/New_York" (it follows daylight saving time where that applies), or "UTC"',
    );
    assert.match(error('0 0 * * *', 'PST').hint, /America\/Los_Angeles/);
    assert.match(error('0 0 * * *', 'CET').hint, /Europe\/Paris/);
    assert.match(error('0 0 * * *', 'ist').hint, /Asia\/Kolkata/);
  });
  test('offsets are not zones', () => {
    const e = error('0 0 * * *', 'UTC+5');
    assert.equal(e.message, '"UTC+5" is a UTC offset, not an IANA time zone');
    assert.match(e.hint, /"Etc\/GMT-5"/);
  });
  test('nothing close', () => {
    const e = error('0 0 * * *', 'Mars/Olympus_Mons');
    assert.equal(e.message, 'unknown time zone "Mars/Olympus_Mons"');
    assert.equal(
      e.hint,
      'use an IANA zone name such as "America/New_York" or "Europe/London", or "UTC"',
    );
  });
  test('the cron is checked before the zone', () => {
    assert.match(error('61 * * * *', 'Nowhere').message, /minute 61/);
  });
});
