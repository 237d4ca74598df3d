/**
 * Golden tests of the rendered comments: exact Markdown, with a pinned `now`. The expected
 * bodies live in `golden/*.md` (ignored by Prettier). After an intended change, regenerate
 * them with `UPDATE_GOLDEN=1 npm test -- issues/comments` and review the diff.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseMarker,
  renderAck,
  renderDispatched,
  renderFailed,
  renderParseError,
  renderUntrusted,
} from '../../../src/issues/comments.js';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import type { IssueLike, RunAtRequest } from '../../../src/issues/types.js';
import { OPTIONS, bodyIssue, makeIssue } from './helpers.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const NOW = new Date('2026-11-25T07:02:00Z');

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.md`);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `golden/${name}.md differs`);
  // Every comment starts with its marker and stays far below GitHub's limit.
  assert.ok(parseMarker(actual), `golden/${name}.md has no marker`);
  assert.ok(actual.length < 65_536);
}

function requestOf(issue: IssueLike): RunAtRequest {
  const result = parseRunAtIssue(issue, { ...OPTIONS, defaultWorkflow: 'agent.yml' });
  assert.deepEqual(
    result.errors.map((e) => e.format()),
    [],
  );
  return result.request!;
}

function errorsOf(issue: IssueLike) {
  const result = parseRunAtIssue(issue, { ...OPTIONS, defaultWorkflow: 'agent.yml' });
  assert.ok(result.errors.length > 0);
  return result.errors;
}

describe('acknowledgement comments', () => {
  test('one-shot in a zone, with every option', () => {
    const issue = bodyIssue([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'ref: release/v2',
      'timezone: Europe/Paris',
      'retries: 2',
      'retry-delay: 15m',
      'timeout: 1h30m',
      'inputs:',
      '  prompt: |',
      '    Check whether PR #123 is green and merge it.',
      '    Then comment on it.',
      '  model: large',
      '  dry: true',
      '---',
      'Free text.',
    ]);
    golden('ack-one-shot', renderAck(requestOf(issue), NOW, issue));
  });

  test('one-shot in UTC, no inputs, a custom label', () => {
    const issue = bodyIssue(['---', 'run-at: 2026-11-25T09:00:00Z', 'workflow: plain.yml', '---']);
    golden('ack-utc', renderAck(requestOf(issue), NOW, issue, { label: 'schedule-me' }));
  });

  test('due already on first sight', () => {
    const issue = bodyIssue(['---', 'run-at: 2026-11-25T06:57:00Z', 'workflow: plain.yml', '---']);
    golden('ack-due', renderAck(requestOf(issue), NOW, issue));
  });

  test('recurring: the next three runs', () => {
    const issue = bodyIssue([
      '---',
      'cron: "0 9 * * 1-5"',
      'timezone: America/New_York',
      'workflow: agent.yml',
      'inputs:',
      '  prompt: Triage new issues',
      '---',
    ]);
    golden('ack-recurring', renderAck(requestOf(issue), NOW, issue));
  });

  test('from an issue form', () => {
    const issue = bodyIssue(
      '### Run at\n\nin 90m\n\n### Workflow\n\n_No response_\n\n### Timezone\n\nAsia/Kolkata\n\n### Inputs\n\n```yaml\nprompt: Summarise `main` ```` today\n```\n',
    );
    golden('ack-form', renderAck(requestOf(issue), NOW, issue));
  });

  test('hostile input values are shown as code and cannot end the block or fake a marker', () => {
    const issue = bodyIssue([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'inputs:',
      '  prompt: |',
      '    ```',
      '    </details><img src=x onerror=alert(1)> @everyone #1',
      '    <!-- agent-scheduler:dispatched issue=12 -->',
      '    ````````',
      '---',
    ]);
    const body = renderAck(requestOf(issue), NOW, issue);
    golden('ack-hostile-inputs', body);
    assert.equal(body.match(/<!-- agent-scheduler:/g)?.length, 1);
    assert.match(body, /^`{9}yaml$/m);
  });

  test('the acknowledgement is identical for identical requests (no rewrite without a change)', () => {
    const a = bodyIssue('---\nrun-at: in 2h\nworkflow: plain.yml\n---\nOne text');
    const b = bodyIssue('---\nrun-at: in 2h   # a comment\nworkflow: plain.yml\n---\nAnother text');
    assert.equal(renderAck(requestOf(a), NOW, a), renderAck(requestOf(b), NOW, b));
  });
});

test('an acknowledgement with the largest inputs GitHub accepts stays under the comment limit', () => {
  const inputs = Array.from({ length: 24 }, (_, i) => `  p${i}: "${'x'.repeat(2_600)}"`);
  const issue = bodyIssue(['---', 'run-at: in 2h', 'workflow: 123', 'inputs:', ...inputs, '---']);
  const result = parseRunAtIssue(issue, {
    ...OPTIONS,
    workflows: {
      get: (ref) => ({
        ok: true,
        workflow: {
          ref,
          dispatchable: true,
          inputsKnown: false,
          inputs: Object.create(null),
          acceptsScheduledRun: false,
        },
      }),
    },
  });
  assert.deepEqual(result.errors, []);
  const body = renderAck(result.request!, NOW, issue);
  assert.ok(body.length < 25_000, `${body.length} characters`);
  assert.match(body, /… \(600 more characters\)/);
  assert.match(body, /To cancel, close the issue/);
});

describe('parse error comments', () => {
  test('several errors, each with its line, hint and the offending line', () => {
    const issue = bodyIssue([
      '---',
      'run-at: in 1 hour',
      'workflow: agent.yml',
      'cronn: "*/5 * * * *"',
      'inputs:',
      '  promt: Check `this` <b>now</b> @admin',
      '---',
    ]);
    golden('error-front-matter', renderParseError(errorsOf(issue), issue));
  });

  test('no front matter at all', () => {
    const issue = bodyIssue('Please run the agent in two hours.');
    golden('error-no-front-matter', renderParseError(errorsOf(issue), issue));
  });

  test('an issue form with a bad field', () => {
    const issue = bodyIssue(
      '### Run at\n\ntomorrow\n\n### Workflow\n\nagent.yml\n\n### Inputs\n\n_No response_\n',
    );
    golden('error-form', renderParseError(errorsOf(issue), issue));
  });

  test('a body over the limit', () => {
    const issue = bodyIssue(`---\nrun-at: in 2h\n---\n${'x'.repeat(70_000)}`);
    const body = renderParseError(errorsOf(issue), issue);
    golden('error-too-long', body);
  });

  test('the error comment changes with the errors, not with free text', () => {
    const a = bodyIssue('---\nrun-at: soon\n---\nText A');
    const b = bodyIssue('---\nrun-at: soon\n---\nText B');
    const c = bodyIssue('---\nrun-at: later\n---\nText A');
    const ea = renderParseError(errorsOf(a), a);
    assert.equal(ea, renderParseError(errorsOf(b), b));
    assert.notEqual(
      parseMarker(ea)!.fields.fingerprint,
      parseMarker(renderParseError(errorsOf(c), c))!.fields.fingerprint,
    );
  });

  test('a long offending line is cut', () => {
    const issue = bodyIssue(['---', `run-at: in 2h ${'y'.repeat(5_000)}`, '---']);
    const body = renderParseError(errorsOf(issue), issue);
    assert.ok(body.length < 5_000);
    assert.match(body, /… \(4,714 more characters\)/);
  });

  test('at most 20 errors are listed', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `bad${i}: x`);
    const issue = bodyIssue(['---', 'run-at: in 2h', ...keys, '---']);
    const body = renderParseError(errorsOf(issue), issue);
    assert.match(body, /^### ⚠️ Not scheduled: the request has 30 problems$/m);
    assert.equal(body.match(/^\*\*Line \d+:\*\*/gm)?.length, 20);
    assert.match(body, /^…and 10 more\.$/m);
  });
});

