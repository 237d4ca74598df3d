/**
 * The local verbs — validate, list, next, add, update, remove — run as `node dist/cli.js …` in a
 * temporary repository, with AGENT_SCHEDULER_NOW pinned. Exit codes, stdout, stderr and the
 * files written are asserted.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { planTick } from '../../src/plan/index.js';
import { loadSchedules } from '../../src/schedules/index.js';
import { emptyState } from '../../src/state/document.js';
import { makeWorkspace, REPO_ROOT, removeWorkspace, writeSchedule } from '../e2e/harness.js';
import { cli, NOW, read, schedule, scheduleFiles } from './helpers.js';

const workspaces: string[] = [];
after(() => workspaces.forEach(removeWorkspace));
function workspace(spec: Parameters<typeof makeWorkspace>[0] = {}): string {
  const dir = makeWorkspace(spec);
  workspaces.push(dir);
  return dir;
}

const PROBLEM_LINE = /^schedules\/[a-z0-9._-]+\.ya?ml:\d+:\d+: .+ — .+$/;

describe('validate', () => {
  test('the example schedules are valid: exit 0 and one OK line with counts', async () => {
    const ws = workspace({ examples: true });
    const r = await cli(['validate'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'OK: 4 schedules valid in schedules/ (3 enabled, 1 disabled)\n');
    assert.equal(r.stderr, '');
  });

  test('problems: exit 1, one file:line:col: message — hint line each on stderr', async () => {
    const ws = workspace({
      schedules: {
        'ok.yml': schedule('0 7 * * *'),
        'broken.yml':
          'cron: "0 7 * * *"\nworkflow: agent.yml\ncolour: blue\ninputs:\n  prompt: x\n',
        'bad-cron.yml': 'cron: "61 * * * *"\nworkflow: agent.yml\ninputs:\n  promt: x\n',
      },
    });
    const r = await cli(['validate'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    const problems = lines.slice(0, -1);
    assert.equal(problems.length, 4, r.stderr);
    for (const line of problems) assert.match(line, PROBLEM_LINE);
    assert.ok(
      problems.includes(
        'schedules/broken.yml:3:1: unknown key "colour" — valid keys: cron, timezone, workflow, ref, inputs, enabled, overlap, catch-up, catch-up-window, retries, retry-delay, timeout, priority, jitter, start-at, end-at, description',
      ),
      r.stderr,
    );
    assert.ok(problems.some((l) => l.startsWith('schedules/bad-cron.yml:1:7: cron "61 * * * *"')));
    assert.ok(
      problems.some((l) => /bad-cron\.yml:4:3: input "promt" .*did you mean `prompt`\?/.test(l)),
    );
    assert.equal(lines.at(-1), '4 problems in 2 of 3 schedule files');
  });

  test('[dir] is the repository root; the default zone is UTC', async () => {
    const ws = workspace({ schedules: { 'a.yml': schedule('0 9 * * *') } });
    const elsewhere = workspace();
    const r = await cli(['validate', ws], { cwd: elsewhere });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'OK: 1 schedule valid in schedules/ (1 enabled, 0 disabled)\n');
    const missing = await cli(['validate', join(ws, 'nope')], { cwd: ws });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: .*nope: no such directory\n$/);
  });

  test('no schedules directory is not an error', async () => {
    const ws = workspace();
    const r = await cli(['validate'], { cwd: ws });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'OK: no schedules in schedules/\n');
  });
});

describe('list', () => {
  test('an aligned table: cron and plain English, zone, enabled, next 3 runs local + relative', async () => {
    const ws = workspace({ examples: true });
    const r = await cli(['list'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^NAME +SCHEDULE +ZONE +ENABLED +NEXT RUNS$/);
    const nightly = lines.findIndex((l) => l.startsWith('nightly-review '));
    assert.ok(nightly > 0, r.stdout);
    const col = (l: string, text: string) => l.indexOf(text);
    const next = col(lines[0]!, 'NEXT RUNS');
    assert.equal(col(lines[nightly]!, 'Wed 2026-11-25 02:00 EST'), next, 'columns are aligned');
    assert.match(
      lines[nightly]!,
      /^nightly-review +0 2 \* \* 1-5 +America\/New_York +yes +Wed 2026-11-25 02:00 EST +in 8h 12m$/,
    );
    assert.match(
      lines[nightly + 1]!,
      /^ +At 02:00, Monday through Friday +Thu 2026-11-26 02:00 EST +in 1d 8h$/,
    );
    assert.match(lines[nightly + 2]!, /^ +Fri 2026-11-27 02:00 EST +in 2d 8h$/);
    assert.equal(col(lines[nightly + 2]!, 'Fri'), next);
    assert.ok(
      !r.stdout.includes('dependency-audit '),
      'disabled schedules are hidden without --all',
    );
    assert.match(r.stdout, /1 disabled schedule not shown \(--all shows them\)/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colour in a pipe');
  });

  test('--all includes disabled schedules, shown as paused', async () => {
    const ws = workspace({ examples: true });
    const r = await cli(['list', '--all'], { cwd: ws });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^dependency-audit +30 6 1 \* \* +Europe\/Berlin +no +paused$/m);
    assert.match(r.stdout, /^ +At 06:30, on day 1 of the month$/m);
  });

  test('--json: one document whose next runs are exactly the planner’s (jitter included)', async () => {
    const ws = workspace({ examples: true });
    const r = await cli(['list', '--json', '--all'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      now: string;
      schedules: {
        name: string;
        enabled: boolean;
        timezone: string;
        cron_description: string;
        next_runs: { at: string; local: string; relative: string }[];
      }[];
      errors: unknown[];
    };
    assert.equal(doc.now, '2026-11-24T22:48:00Z');
    assert.deepEqual(
      doc.schedules.map((s) => s.name),
      ['dependency-audit', 'hourly-triage', 'nightly-review', 'weekly-report'],
    );
    assert.deepEqual(doc.errors, []);
    const nightly = doc.schedules.find((s) => s.name === 'nightly-review')!;
    assert.deepEqual(nightly.next_runs[0], {
      at: '2026-11-25T07:00:00Z',
      local: '2026-11-25T02:00:00-05:00',
      relative: 'in 8h 12m',
    });
    assert.equal(nightly.cron_description, 'At 02:00, Monday through Friday');
    assert.deepEqual(doc.schedules.find((s) => s.name === 'dependency-audit')!.next_runs, []);

    // The Action's planner, on the same files at the same instant, lists the same times.
    const loaded = loadSchedules({ workspace: ws });
    const plan = planTick({
      schedules: loaded.schedules,
      state: emptyState(),
      now: new Date(NOW),
      maxDispatches: 0,
      checker: 'test',
      claimTtlMs: 600_000,
      upcomingCount: 500,
    });
    for (const s of doc.schedules.filter((x) => x.enabled)) {
      const planned = plan.upcoming
        .filter((u) => u.key === s.name)
        .slice(0, 3)
        .map((u) => u.at.toISOString().replace('.000Z', 'Z'));
      assert.deepEqual(
        s.next_runs.map((n) => n.at),
        planned,
        s.name,
      );
    }
    const triage = doc.schedules.find((s) => s.name === 'hourly-triage')!;
    assert.notEqual(triage.next_runs[0]!.at.slice(14), '00:00Z', 'the 5m jitter is applied');
  });

  test('a broken file: the others are listed, the problem is on stderr, exit 1', async () => {
    const ws = workspace({
      schedules: { 'ok.yml': schedule('0 7 * * *'), 'broken.yml': 'cron: nope\n' },
    });
    const r = await cli(['list'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ok +0 7 \* \* \* +UTC +yes +Wed 2026-11-25 07:00 UTC +in 8h 12m$/m);
    assert.match(r.stderr, /^schedules\/broken\.yml:1:7: /m);
  });

  test('no schedules: a hint to add one', async () => {
    const ws = workspace();
    const r = await cli(['list'], { cwd: ws });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^No schedules in schedules\/\. Add one: agent-scheduler add <name>/);
    const json = await cli(['list', '--json'], { cwd: ws });
    assert.deepEqual(JSON.parse(json.stdout).schedules, []);
  });
});

describe('next', () => {
  test('next runs in the schedule’s zone and in UTC, with relative times', async () => {
    const ws = workspace({ examples: true });
    const r = await cli(['next', 'nightly-review', '-n', '3'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'nightly-review: 0 2 * * 1-5 (At 02:00, Monday through Friday) in America/New_York',
        ' 1  Wed 2026-11-25 02:00 EST  2026-11-25 07:00 UTC  in 8h 12m',
        ' 2  Thu 2026-11-26 02:00 EST  2026-11-26 07:00 UTC  in 1d 8h',
        ' 3  Fri 2026-11-27 02:00 EST  2026-11-27 07:00 UTC  in 2d 8h',
        '',
      ].join('\n'),
    );
  });

  test('DST: a time skipped by spring-forward runs at the first instant after the gap', async () => {
    const ws = workspace({
      schedules: { 'dst.yml': schedule('30 2 * * *', 'timezone: America/New_York\n') },
    });
    const r = await cli(['next', 'dst', '-n', '2', '--json'], {
      cwd: ws,
      env: { AGENT_SCHEDULER_NOW: '2026-03-07T12:00:00Z' },
    });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.next_runs.map((n: { local: string }) => n.local),
      ['2026-03-08T03:00:00-04:00', '2026-03-09T02:30:00-04:00'],
    );
    assert.equal(doc.next_runs[0].relative, 'in 19h');
    assert.equal(doc.now, '2026-03-07T12:00:00Z');
  });

  test('default 5 runs; a disabled schedule says so and shows when it would run', async () => {
    const ws = workspace({ examples: true });
    const r = await cli(['next', 'dependency-audit'], { cwd: ws });
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /disabled: nothing runs until it is enabled \(agent-scheduler update dependency-audit --enabled\)/,
    );
    assert.match(r.stdout, /^ 1 {2}Tue 2026-12-01 06:30 CET +2026-12-01 05:30 UTC {2}in 6d 6h$/m);
    assert.match(
      r.stdout,
      /^ 5 {2}Thu 2027-04-01 06:30 CEST {2}2027-04-01 04:30 UTC {2}in 127d 5h$/m,
    );
    assert.match(r.stdout, /^ 5 {2}/m);
  });

  test('an unknown name is a usage error with a suggestion; a broken file exits 1', async () => {
    const ws = workspace({
      schedules: { 'nightly.yml': schedule('0 2 * * *'), 'broken.yml': 'cron: "0 0 * * *"\n' },
    });
    const r = await cli(['next', 'nightly-'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'error: no schedule named "nightly-" in schedules/ — did you mean `nightly`?\n',
    );
    const b = await cli(['next', 'broken'], { cwd: ws });
    assert.equal(b.code, 1);
    assert.match(b.stderr, /^schedules\/broken\.yml:1:1: .*workflow/m);
    assert.match(b.stderr, /error: schedule "broken" has problems; fix them first\n$/);
    const n = await cli(['next', 'nightly', '-n', '0'], { cwd: ws });
    assert.equal(n.code, 2);
    assert.match(
      n.stderr,
      /option '-n, --count <n>' argument '0' is invalid\. expected a whole number from 1 to 1000/,
    );
  });
});

describe('add', () => {
  test('writes schedules/<name>.yml with the schema comment, after validating it', async () => {
    const ws = workspace();
    const r = await cli(
      [
        'add',
        'pr-check',
        '--cron',
        '*/30 9-17 * * 1-5',
        '--timezone',
        'Europe/Paris',
        '--workflow',
        'agent.yml',
        '--input',
        'prompt=Check open PRs: label & ping',
        '--retries',
        '2',
        '--priority',
        'high',
        '--description',
        'PR sweeps in office hours',
      ],
      { cwd: ws },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      read(ws, 'schedules/pr-check.yml'),
      [
        '# yaml-language-server: $schema=../schema/schedule.schema.json',
        "cron: '*/30 9-17 * * 1-5'",
        'timezone: Europe/Paris',
        'workflow: agent.yml',
        'inputs:',
        '  prompt: "Check open PRs: label & ping"',
        'retries: 2',
        'priority: high',
        'description: PR sweeps in office hours',
        '',
      ].join('\n'),
    );
    assert.equal(
      r.stdout,
      [
        'Created schedules/pr-check.yml',
        '  */30 9-17 * * 1-5 (Every 30 minutes, between 09:00 and 17:59, Monday through Friday) in Europe/Paris',
        '  next run: Wed 2026-11-25 09:00 CET (in 9h 12m)',
        'Commit and push it: the checker starts counting from its next tick.',
        '',
      ].join('\n'),
    );
    const v = await cli(['validate'], { cwd: ws });
    assert.equal(v.code, 0, v.stderr);
  });

  test('--disabled writes enabled: false; --dry-run prints and writes nothing', async () => {
    const ws = workspace();
    const dry = await cli(
      [
        'add',
        'later',
        '--cron',
        '0 9 * * 1',
        '--workflow',
        'agent.yml',
        '--input',
        'prompt=hi',
        '--disabled',
        '--dry-run',
      ],
      { cwd: ws },
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^enabled: false$/m);
    assert.deepEqual(scheduleFiles(ws), []);
  });

  test('a bad cron or an undeclared input: exit 1, the file is not written, errors name the flag', async () => {
    const ws = workspace();
    const r = await cli(
      ['add', 'bad', '--cron', '61 * * * *', '--workflow', 'agent.yml', '--input', 'promt=hi'],
      { cwd: ws },
    );
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.deepEqual(scheduleFiles(ws), []);
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0]!, /^--cron: cron "61 \* \* \* \*": minute 61 is out of range/);
    assert.ok(
      lines.some((l) =>
        /^--input: input "promt" is not declared by workflow agent\.yml — did you mean `prompt`\?/.test(
          l,
        ),
      ),
    );
    assert.equal(lines.at(-1), 'error: schedules/bad.yml was not written');
    const wf = await cli(['add', 'q', '--cron', '0 * * * *', '--workflow', 'nope.yml'], {
      cwd: ws,
    });
    assert.equal(wf.code, 1);
    assert.match(
      wf.stderr,
      /^--workflow: workflow "nope\.yml" not found in \.github\/workflows — available: agent\.yml$/m,
    );
    assert.deepEqual(scheduleFiles(ws), []);
  });

  test('refuses to overwrite and suggests update', async () => {
    const ws = workspace({ schedules: { 'nightly.yml': schedule('0 2 * * *') } });
    const before = read(ws, 'schedules/nightly.yml');
    const r = await cli(['add', 'nightly', '--cron', '0 3 * * *', '--workflow', 'agent.yml'], {
      cwd: ws,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: schedules/nightly.yml already exists — change it with `agent-scheduler update nightly …`, or remove it first\n',
    );
    assert.equal(read(ws, 'schedules/nightly.yml'), before);
  });

  test('usage errors exit 2: unknown flag with a suggestion, missing flags, bad choices, bad names', async () => {
    const ws = workspace();
    const typo = await cli(['add', 'x', '--cronn', '0 * * * *', '--workflow', 'agent.yml'], {
      cwd: ws,
    });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^error: unknown option '--cronn'\n\(Did you mean --cron\?\)\n/);
    const missing = await cli(['add', 'x', '--cron', '0 * * * *'], { cwd: ws });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: add needs --workflow/);
    const choice = await cli(
      ['add', 'x', '--cron', '0 * * * *', '--workflow', 'agent.yml', '--overlap', 'never'],
      { cwd: ws },
    );
    assert.equal(choice.code, 2);
    assert.match(choice.stderr, /Allowed choices are skip, allow, cancel-previous/);
    const zone = await cli(
      ['add', 'x', '--cron', '0 * * * *', '--workflow', 'agent.yml', '--timezone', 'Europe/Pariss'],
      { cwd: ws },
    );
    assert.equal(zone.code, 2);
    assert.match(zone.stderr, /Europe\/Paris/);
    const name = await cli(
      ['add', 'Nightly Review', '--cron', '0 * * * *', '--workflow', 'agent.yml'],
      { cwd: ws },
    );
    assert.equal(name.code, 2);
    assert.match(name.stderr, /is not a schedule name .*\(try "nightly-review"\)/);
    assert.deepEqual(scheduleFiles(ws), []);
  });
});

