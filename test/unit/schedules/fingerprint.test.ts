import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleFingerprint } from '../../../src/schedules/fingerprint.js';
import { parseScheduleText } from '../../../src/schedules/parse.js';
import { WorkflowLoader } from '../../../src/workflows/loader.js';
import { makeWorkspace } from './helpers.js';

const loader = new WorkflowLoader(
  makeWorkspace({
    workflows: {
      'agent.yml':
        'on:\n  workflow_dispatch:\n    inputs:\n      prompt:\n        required: true\njobs: {}\n',
      'other.yml':
        'on:\n  workflow_dispatch:\n    inputs:\n      task:\n        required: false\njobs: {}\n',
    },
  }),
);

const BASE: Record<string, string> = {
  cron: "'0 2 * * 1-5'",
  timezone: 'America/New_York',
  workflow: 'agent.yml',
  inputs: '\n  prompt: hello',
  jitter: '5m',
  'start-at': '2026-12-01T00:00:00Z',
  'end-at': '2027-01-01T00:00:00Z',
  enabled: 'true',
};

function fingerprintOf(overrides: Record<string, string | undefined> = {}): string {
  const fields = { ...BASE, ...overrides };
  const text = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const result = parseScheduleText(text, 'schedules/fp.yml', { workflows: loader });
  assert.deepEqual(
    result.errors.map((e) => e.format()),
    [],
  );
  return result.schedule!.fingerprint;
}

describe('schedule fingerprint', () => {
  test('a short, stable sha256 prefix of exactly the timing fields', () => {
    const fields = {
      cron: '0 2 * * 1-5',
      timezone: 'America/New_York',
      jitterMs: 300_000,
      startAt: new Date('2026-12-01T00:00:00Z'),
      endAt: new Date('2027-01-01T00:00:00Z'),
      enabled: true,
    };
    const fp = scheduleFingerprint(fields);
    assert.match(fp, /^[0-9a-f]{16}$/);
    assert.equal(scheduleFingerprint({ ...fields }), fp);
    // Pinned: a change here resets every schedule's cadence in every repository.
    assert.equal(fp, 'ba98c9be018ee99a');
    assert.equal(fingerprintOf(), fp);
  });

  test('changes when a timing field changes', () => {
    const base = fingerprintOf();
    const changes: Record<string, string | undefined>[] = [
      { cron: "'0 3 * * 1-5'" },
      { timezone: 'Europe/London' },
      { jitter: '6m' },
      { jitter: undefined },
      { 'start-at': '2026-12-02T00:00:00Z' },
      { 'start-at': undefined },
      { 'end-at': '2027-01-02T00:00:00Z' },
      { 'end-at': undefined },
      { enabled: 'false' },
    ];
    const seen = new Set([base]);
    for (const change of changes) {
      const fp = fingerprintOf(change);
      assert.ok(!seen.has(fp), `${JSON.stringify(change)} changes the fingerprint`);
      seen.add(fp);
    }
  });

  test('does not change with inputs, workflow, ref, overlap, retries and the rest', () => {
    const base = fingerprintOf();
    const changes: Record<string, string>[] = [
      { inputs: '\n  prompt: something else' },
      { workflow: 'other.yml', inputs: '\n  task: x' },
      { ref: 'release' },
      { overlap: 'allow' },
      { retries: '3' },
      { 'retry-delay': '1h' },
      { timeout: '2h' },
      { priority: 'urgent' },
      { 'catch-up': 'all' },
      { 'catch-up-window': '6h' },
      { description: 'new words' },
    ];
    for (const change of changes) assert.equal(fingerprintOf(change), base, JSON.stringify(change));
  });

  test('writing the same timing differently does not change it', () => {
    const base = fingerprintOf();
    assert.equal(fingerprintOf({ cron: "'  0   2 * *  1-5 '" }), base);
    assert.equal(fingerprintOf({ jitter: '300s' }), base);
    assert.equal(fingerprintOf({ 'start-at': '2026-12-01T01:00:00+01:00' }), base);
    assert.equal(fingerprintOf({ enabled: undefined }), base);
  });
});
