import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatInZone,
  formatRelative,
  formatUtc,
  formatZonedIso,
} from '../../../src/time/format.js';

const d = new Date('2026-11-25T14:00:00Z');
const summer = new Date('2026-07-01T09:00:00Z');

describe('formatting', () => {
  test('formatUtc', () => {
    assert.equal(formatUtc(d), '2026-11-25 14:00 UTC');
    assert.equal(formatUtc(new Date('2026-11-25T14:00:07Z')), '2026-11-25 14:00:07 UTC');
  });
  test('formatInZone', () => {
    assert.equal(formatInZone(d, 'America/New_York'), '2026-11-25 09:00 EST');
    assert.equal(formatInZone(summer, 'America/New_York'), '2026-07-01 05:00 EDT');
    assert.equal(formatInZone(summer, 'Europe/London'), '2026-07-01 10:00 BST');
    assert.equal(formatInZone(d, 'Europe/London'), '2026-11-25 14:00 GMT');
    assert.equal(formatInZone(d, 'Europe/Paris'), '2026-11-25 15:00 CET');
    assert.equal(formatInZone(d, 'Asia/Kolkata'), '2026-11-25 19:30 IST');
    assert.equal(formatInZone(d, 'Australia/Sydney'), '2026-11-26 01:00 AEDT');
    assert.equal(formatInZone(d, 'UTC'), '2026-11-25 14:00 UTC');
    assert.equal(formatInZone(d, 'Asia/Tokyo'), '2026-11-25 23:00 GMT+9');
    assert.equal(formatInZone(d, 'Not/AZone'), '2026-11-25 14:00 UTC');
  });
  test('formatInZone on a fall-back day tells the passes apart', () => {
    assert.equal(
      formatInZone(new Date('2026-11-01T05:30Z'), 'America/New_York'),
      '2026-11-01 01:30 EDT',
    );
    assert.equal(
      formatInZone(new Date('2026-11-01T06:30Z'), 'America/New_York'),
      '2026-11-01 01:30 EST',
    );
  });
  test('formatZonedIso', () => {
    assert.equal(formatZonedIso(d, 'America/New_York'), '2026-11-25T09:00:00-05:00');
    assert.equal(formatZonedIso(d, 'Asia/Kolkata'), '2026-11-25T19:30:00+05:30');
    assert.equal(formatZonedIso(d, 'UTC'), '2026-11-25T14:00:00+00:00');
  });
  test('formatRelative', () => {
    const now = new Date('2026-11-25T12:02:00Z');
    assert.equal(formatRelative(d, now), 'in 1h 58m');
    assert.equal(formatRelative(new Date('2026-11-25T11:57:00Z'), now), '5m ago');
    assert.equal(formatRelative(now, now), 'now');
    assert.equal(formatRelative(new Date(now.getTime() + 400), now), 'now');
    assert.equal(formatRelative(new Date(now.getTime() + 45_000), now), 'in 45s');
    assert.equal(formatRelative(new Date('2026-11-28T16:02:00Z'), now), 'in 3d 4h');
  });
});
