import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import type { RunAtRequest } from '../../../src/issues/types.js';
import { OPTIONS, bodyIssue } from './helpers.js';

function request(body: string, created_at = '2026-11-25T07:00:00Z'): RunAtRequest {
  const result = parseRunAtIssue(bodyIssue(body, { created_at }), OPTIONS);
  assert.deepEqual(
    result.errors.map((e) => e.format()),
    [],
  );
  return result.request!;
}

const BASE = [
  '---',
  'run-at: in 2h',
  'workflow: agent.yml',
  'inputs:',
  '  prompt: Check PR 123',
  '  model: small',
  '---',
  'Free text for people.',
].join('\n');

describe('fingerprints', () => {
  const base = request(BASE);

  test('are short hex strings, stable across parses', () => {
    assert.match(base.fingerprint, /^[0-9a-f]{16}$/);
    assert.match(base.timingFingerprint, /^[0-9a-f]{16}$/);
    assert.equal(request(BASE).fingerprint, base.fingerprint);
  });

  test('do not change when only the free text, comments, layout or key order change', () => {
    const same = [
      BASE.replace('Free text for people.', 'Completely different text.\n\n## With a heading'),
      BASE.replace('run-at: in 2h', 'run-at: in 2h   # two hours'),
      BASE.replace('run-at: in 2h', 'run-at: "in 2h"'),
      BASE.replace('run-at: in 2h', 'run-at: in 120m'),
      BASE.replace('run-at: in 2h', 'run-at: 2026-11-25T09:00:00Z'),
      BASE.replace(
        '  prompt: Check PR 123\n  model: small',
        '  model: small\n  prompt: Check PR 123',
      ),
      BASE.replace(/\n/g, '\r\n'),
      `\n\n${BASE}`,
      // Defaults written out are the same request.
      BASE.replace(
        'workflow: agent.yml',
        'workflow: agent.yml\nretries: 0\nretry-delay: 10m\ntimezone: UTC',
      ),
    ];
    for (const body of same) assert.equal(request(body).fingerprint, base.fingerprint, body);
  });

  test('change when anything that defines the request changes', () => {
    const edits = [
      BASE.replace('in 2h', 'in 3h'),
      BASE.replace('workflow: agent.yml', 'workflow: plain.yml').replace(
        /inputs:[\s\S]*?---/,
        '---',
      ),
      BASE.replace('Check PR 123', 'Check PR 124'),
      BASE.replace('model: small', 'model: large'),
      BASE.replace('  model: small\n', ''),
      BASE.replace('workflow: agent.yml', 'workflow: agent.yml\nref: main'),
      BASE.replace('workflow: agent.yml', 'workflow: agent.yml\ntimezone: Europe/Paris'),
      BASE.replace('workflow: agent.yml', 'workflow: agent.yml\nretries: 1'),
      BASE.replace('workflow: agent.yml', 'workflow: agent.yml\nretry-delay: 5m'),
      BASE.replace('workflow: agent.yml', 'workflow: agent.yml\ntimeout: 1h'),
      BASE.replace('run-at: in 2h', 'cron: "0 9 * * *"'),
    ];
    const seen = new Set([base.fingerprint]);
    for (const body of edits) {
      const fp = request(body).fingerprint;
      assert.ok(!seen.has(fp), `unchanged or colliding fingerprint for:\n${body}`);
      seen.add(fp);
    }
  });

  test('a relative run-at is anchored to creation: the same body on a later issue differs', () => {
    assert.notEqual(request(BASE, '2026-11-26T07:00:00Z').fingerprint, base.fingerprint);
  });

  test('the timing fingerprint ignores inputs and workflow, but not the time, cron or zone', () => {
    assert.equal(
      request(BASE.replace('Check PR 123', 'Other')).timingFingerprint,
      base.timingFingerprint,
    );
    assert.notEqual(
      request(BASE.replace('in 2h', 'in 3h')).timingFingerprint,
      base.timingFingerprint,
    );
    const cron = request(BASE.replace('run-at: in 2h', 'cron: "0 9 * * *"'));
    const cronOtherInputs = request(
      BASE.replace('run-at: in 2h', 'cron: "0 9 * * *"').replace('small', 'large'),
    );
    assert.equal(cron.timingFingerprint, cronOtherInputs.timingFingerprint);
    assert.notEqual(cron.fingerprint, cronOtherInputs.fingerprint);
    const cronParis = request(
      BASE.replace('run-at: in 2h', 'cron: "0 9 * * *"\ntimezone: Europe/Paris'),
    );
    assert.notEqual(cronParis.timingFingerprint, cron.timingFingerprint);
  });

  test('the form and the front matter of the same request share a fingerprint', () => {
    const form = request(
      '### Run at\n\nin 2h\n\n### Workflow\n\nagent.yml\n\n### Inputs\n\n```yaml\nprompt: Check PR 123\nmodel: small\n```\n',
    );
    assert.equal(form.fingerprint, base.fingerprint);
    assert.equal(form.format, 'form');
  });
});