describe('update', () => {
  const COMMENTED = [
    '# yaml-language-server: $schema=../schema/schedule.schema.json',
    '# Weeknights, New York time.   Keep   this   spacing.',
    'cron:   "0 2 * * 1-5"        # aligned comment',
    "timezone: 'America/New_York'",
    '',
    'workflow: agent.yml   # the target',
    'inputs:',
    '    # nested comment, odd indentation',
    '    prompt: |',
    '        Review the pull requests',
    '        merged yesterday.',
    '    dry-run: true',
    'retries:    1',
    '# a trailing comment',
    '',
  ].join('\n');

  test('a round trip changes only the changed value, byte for byte', async () => {
    const ws = workspace({ schedules: { 'nightly.yml': COMMENTED } });
    const r = await cli(['update', 'nightly', '--cron', '30 3 * * 1-5'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      read(ws, 'schedules/nightly.yml'),
      COMMENTED.replace('"0 2 * * 1-5"', '"30 3 * * 1-5"'),
    );
    assert.match(r.stdout, /^Updated schedules\/nightly\.yml\n {2}cron: "30 3 \* \* 1-5"\n/);
    assert.match(
      r.stdout,
      /Its timing changed: once pushed, the checker counts from its next tick/,
    );
    assert.match(
      r.stdout,
      /next run: Wed 2026-11-25 03:30 EST \(in 9h 42m\) — At 03:30, Monday through Friday\n$/,
    );
  });

  test('several edits: new keys in SPEC order, inputs added and removed, the rest untouched', async () => {
    const ws = workspace({ schedules: { 'nightly.yml': COMMENTED } });
    const r = await cli(
      [
        'update',
        'nightly',
        '--timezone',
        'Europe/London',
        '--input',
        'prompt=Short prompt',
        '--remove-input',
        'dry-run',
        '--overlap',
        'allow',
        '--disabled',
      ],
      { cwd: ws },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      read(ws, 'schedules/nightly.yml'),
      [
        '# yaml-language-server: $schema=../schema/schedule.schema.json',
        '# Weeknights, New York time.   Keep   this   spacing.',
        'cron:   "0 2 * * 1-5"        # aligned comment',
        "timezone: 'Europe/London'",
        '',
        'workflow: agent.yml   # the target',
        'inputs:',
        '    # nested comment, odd indentation',
        '    prompt: Short prompt',
        'enabled: false',
        'overlap: allow',
        'retries:    1',
        '# a trailing comment',
        '',
      ].join('\n'),
    );
    assert.match(r.stdout, /^disabled: it will not run until enabled$/m);

    const back = await cli(
      ['update', 'nightly', '--enabled', '--input', 'dry-run=true', '--unset', 'overlap'],
      { cwd: ws },
    );
    assert.equal(back.code, 0, back.stderr);
    const text = read(ws, 'schedules/nightly.yml');
    assert.match(
      text,
      /^ {4}prompt: Short prompt\n {4}dry-run: "true"\nenabled: true\nretries: {4}1\n/m,
    );
  });

  test('an invalid result is not written: exit 1 with file:line:col lines', async () => {
    const ws = workspace({ schedules: { 'nightly.yml': COMMENTED } });
    const r = await cli(['update', 'nightly', '--cron', 'every day'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^schedules\/nightly\.yml:3:9: cron "every day" /);
    assert.match(r.stderr, /error: schedules\/nightly\.yml was not changed\n$/);
    assert.equal(read(ws, 'schedules/nightly.yml'), COMMENTED);
    const input = await cli(['update', 'nightly', '--input', 'colour=blue'], { cwd: ws });
    assert.equal(input.code, 1);
    assert.match(input.stderr, /input "colour" is not declared by workflow agent\.yml/);
    assert.equal(read(ws, 'schedules/nightly.yml'), COMMENTED);
  });

  test('usage errors: unknown name, nothing to change, conflicting flags, unknown --unset key', async () => {
    const ws = workspace({ schedules: { 'nightly.yml': COMMENTED } });
    const cases: [string[], RegExp][] = [
      [
        ['update', 'nightlly', '--enabled'],
        /no schedule named "nightlly" in schedules\/ — did you mean `nightly`\?/,
      ],
      [['update', 'nightly'], /nothing to change/],
      [
        ['update', 'nightly', '--enabled', '--disabled'],
        /option '--enabled' cannot be used with option '--disabled'/,
      ],
      [
        ['update', 'nightly', '--unset', 'cron'],
        /--unset cron: cron is required and cannot be removed/,
      ],
      [['update', 'nightly', '--remove-input', 'nope'], /has no input "nope"/],
      [['update', 'nightly', '--retries', '11'], /expected a whole number from 0 to 10/],
      [['update', 'nightly', '--jitter', 'soon'], /"soon" is not a duration/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, { cwd: ws });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    assert.equal(read(ws, 'schedules/nightly.yml'), COMMENTED);
  });

  test('a .yaml file is edited in place', async () => {
    const ws = workspace({ schedules: { 'weekly.yaml': schedule('0 9 * * 1') } });
    const r = await cli(['update', 'weekly', '--priority', 'urgent'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read(ws, 'schedules/weekly.yaml'), schedule('0 9 * * 1', 'priority: urgent\n'));
  });
});

describe('remove', () => {
  test('not a terminal and no --force: refuses, exit 2, nothing removed', async () => {
    const ws = workspace({ schedules: { 'a.yml': schedule('0 1 * * *') } });
    const r = await cli(['remove', 'a'], { cwd: ws, input: 'y\n' });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'error: not removing schedules/a.yml without confirmation: stdin is not a terminal — add --force\n',
    );
    assert.deepEqual(scheduleFiles(ws), ['a.yml']);
  });

  test('--force removes every named file', async () => {
    const ws = workspace({
      schedules: {
        'a.yml': schedule('0 1 * * *'),
        'b.yaml': schedule('0 2 * * *'),
        'c.yml': schedule('0 3 * * *'),
      },
    });
    const r = await cli(['remove', 'a', 'b', '--force'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'Removed schedules/a.yml\nRemoved schedules/b.yaml\nCommit and push: the checker stops firing it from its next tick.\n',
    );
    assert.deepEqual(scheduleFiles(ws), ['c.yml']);
  });

  test('an unknown name removes nothing, even the known ones', async () => {
    const ws = workspace({ schedules: { 'a.yml': schedule('0 1 * * *') } });
    const r = await cli(['rm', 'a', 'ab', '-f'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no schedule named "ab" in schedules\/ — did you mean `a`\?/);
    assert.deepEqual(scheduleFiles(ws), ['a.yml']);
  });

  test('a broken file can be removed', async () => {
    const ws = workspace({ schedules: { 'broken.yml': 'cron: [\n' } });
    const r = await cli(['remove', 'broken', '--force'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(ws, 'schedules/broken.yml')));
  });
});

describe('the command line itself', () => {
  test('--help on every verb, with examples; exit 0', async () => {
    const ws = workspace();
    const top = await cli(['--help'], { cwd: ws });
    assert.equal(top.code, 0);
    for (const verb of [
      'validate',
      'list',
      'next',
      'add',
      'update',
      'remove',
      'run',
      'at',
      'status',
    ]) {
      assert.match(top.stdout, new RegExp(`^  ${verb}\\b`, 'm'), verb);
      const r = await cli([verb, '--help'], { cwd: ws });
      assert.equal(r.code, 0, verb);
      assert.match(r.stdout, new RegExp(`^Usage: agent-scheduler ${verb}[| ]`), verb);
      assert.match(r.stdout, /\nExamples:\n {2}\$ agent-scheduler /, verb);
      assert.equal(r.stderr, '');
    }
  });

  test('an unknown verb suggests the nearest; no verb prints usage; exit 2', async () => {
    const ws = workspace();
    const r = await cli(['lsit'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: unknown command 'lsit'\n\(Did you mean list\?\)/);
    const none = await cli([], { cwd: ws });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^Usage: agent-scheduler /);
    const extra = await cli(['list', 'extra'], { cwd: ws });
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /too many arguments/);
  });

  test('--version matches package.json; `help <verb>`', async () => {
    const r = await cli(['--version'], { cwd: workspace() });
    assert.equal(r.code, 0);
    const pkg = JSON.parse(read(REPO_ROOT, 'package.json')) as { version: string };
    assert.equal(
      r.stdout,
      `${pkg.version}\n`,
      'VERSION in src/cli/program.ts follows package.json',
    );
    const help = await cli(['help', 'next'], { cwd: workspace() });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: agent-scheduler next /);
  });

  test('a malformed AGENT_SCHEDULER_NOW is a configuration error', async () => {
    const ws = workspace({ schedules: { 'a.yml': schedule('0 1 * * *') } });
    const r = await cli(['list'], { cwd: ws, env: { AGENT_SCHEDULER_NOW: 'tomorrow' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: AGENT_SCHEDULER_NOW: "tomorrow" is not an ISO 8601 time/);
  });

  test('--schedules and --default-timezone follow the Action’s inputs', async () => {
    const ws = workspace();
    mkdirSync(join(ws, 'ops/schedules'), { recursive: true });
    writeFileSync(join(ws, 'ops/schedules/nightly.yml'), schedule('0 2 * * *'));
    const r = await cli(
      [
        'next',
        'nightly',
        '--schedules',
        'ops/schedules',
        '--default-timezone',
        'America/Los_Angeles',
        '-n',
        '1',
      ],
      { cwd: ws },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'nightly: 0 2 * * * (At 02:00) in America/Los_Angeles\n 1  Wed 2026-11-25 02:00 PST  2026-11-25 10:00 UTC  in 11h 12m\n',
    );
    const add = await cli(
      [
        'add',
        'deep',
        '--cron',
        '0 1 * * *',
        '--workflow',
        'agent.yml',
        '--input',
        'prompt=x',
        '--schedules',
        'ops/schedules',
      ],
      { cwd: ws },
    );
    assert.equal(add.code, 0, add.stderr);
    assert.match(
      read(ws, 'ops/schedules/deep.yml'),
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/schedule\.schema\.json\n/,
    );
    writeSchedule(ws, 'x.yml', schedule('0 1 * * *'));
    assert.equal((await cli(['validate', '--schedules', 'ops/schedules'], { cwd: ws })).code, 0);
  });
});