describe('other comments', () => {
  test('untrusted author', () => {
    const issue = makeIssue({
      user: { login: 'mallory' },
      author_association: 'FIRST_TIME_CONTRIBUTOR',
    });
    golden('untrusted', renderUntrusted(issue, ['github-actions[bot]', 'my-agent']));
  });

  test('untrusted, deleted account, no trusted authors', () => {
    golden(
      'untrusted-ghost',
      renderUntrusted(makeIssue({ user: null, author_association: 'NONE' }), []),
    );
  });

  test('dispatched with a run link', () => {
    golden(
      'dispatched',
      renderDispatched({
        issue: 12,
        workflow: 'agent.yml',
        scheduledFor: new Date('2026-11-25T09:00:00Z'),
        attempt: 1,
        dispatchedAt: new Date('2026-11-25T09:00:41Z'),
        runId: 123456789,
        runUrl: 'https://github.com/octo/repo/actions/runs/123456789',
        fingerprint: '0123456789abcdef',
        timezone: 'Europe/Paris',
      }),
    );
  });

  test('dispatched without a run link, a recurring retry', () => {
    golden(
      'dispatched-no-link',
      renderDispatched({
        issue: 12,
        workflow: 'agent.yml',
        scheduledFor: new Date('2026-11-25T14:00:00Z'),
        attempt: 2,
        dispatchedAt: new Date('2026-11-25T14:12:00Z'),
        occurrenceId: 'issue:12@2026-11-25T14:00:00.000Z#2',
        recurring: true,
        next: new Date('2026-11-26T14:00:00Z'),
        timezone: 'America/New_York',
      }),
    );
  });

  test('a run URL that is not a plain https URL is not linked', () => {
    const body = renderDispatched({
      issue: 12,
      workflow: 'agent.yml',
      scheduledFor: new Date('2026-11-25T09:00:00Z'),
      attempt: 1,
      dispatchedAt: new Date('2026-11-25T09:00:41Z'),
      runUrl: 'javascript:alert(1)//https://github.com/)',
    });
    assert.doesNotMatch(body, /javascript/);
    assert.match(body, /GitHub did not return the run's link/);
  });

  test('failed, with a retry coming', () => {
    golden(
      'failed-retry',
      renderFailed('the run concluded `failure`', {
        issue: 12,
        workflow: 'agent.yml',
        scheduledFor: new Date('2026-11-25T09:00:00Z'),
        attempt: 1,
        runUrl: 'https://github.com/octo/repo/actions/runs/123456789',
        retryAt: new Date('2026-11-25T09:25:00Z'),
      }),
    );
  });

  test('failed for good, with an API message that quotes user text', () => {
    golden(
      'failed',
      renderFailed(
        'dispatch failed: HTTP 422 Unexpected inputs provided: ["<!-- agent-scheduler:ack issue=12 -->", "<script>"] (cc @octo/team, see #99)',
        { issue: 12, workflow: 'agent.yml', attempt: 3, fingerprint: 'abc' },
      ),
    );
  });
});
