import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import {
  checkScheduleFileName,
  parseOffsetDateTime,
  parseScheduleText,
} from '../../../src/schedules/parse.js';
import type { Schedule } from '../../../src/schedules/types.js';
import { CronError, CronSpec } from '../../../src/time/cron.js';
import { WorkflowLoader } from '../../../src/workflows/loader.js';
import { AGENT_WORKFLOW, MINIMAL, makeWorkspace } from './helpers.js';

const WS = makeWorkspace({
  workflows: {
    'agent.yml': AGENT_WORKFLOW,
    'ci.yml': 'on: [push, pull_request]\njobs: {}\n',
    'plain.yml': 'on: workflow_dispatch\njobs: {}\n',
  },
});
const loader = new WorkflowLoader(WS);

function parse(text: string, file = 'schedules/s.yml', defaultTimezone = 'UTC') {
  return parseScheduleText(text, file, { workflows: loader, defaultTimezone });
}

function ok(text: string, file?: string): Schedule {
  const result = parse(text, file);
  assert.deepEqual(
    result.errors.map((e) => e.format()),
    [],
  );
  assert.ok(result.schedule);
  return result.schedule;
}

/** The errors of a file as [line, column, message, hint]. */
function errs(text: string, file?: string, defaultTimezone?: string) {
  const result = parse(text, file, defaultTimezone);
  assert.equal(result.schedule, undefined, 'an invalid file yields no schedule');
  for (const e of result.errors) assert.ok(e instanceof ConfigError);
  return result.errors.map((e) => [e.line, e.column, e.message, e.hint]);
}

/** The single error of a file. */
function err(text: string, file?: string) {
  const list = errs(text, file);
  assert.equal(list.length, 1, JSON.stringify(list));
  return list[0]!;
}

const BASE = "cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hi\n";

describe('parseScheduleText: valid files', () => {
  test('a minimal file gets every default', () => {
    assert.deepEqual(ok(MINIMAL, 'schedules/minimal.yml'), {
      name: 'minimal',
      file: 'schedules/minimal.yml',
      cron: '0 2 * * *',
      timezone: 'UTC',
      workflow: 'agent.yml',
      inputs: { prompt: 'hello' },
      enabled: true,
      overlap: 'skip',
      catchUp: 'latest',
      catchUpWindowMs: 3_600_000,
      retries: 0,
      retryDelayMs: 600_000,
      priority: 'medium',
      jitterMs: 0,
      acceptsScheduledRun: true,
      fingerprint: ok(MINIMAL).fingerprint,
    });
  });

  test('every key of SPEC §1', () => {
    const text = [
      '# yaml-language-server: $schema=../schema/schedule.schema.json',
      'cron: "0  2 * *   1-5"',
      'timezone: America/New_York',
      'workflow: agent.yml',
      'ref: release/v2',
      'inputs:',
      '  prompt: Review the pull requests merged yesterday',
      '  dry-run: true',
      'enabled: false',
      'overlap: cancel-previous',
      'catch-up: all',
      'catch-up-window: 2h30m',
      'retries: 3',
      'retry-delay: 90s',
      'timeout: 2h',
      'priority: urgent',
      'jitter: 5m',
      'start-at: 2026-12-01T00:00:00Z',
      'end-at: "2027-01-01T09:00:00+01:00"',
      'description: free text',
    ].join('\n');
    const s = ok(text, 'schedules/nightly-review.yml');
    assert.deepEqual(s, {
      name: 'nightly-review',
      file: 'schedules/nightly-review.yml',
      cron: '0 2 * * 1-5',
      timezone: 'America/New_York',
      workflow: 'agent.yml',
      ref: 'release/v2',
      inputs: { prompt: 'Review the pull requests merged yesterday', 'dry-run': 'true' },
      enabled: false,
      overlap: 'cancel-previous',
      catchUp: 'all',
      catchUpWindowMs: 9_000_000,
      retries: 3,
      retryDelayMs: 90_000,
      timeoutMs: 7_200_000,
      priority: 'urgent',
      jitterMs: 300_000,
      startAt: new Date('2026-12-01T00:00:00Z'),
      endAt: new Date('2027-01-01T08:00:00Z'),
      description: 'free text',
      acceptsScheduledRun: true,
      fingerprint: s.fingerprint,
    });
    assert.match(s.fingerprint, /^[0-9a-f]{16}$/);
  });

  test('the default time zone comes from the options', () => {
    const s = parseScheduleText(BASE, 'schedules/a.yml', {
      workflows: loader,
      defaultTimezone: 'Europe/Paris',
    });
    assert.equal(s.schedule?.timezone, 'Europe/Paris');
  });

  test('a workflow without scheduled-run: acceptsScheduledRun is false', () => {
    assert.equal(ok("cron: '0 2 * * *'\nworkflow: plain.yml\n").acceptsScheduledRun, false);
  });

  test('a numeric workflow id: inputs unchecked, noted, numbers kept as written', () => {
    const result = parse("cron: '0 2 * * *'\nworkflow: 12345\ninputs:\n  anything: 1.10\n");
    assert.deepEqual(result.errors, []);
    assert.equal(result.schedule?.workflow, '12345');
    assert.deepEqual(result.schedule?.inputs, { anything: '1.10' });
    assert.equal(result.schedule?.acceptsScheduledRun, false);
    assert.match(result.notes[0]!, /^schedules\/s\.yml: workflow 12345 is a numeric id/);
  });

  test('jitter: 0 (a YAML number) is a duration', () => {
    assert.equal(ok(`${BASE}jitter: 0\n`).jitterMs, 0);
  });

  test('without a workflow loader, workflow and inputs are checked for shape only', () => {
    const result = parseScheduleText(
      "cron: '0 2 * * *'\nworkflow: other.yml\ninputs:\n  x: 1\n",
      'schedules/a.yml',
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.schedule?.inputs, { x: '1' });
  });

  test('a BOM is ignored', () => {
    assert.equal(ok(`\uFEFF${BASE}`).cron, '0 2 * * *');
  });
});

