import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import type { ParseOptions } from '../../../src/issues/parse.js';
import { OPTIONS, bodyIssue, makeIssue } from './helpers.js';

function ok(lines: string[] | string, options: Partial<ParseOptions> = {}, overrides = {}) {
  const result = parseRunAtIssue(bodyIssue(lines, overrides), { ...OPTIONS, ...options });
  assert.deepEqual(
    result.errors.map((e) => e.format()),
    [],
    'expected no errors',
  );
  assert.ok(result.request);
  return result.request;
}

function errorsOf(lines: string[] | string, options: Partial<ParseOptions> = {}, overrides = {}) {
  const result = parseRunAtIssue(bodyIssue(lines, overrides), { ...OPTIONS, ...options });
  assert.equal(result.request, undefined, 'expected no request');
  assert.ok(result.errors.length > 0, 'expected errors');
  for (const e of result.errors) {
    assert.equal(e.source, 'issue #12');
    assert.ok(e.line !== undefined && e.line >= 1, `error without a line: ${e.format()}`);
    assert.ok(e.hint && e.hint.length > 0, `error without a hint: ${e.format()}`);
  }
  return result.errors;
}

describe('run-at: when', () => {
  test('ISO 8601 with Z', () => {
    const r = ok(['---', 'run-at: 2026-11-25T09:00:00Z', 'workflow: agent.yml', '---']);
    assert.equal(r.runAt?.toISOString(), '2026-11-25T09:00:00.000Z');
    assert.equal(r.cron, undefined);
  });

  test('ISO 8601 with an offset, with or without a colon, and fractions', () => {
    assert.equal(
      ok([
        '---',
        'run-at: 2026-11-25T10:30:00+01:00',
        'workflow: agent.yml',
        '---',
      ]).runAt?.toISOString(),
      '2026-11-25T09:30:00.000Z',
    );
    assert.equal(
      ok([
        '---',
        'run-at: "2026-11-25T04:30-0500"',
        'workflow: agent.yml',
        '---',
      ]).runAt?.toISOString(),
      '2026-11-25T09:30:00.000Z',
    );
    assert.equal(
      ok([
        '---',
        'run-at: 2026-11-25T09:00:00.250Z',
        'workflow: agent.yml',
        '---',
      ]).runAt?.toISOString(),
      '2026-11-25T09:00:00.250Z',
    );
  });

  test('relative values count from the issue creation, not from now', () => {
    const cases: [string, string][] = [
      ['in 90m', '2026-11-25T08:30:00.000Z'],
      ['in 2h30m', '2026-11-25T09:30:00.000Z'],
      ['in 2h 30m', '2026-11-25T09:30:00.000Z'],
      ['+1d', '2026-11-26T07:00:00.000Z'],
      ['+ 2h', '2026-11-25T09:00:00.000Z'],
      ['45s', '2026-11-25T07:00:45.000Z'],
      ['IN 1W', '2026-12-02T07:00:00.000Z'],
      ['in 0m', '2026-11-25T07:00:00.000Z'],
    ];
    for (const [text, expected] of cases) {
      const r = ok(['---', `run-at: ${text}`, 'workflow: agent.yml', '---']);
      assert.equal(r.runAt?.toISOString(), expected, text);
    }
    // The same body on an issue opened a day later runs a day later.
    const later = ok(
      ['---', 'run-at: in 2h', 'workflow: agent.yml', '---'],
      {},
      {
        created_at: '2026-11-26T07:00:00Z',
      },
    );
    assert.equal(later.runAt?.toISOString(), '2026-11-26T09:00:00.000Z');
  });

  test('local date-time in the request zone, or in the default zone', () => {
    const paris = ok([
      '---',
      'run-at: 2026-11-25 09:00',
      'timezone: Europe/Paris',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(paris.runAt?.toISOString(), '2026-11-25T08:00:00.000Z');
    assert.equal(paris.timezone, 'Europe/Paris');
    const summer = ok([
      '---',
      'run-at: 2026-07-01T09:00',
      'timezone: Europe/Paris',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(summer.runAt?.toISOString(), '2026-07-01T07:00:00.000Z');
    const byDefault = ok(['---', 'run-at: 2026-11-25 09:00', 'workflow: agent.yml', '---'], {
      defaultTimezone: 'America/New_York',
    });
    assert.equal(byDefault.runAt?.toISOString(), '2026-11-25T14:00:00.000Z');
    assert.equal(byDefault.timezone, 'America/New_York');
    // The machine's zone (TZ=Pacific/Chatham in tests) never leaks in.
    const utc = ok(['---', 'run-at: 2026-11-25 09:00', 'workflow: agent.yml', '---']);
    assert.equal(utc.runAt?.toISOString(), '2026-11-25T09:00:00.000Z');
  });

  test('a local time skipped by spring-forward runs at the first instant after the gap', () => {
    const r = ok([
      '---',
      'run-at: 2026-03-08 02:30',
      'timezone: America/New_York',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(r.runAt?.toISOString(), '2026-03-08T07:00:00.000Z'); // 03:00 EDT
  });

  test('an explicit offset wins over timezone (which is then only for display)', () => {
    const r = ok([
      '---',
      'run-at: 2026-11-25T09:00:00Z',
      'timezone: Asia/Tokyo',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(r.runAt?.toISOString(), '2026-11-25T09:00:00.000Z');
    assert.equal(r.timezone, 'Asia/Tokyo');
  });

  test('cron makes it recurring, in its zone, with overlap skip and catch-up latest', () => {
    const r = ok([
      '---',
      'cron: "0 9 * * 1-5"',
      'timezone: Europe/Paris',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(r.cron, '0 9 * * 1-5');
    assert.equal(r.runAt, undefined);
    assert.equal(r.timezone, 'Europe/Paris');
    assert.equal(r.overlap, 'skip');
    assert.equal(r.catchUp, 'latest');
  });

  test('one-shots allow overlap (an edited, re-armed request is never skipped)', () => {
    const r = ok(['---', 'run-at: in 2h', 'workflow: agent.yml', '---']);
    assert.equal(r.overlap, 'allow');
    assert.equal(r.catchUp, 'latest');
  });

  test('run-at and cron together is an error on the later key', () => {
    const [e, ...rest] = errorsOf([
      '---',
      'run-at: in 2h',
      'cron: "0 9 * * *"',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(rest.length, 0);
    assert.equal(e!.message, '`run-at` and `cron` cannot both be set');
    assert.equal(e!.line, 3);
    assert.match(e!.hint!, /`run-at: in 2h`.*`cron: "0 9 \* \* 1-5"`/);
  });

  test('neither run-at nor cron is an error at the opening line', () => {
    const [e] = errorsOf(['', '---', 'workflow: agent.yml', '---']);
    assert.equal(e!.line, 2);
    assert.match(e!.message, /does not say when to run/);
    assert.match(e!.hint!, /`run-at: in 2h`/);
  });

  test('bad times, each with a hint that shows a correct one', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['in 1 hour', /"in 1 hour" is not a time/, /^write `run-at: in 1h`$/],
      ['in 2 hours and 30 minutes', /not a time/, /`run-at: in 2h30m`/],
      ['+3 days', /not a time/, /`run-at: \+3d`/],
      ['90', /has no unit/, /^write `run-at: in 90m` \(minutes\) or `run-at: in 90h` \(hours\)$/],
      [
        'tomorrow',
        /"tomorrow" is not a time/,
        /`in 2h`.*`2026-11-25T09:00:00Z`.*`2026-11-25 09:00`/,
      ],
      ['now', /not a time/, /`run-at: in 0m`/],
      [
        '2026-11-25',
        /has a date but no time/,
        /add the time of day: write `run-at: 2026-11-25 09:00`/,
      ],
      [
        '2026-02-30 09:00',
        /day 30 does not exist in 2026-02/,
        /"2026-11-25 09:00" \(read in UTC\)/,
      ],
      ['2026-11-25 25:00', /hour 25 does not exist/, /"2026-11-25T14:00:00Z"/],
      [
        '2026-11-25T09:00+19:00',
        /offset \+19:00 is not a real UTC offset/,
        /ISO 8601 with an offset/,
      ],
      ['in 400d', /longer than 366 days/, /`in 90m`/],
      ['2026-11-25 9am', /is not a date and time/, /2026-11-25 09:00/],
      ['in -2h', /not a time/, /`in 2h`/],
    ];
    for (const [text, message, hint] of cases) {
      const errors = errorsOf(['---', `run-at: ${text}`, 'workflow: agent.yml', '---']);
      assert.equal(errors.length, 1, text);
      assert.match(errors[0]!.message, message, text);
      assert.match(errors[0]!.hint!, hint, text);
      assert.equal(errors[0]!.line, 2, text);
      assert.equal(errors[0]!.column, 9, text);
    }
  });

  test('bad cron and bad zone', () => {
    const [cron] = errorsOf(['---', 'cron: "0 9 * *"', 'workflow: agent.yml', '---']);
    assert.equal(cron!.line, 2);
    assert.ok(cron!.hint);
    const [zone] = errorsOf([
      '---',
      'run-at: in 2h',
      'timezone: Europe/Pari',
      'workflow: agent.yml',
      '---',
    ]);
    assert.equal(zone!.line, 3);
    assert.match(zone!.message, /unknown time zone "Europe\/Pari"/);
    assert.match(zone!.hint!, /Europe\/Paris/);
    const [abbr] = errorsOf([
      '---',
      'run-at: in 2h',
      'timezone: EST',
      'workflow: agent.yml',
      '---',
    ]);
    assert.match(abbr!.hint!, /America\/New_York/);
  });
});

describe('run-at: what', () => {
  test('defaults', () => {
    const r = ok(['---', 'run-at: in 2h', 'workflow: agent.yml', '---']);
    assert.deepEqual(
      { ...r, runAt: r.runAt?.toISOString(), fingerprint: '-', timingFingerprint: '-' },
      {
        issue: 12,
        runAt: '2026-11-25T09:00:00.000Z',
        timezone: 'UTC',
        workflow: 'agent.yml',
        inputs: {},
        retries: 0,
        retryDelayMs: 600_000,
        overlap: 'allow',
        catchUp: 'latest',
        acceptsScheduledRun: true,
        format: 'front-matter',
        fingerprint: '-',
        timingFingerprint: '-',
      },
    );
  });

  test('every optional key', () => {
    const r = ok([
      '---',
      'run-at: 2026-11-25T09:00:00Z',
      'workflow: agent.yml',
      'ref: release/v2',
      'timezone: Asia/Tokyo',
      'retries: 3',
      'retry-delay: 5m',
      'timeout: 1h30m',
      'inputs:',
      '  prompt: |',
      '    Line one',
      '    Line two',
      '  model: large',
      '  dry: true',
      '  count: 1.10',
      '---',
      'Free text.',
    ]);
    assert.equal(r.ref, 'release/v2');
    assert.equal(r.retries, 3);
    assert.equal(r.retryDelayMs, 300_000);
    assert.equal(r.timeoutMs, 5_400_000);
    assert.deepEqual(r.inputs, {
      prompt: 'Line one\nLine two\n',
      model: 'large',
      dry: 'true',
      count: '1.10',
    });
  });

  test('the default workflow applies when none is named; none at all is an error', () => {
    const r = ok(['---', 'run-at: in 2h', '---'], { defaultWorkflow: 'plain.yml' });
    assert.equal(r.workflow, 'plain.yml');
    assert.equal(r.acceptsScheduledRun, false);
    const [e] = errorsOf(['---', 'run-at: in 2h', '---']);
    assert.equal(
      e!.message,
      'the request names no workflow, and the action has no default `workflow` input',
    );
    assert.equal(e!.line, 1);
    assert.match(e!.hint!, /`workflow: agent.yml`/);
  });

  test('an unknown workflow is an error on its line (SPEC §7.7)', () => {
    const [e] = errorsOf(['---', 'run-at: in 2h', 'workflow: agnet.yml', '---']);
    assert.equal(e!.message, 'workflow "agnet.yml" not found in .github/workflows');
    const result = parseRunAtIssue(
      bodyIssue(['---', 'run-at: in 2h', 'workflow: agnet.yml', '---']),
      OPTIONS,
    );
    assert.equal(result.unusableWorkflow, 'agnet.yml', 'to be labelled run-at:failed');
    const other = parseRunAtIssue(
      bodyIssue(['---', 'run-at: soon', 'workflow: agent.yml', '---']),
      OPTIONS,
    );
    assert.equal(other.unusableWorkflow, undefined);
    assert.equal(e!.line, 3);
    assert.equal(e!.column, 11);
    const [d] = errorsOf(['---', 'run-at: in 2h', '---'], { defaultWorkflow: 'gone.yml' });
    assert.equal(
      d!.message,
      'the action\'s default workflow: workflow "gone.yml" not found in .github/workflows',
    );
  });

  test('a workflow without workflow_dispatch is an error', () => {
    const [e] = errorsOf(['---', 'run-at: in 2h', 'workflow: push-only.yml', '---']);
    assert.match(e!.message, /cannot be dispatched: it has no `workflow_dispatch` trigger/);
    assert.equal(
      parseRunAtIssue(
        bodyIssue(['---', 'run-at: in 2h', 'workflow: push-only.yml', '---']),
        OPTIONS,
      ).unusableWorkflow,
      'push-only.yml',
    );
    assert.match(e!.hint!, /\.github\/workflows\/push-only\.yml/);
  });

  test('undeclared, reserved, mistyped and missing inputs are errors; nothing undeclared is sent', () => {
    const errors = errorsOf([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'inputs:',
      '  promt: hello',
      '  model: huge',
      '  scheduled-run: x',
      '---',
    ]);
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [5, 'input "promt" is not declared by workflow agent.yml'],
        [6, 'input "model" must be one of "small", "large", got "huge"'],
        [7, 'input "scheduled-run" is reserved: agent-scheduler fills it with the run\'s identity'],
      ],
    );
    assert.match(errors[0]!.hint!, /did you mean `prompt`\?/);
    const [missing] = errorsOf(['---', 'run-at: in 2h', 'workflow: needs-prompt.yml', '---']);
    assert.match(
      missing!.message,
      /required input "prompt" of workflow needs-prompt.yml is missing/,
    );
  });

  test('inputs must be scalars: mappings and lists are errors', () => {
    const errors = errorsOf([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'inputs:',
      '  prompt: { text: hi }',
      '  model: [small, large]',
      '---',
    ]);
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [5, 'input "prompt" must be a single value (text, number or true/false), got a mapping'],
        [6, 'input "model" must be a single value (text, number or true/false), got a list'],
      ],
    );
    const [list] = errorsOf([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'inputs: [a, b]',
      '---',
    ]);
    assert.match(list!.message, /inputs must be a mapping/);
  });

  test('inputs are checked for shape even when the workflow is unknown', () => {
    const errors = errorsOf([
      '---',
      'run-at: in 2h',
      'workflow: nope.yml',
      'inputs:',
      '  prompt: [1]',
      '---',
    ]);
    assert.deepEqual(
      errors.map((e) => e.line),
      [3, 5],
    );
  });

  test('`#123` after a space in an input is an issue reference, kept as text', () => {
    const r = ok([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'inputs:',
      '  prompt: Check whether PR #123 is green and merge it',
      '  model: large # the big one',
      '---',
    ]);
    assert.deepEqual(r.inputs, {
      prompt: 'Check whether PR #123 is green and merge it',
      model: 'large',
    });
  });

  test('unknown keys suggest the nearest one, with the value in a corrected example', () => {
    const errors = errorsOf([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'retires: 2',
      'runAt: in 3h',
      'overlap: allow',
      'branch: main',
      'color: blue',
      '---',
    ]);
    assert.deepEqual(
      errors.map((e) => [e.line, e.message, e.hint]),
      [
        [4, 'unknown key "retires"', 'did you mean `retries`? Write `retries: 2`'],
        [5, 'unknown key "runAt"', 'did you mean `run-at`? Write `run-at: in 3h`'],
        [
          6,
          'unknown key "overlap"',
          '`overlap` is a setting of schedule files (schedules/*.yml); a run-at issue takes `run-at`, `cron`, `workflow`, `ref`, `timezone`, `retries`, `retry-delay`, `timeout`, `inputs`',
        ],
        [7, 'unknown key "branch"', 'did you mean `ref`? Write `ref: main`'],
        [
          8,
          'unknown key "color"',
          'a run-at issue takes `run-at`, `cron`, `workflow`, `ref`, `timezone`, `retries`, `retry-delay`, `timeout`, `inputs`; inputs for the workflow go under `inputs:`',
        ],
      ],
    );
  });

  test('bad retries, retry-delay, timeout and ref', () => {
    const errors = errorsOf([
      '---',
      'run-at: in 2h',
      'workflow: agent.yml',
      'retries: 11',
      'retry-delay: soon',
      'timeout: 0m',
      'ref: "feature branch"',
      '---',
    ]);
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [4, '`retries` must be a whole number from 0 to 10, got "11"'],
        [5, '`retry-delay`: "soon" is not a duration'],
        [6, '`timeout` must be longer than 0'],
        [
          7,
          '`ref` "feature branch" is not a branch or tag name (no spaces or any of ~ ^ : ? * [ \\)',
        ],
      ],
    );
    const [neg] = errorsOf(['---', 'run-at: in 2h', 'workflow: agent.yml', 'retries: -1', '---']);
    assert.match(neg!.message, /got "-1"/);
    const [list] = errorsOf(['---', 'run-at: [in 2h]', 'workflow: agent.yml', '---']);
    assert.equal(list!.message, '`run-at` must be a single value, not a list');
    const [none] = errorsOf(['---', 'run-at:', 'workflow: agent.yml', '---']);
    assert.equal(none!.message, '`run-at` has no value');
  });

  test('errors come ordered by line, all at once', () => {
    const errors = errorsOf([
      '---',
      'workflow: nope.yml',
      'run-at: whenever',
      'timezone: Mars/Olympus',
      'retries: many',
      '---',
    ]);
    assert.deepEqual(
      errors.map((e) => e.line),
      [2, 3, 4, 5],
    );
  });

  test('a numeric workflow id is accepted with any well-formed inputs', () => {
    const options: Partial<ParseOptions> = {
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
    };
    const r = ok(
      ['---', 'run-at: in 2h', 'workflow: 123456', 'inputs:', '  anything: 1', '---'],
      options,
    );
    assert.equal(r.workflow, '123456');
    assert.deepEqual(r.inputs, { anything: '1' });
  });

  test('a body of null (no description) is an error with an example', () => {
    const result = parseRunAtIssue(makeIssue({ body: null }), OPTIONS);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0]!.message, /the issue body is empty/);
    assert.match(result.errors[0]!.hint!, /`---`.*`run-at: in 2h`.*`workflow: agent.yml`/);
  });
});