describe('parseScheduleText: errors name line, column and a hint', () => {
  test('an unknown key suggests the nearest known one', () => {
    assert.deepEqual(err(`${BASE}cronn: x\n`), [
      5,
      1,
      'unknown key "cronn"',
      'did you mean `cron`?',
    ]);
    assert.deepEqual(err(`${BASE}catchUp: all\n`), [
      5,
      1,
      'unknown key "catchUp"',
      'did you mean `catch-up`?',
    ]);
  });

  test('an unknown key with no near match lists the valid keys', () => {
    const [, , , hint] = err(`${BASE}frobnicate: 1\n`);
    assert.match(
      String(hint),
      /^valid keys: cron, timezone, workflow, ref, inputs, enabled, overlap, catch-up,/,
    );
  });

  test('a bad cron carries the cron engine’s message and hint', () => {
    let expected: CronError | undefined;
    try {
      CronSpec.parse('61 2 * * *', 'UTC');
    } catch (e) {
      expected = e as CronError;
    }
    assert.ok(expected instanceof CronError);
    const [line, column, message, hint] = err(
      "cron: '61 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hi\n",
    );
    assert.deepEqual([line, column], [1, 7]);
    assert.match(String(message), /61/);
    assert.ok(
      String(message).includes(expected.message) || expected.message.includes(String(message)),
    );
    assert.equal(hint, expected.hint);
  });

  test('six fields (seconds) are rejected', () => {
    const [line, column, message] = err(
      "cron: '0 0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hi\n",
    );
    assert.deepEqual([line, column], [1, 7]);
    assert.match(String(message), /6 fields/);
  });

  test('an unknown zone, at the zone; a bad cron and a bad zone are both reported', () => {
    const [line, column, message] = err(
      "cron: '0 2 * * *'\ntimezone: Mars/Base\nworkflow: agent.yml\ninputs:\n  prompt: hi\n",
    );
    assert.deepEqual([line, column], [2, 11]);
    assert.match(String(message), /Mars\/Base/);
    const both = errs(
      "cron: '99 * * * *'\ntimezone: Mars/Base\nworkflow: agent.yml\ninputs:\n  prompt: hi\n",
    );
    assert.deepEqual(
      both.map(([l, c]) => [l, c]),
      [
        [1, 7],
        [2, 11],
      ],
    );
  });

  test('an invalid default zone is reported on the file', () => {
    const list = errs(BASE, 'schedules/s.yml', 'Nowhere/Land');
    assert.equal(list.length, 1);
    assert.match(
      String(list[0]![2]),
      /^the default time zone "Nowhere\/Land" \(the action's `timezone` input\) is not valid/,
    );
  });

  test('missing cron or workflow points at line 1', () => {
    assert.deepEqual(errs('timezone: UTC\n'), [
      [1, 1, 'missing required key "cron"', 'add a line like `cron: "0 2 * * 1-5"`'],
      [1, 1, 'missing required key "workflow"', 'add a line like `workflow: agent.yml`'],
    ]);
  });

  test('an empty file, a list, a scalar', () => {
    assert.deepEqual(err('# nothing here\n'), [
      1,
      1,
      'schedule file is empty',
      'a schedule needs at least `cron:` and `workflow:`',
    ]);
    assert.deepEqual(
      err('- a\n- b\n')[2],
      'a schedule file must be a mapping of keys (`cron: …`, `workflow: …`), not a list',
    );
    assert.match(String(err('just text\n')[2]), /not text "just text"/);
  });

  test('enums list the valid values and suggest the nearest', () => {
    assert.deepEqual(err(`${BASE}priority: hihg\n`), [
      5,
      11,
      'priority must be one of urgent, high, medium, low; got "hihg"',
      'did you mean `high`?',
    ]);
    assert.deepEqual(err(`${BASE}overlap: sometimes\n`), [
      5,
      10,
      'overlap must be one of skip, allow, cancel-previous; got "sometimes"',
      'write one of: skip, allow, cancel-previous',
    ]);
    assert.deepEqual(err(`${BASE}catch-up: al\n`), [
      5,
      11,
      'catch-up must be one of none, latest, all; got "al"',
      'did you mean `all`?',
    ]);
  });

  test('retries: an integer from 0 to 10', () => {
    assert.deepEqual(err(`${BASE}retries: 11\n`), [
      5,
      10,
      'retries must be from 0 to 10; got number 11',
      undefined,
    ]);
    assert.deepEqual(err(`${BASE}retries: -1\n`)[2], 'retries must be from 0 to 10; got number -1');
    assert.deepEqual(
      err(`${BASE}retries: 1.5\n`)[2],
      'retries must be a whole number; got number 1.5',
    );
    assert.deepEqual(err(`${BASE}retries: '3'\n`), [
      5,
      10,
      'retries must be a whole number; got text "3"',
      'remove the quotes: `retries: 3`',
    ]);
  });

  test('enabled: yes is text in YAML 1.2', () => {
    assert.deepEqual(err(`${BASE}enabled: yes\n`), [
      5,
      10,
      'enabled must be true or false; got text "yes"',
      'YAML 1.2 reads yes/no/on/off as text; write true or false',
    ]);
  });

  test('text keys given numbers suggest quoting, as written', () => {
    assert.deepEqual(err(`${BASE}ref: 1.10\n`), [
      5,
      6,
      'ref must be text; got number 1.1',
      'quote it: `ref: "1.10"`',
    ]);
    assert.deepEqual(
      err('cron: 5\nworkflow: agent.yml\ninputs:\n  prompt: hi\n')[2],
      'cron must be text; got number 5',
    );
  });

  test('durations use parseDuration’s message and hint', () => {
    assert.deepEqual(err(`${BASE}retry-delay: 10 minutes\n`), [
      5,
      14,
      'retry-delay: "10 minutes" is not a duration',
      'write a duration like 90s, 10m, 2h, 1d or 1h30m',
    ]);
    assert.deepEqual(err(`${BASE}jitter: 5\n`)[2], 'jitter: expected a duration, got number 5');
    assert.deepEqual(err(`${BASE}timeout: -5m\n`)[2], 'timeout: duration "-5m" is negative');
  });

  test('duration limits: catch-up-window ≤ 7d, jitter < 1d, timeout > 0', () => {
    assert.deepEqual(
      err(`${BASE}catch-up-window: 8d\n`)[2],
      'catch-up-window must be at most 7d; got "8d"',
    );
    assert.deepEqual(ok(`${BASE}catch-up-window: 7d\n`).catchUpWindowMs, 7 * 86_400_000);
    assert.deepEqual(err(`${BASE}jitter: 1d\n`), [
      5,
      9,
      'jitter must be less than 1d; got "1d"',
      'use a few minutes, like 5m',
    ]);
    assert.deepEqual(ok(`${BASE}jitter: 23h59m\n`).jitterMs, 86_340_000);
    assert.deepEqual(err(`${BASE}timeout: 0m\n`), [
      5,
      10,
      'timeout must be longer than 0',
      'remove `timeout:` for no timeout',
    ]);
  });

  test('start-at / end-at: ISO 8601 with an offset, end after start', () => {
    const hint =
      'write it like 2026-12-01T00:00:00Z (UTC) or 2026-12-01T09:00:00+01:00 (ISO 8601 / RFC 3339)';
    assert.deepEqual(err(`${BASE}start-at: 2026-12-01\n`), [
      5,
      11,
      'start-at: "2026-12-01" has a date but no time of day',
      hint,
    ]);
    assert.deepEqual(err(`${BASE}start-at: 2026-12-01T09:00:00\n`), [
      5,
      11,
      'start-at "2026-12-01T09:00:00" must be a date and time with seconds and an offset',
      hint,
    ]);
    assert.deepEqual(
      err(`${BASE}end-at: 2026-02-30T00:00:00Z\n`)[2],
      'end-at: "2026-02-30T00:00:00Z": day 30 does not exist in 2026-02',
    );
    assert.deepEqual(
      err(`${BASE}start-at: 2027-01-01T00:00:00Z\nend-at: 2026-01-01T00:00:00+01:00\n`),
      [
        6,
        9,
        'end-at (2025-12-31T23:00:00.000Z) must be after start-at (2027-01-01T00:00:00.000Z)',
        'swap them, or remove end-at for no end',
      ],
    );
  });

  test('the workflow must exist: nearest match and the available files', () => {
    assert.deepEqual(err("cron: '0 2 * * *'\nworkflow: agnet.yml\n"), [
      2,
      11,
      'workflow "agnet.yml" not found in .github/workflows',
      'did you mean `agent.yml`? available: agent.yml, ci.yml, plain.yml',
    ]);
  });

  test('the workflow must have a workflow_dispatch trigger', () => {
    assert.deepEqual(err("cron: '0 2 * * *'\nworkflow: ci.yml\n"), [
      2,
      11,
      'workflow ci.yml has no workflow_dispatch trigger, so it cannot be dispatched',
      'add `workflow_dispatch:` under `on:` in .github/workflows/ci.yml',
    ]);
  });

  test('a path as workflow', () => {
    assert.deepEqual(
      err("cron: '0 2 * * *'\nworkflow: .github/workflows/agent.yml\n")[3],
      'write `workflow: agent.yml`',
    );
  });

  test('inputs: undeclared (at its key), required missing (at `inputs:`), reserved, wrong type', () => {
    assert.deepEqual(
      err("cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hi\n  promt: x\n"),
      [
        5,
        3,
        'input "promt" is not declared by workflow agent.yml',
        'did you mean `prompt`? declared inputs: prompt, dry-run',
      ],
    );
    assert.deepEqual(err("cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  dry-run: true\n"), [
      3,
      1,
      'required input "prompt" of workflow agent.yml is missing',
      'add it under `inputs:` (What the agent should do)',
    ]);
    // No `inputs:` at all: the error points at `workflow:`.
    assert.deepEqual(err("cron: '0 2 * * *'\nworkflow: agent.yml\n").slice(0, 2), [2, 1]);
    assert.deepEqual(err(`${BASE}  scheduled-run: x\n`).slice(0, 3), [
      5,
      3,
      'input "scheduled-run" is reserved: agent-scheduler fills it with the run\'s identity',
    ]);
    assert.deepEqual(err(`${BASE}  dry-run: maybe\n`).slice(0, 3), [
      5,
      12,
      'input "dry-run" must be true or false, got "maybe"',
    ]);
    assert.deepEqual(
      err(`${BASE}  dry-run: [1]\n`)[2],
      'input "dry-run" must be a single value (text, number or true/false), got a list',
    );
    assert.deepEqual(err("cron: '0 2 * * *'\nworkflow: agent.yml\ninputs: hello\n"), [
      3,
      9,
      'inputs must be a mapping (`key: value` lines); got text "hello"',
      undefined,
    ]);
  });

  test('every error of a file is collected, in line order', () => {
    const text = [
      'cron: 5',
      'workflow: agnet.yml',
      'enabled: yes',
      'overlap: sometimes',
      'catch-up-window: 8d',
      'retries: 11',
      'retry-delay: 10 minutes',
      'priority: hihg',
      'jitter: 1d',
      'start-at: 2026-12-01',
      'ref: 1.0',
      'description: [a]',
      'colour: blue',
    ].join('\n');
    const list = errs(text);
    assert.deepEqual(
      list.map(([line]) => line),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
  });

  test('duplicate keys are errors (the first one is kept for the other checks)', () => {
    assert.deepEqual(err(`${BASE}cron: '0 3 * * *'\n`), [
      5,
      1,
      'duplicate key "cron" (first defined on line 1)',
      'keep one of them',
    ]);
  });

  test('YAML syntax errors carry yaml’s position', () => {
    const [line, column, message] = err(
      "cron: '0 2 * * *'\nworkflow: [agent.yml\ninputs:\n  prompt: hi\n",
    );
    assert.equal(line, 3);
    assert.ok(column);
    assert.match(String(message), /^YAML syntax: /);
  });

  test('two documents in one file', () => {
    assert.deepEqual(err(`${BASE}---\n${BASE}`).slice(0, 3), [
      5,
      1,
      'schedule file holds more than one YAML document',
    ]);
  });
});

describe('schedule file names', () => {
  test('valid names', () => {
    for (const f of ['a.yml', 'nightly-review.yml', 'v1.2_x.yaml', '0.yml']) {
      assert.equal(checkScheduleFileName(`schedules/${f}`), undefined, f);
    }
  });

  test('spaces and uppercase → error with the suggested name, no line', () => {
    const e = checkScheduleFileName('schedules/Nightly Review.yml');
    assert.equal(e?.message, 'file name "Nightly Review.yml" is not a valid schedule name');
    assert.equal(
      e?.hint,
      'rename it to nightly-review.yml (names use a-z, 0-9, ".", "_" and "-", and start with a letter or digit)',
    );
    assert.equal(e?.line, undefined);
    assert.match(checkScheduleFileName('schedules/_draft.yml')!.hint!, /^rename it to draft\.yml/);
    assert.match(checkScheduleFileName('schedules/a.YML')!.message, /must end in \.yml or \.yaml/);
    assert.match(
      checkScheduleFileName(`schedules/${'a'.repeat(101)}.yml`)!.message,
      /longer than 100/,
    );
  });

  test('a bad name is reported along with the content’s errors', () => {
    const result = parseScheduleText(`${BASE}cronn: 1\n`, 'schedules/Bad Name.yml', {
      workflows: loader,
    });
    assert.deepEqual(
      result.errors.map((e) => e.message),
      ['file name "Bad Name.yml" is not a valid schedule name', 'unknown key "cronn"'],
    );
  });
});

describe('parseOffsetDateTime', () => {
  test('RFC 3339 with Z or an offset', () => {
    assert.equal(
      parseOffsetDateTime('2026-12-01T00:00:00Z')?.toISOString(),
      '2026-12-01T00:00:00.000Z',
    );
    assert.equal(
      parseOffsetDateTime('2026-12-01t09:30:00.25+01:30')?.toISOString(),
      '2026-12-01T08:00:00.250Z',
    );
    assert.equal(
      parseOffsetDateTime('2026-12-01 00:00:00-0500')?.toISOString(),
      '2026-12-01T05:00:00.000Z',
    );
    assert.equal(
      parseOffsetDateTime('2024-02-29T00:00:00Z')?.toISOString(),
      '2024-02-29T00:00:00.000Z',
    );
  });

  test('rejects what is not a real instant', () => {
    for (const s of [
      '2026-12-01',
      '2026-12-01T00:00:00',
      '2026-12-01T00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T23:59:60Z',
      'yesterday',
    ]) {
      assert.equal(parseOffsetDateTime(s), undefined, s);
    }
  });
});
