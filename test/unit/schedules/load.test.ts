import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchedules } from '../../../src/schedules/load.js';
import { WorkflowLoader } from '../../../src/workflows/loader.js';
import { AGENT_WORKFLOW, MINIMAL, makeTempDir, makeWorkspace } from './helpers.js';

function sources(errors: { source: string }[]): string[] {
  return errors.map((e) => e.source);
}

describe('loadSchedules: the directory', () => {
  test('no schedules/ directory → no schedules, no error', () => {
    const result = loadSchedules({ workspace: makeWorkspace() });
    assert.deepEqual(result, { schedules: [], errors: [], invalidNames: [], notes: [] });
  });

  test('loads every *.yml and *.yaml, sorted by name', () => {
    const ws = makeWorkspace({
      schedules: { 'b.yaml': MINIMAL, 'a.yml': MINIMAL, 'c.yml': MINIMAL },
    });
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.schedules.map((s) => [s.name, s.file]),
      [
        ['a', 'schedules/a.yml'],
        ['b', 'schedules/b.yaml'],
        ['c', 'schedules/c.yml'],
      ],
    );
  });

  test('other files are ignored silently: .json, .yml.disabled, README.md, directories', () => {
    const ws = makeWorkspace({
      schedules: {
        'a.yml': MINIMAL,
        'b.json': '{"cron": "x"}',
        'c.yml.disabled': 'garbage: [',
        'README.md': '# schedules',
        'sub/d.yml': 'garbage: [',
      },
    });
    mkdirSync(join(ws, 'schedules/dir.yml'));
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      ['a'],
    );
  });

  test('a custom directory and default time zone', () => {
    const ws = makeWorkspace({ files: { 'ops/cron/x.yml': MINIMAL } });
    const result = loadSchedules({ workspace: ws, dir: 'ops/cron', defaultTimezone: 'Asia/Tokyo' });
    assert.deepEqual(result.errors, []);
    assert.equal(result.schedules[0]?.file, 'ops/cron/x.yml');
    assert.equal(result.schedules[0]?.timezone, 'Asia/Tokyo');
  });

  test('a directory outside the workspace is refused', () => {
    const outside = makeTempDir();
    writeFileSync(join(outside, 'x.yml'), MINIMAL);
    const ws = makeWorkspace();
    symlinkSync(outside, join(ws, 'schedules'));
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(result.schedules, []);
    assert.equal(result.errors[0]?.message, 'the schedules directory is outside the repository');
  });

  test('schedules is a file', () => {
    const ws = makeWorkspace({ files: { schedules: 'oops' } });
    assert.equal(
      loadSchedules({ workspace: ws }).errors[0]?.message,
      'schedules is a file, not a directory of schedules',
    );
  });
});

describe('loadSchedules: bad files', () => {
  test('one bad file never stops the rest', () => {
    const ws = makeWorkspace({
      schedules: {
        'good.yml': MINIMAL,
        'bad.yml': "cron: '0 2 * * *'\nworkflow: agent.yml\ncronn: 1\n",
        'z.yml': MINIMAL,
      },
    });
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      ['good', 'z'],
    );
    assert.deepEqual(sources(result.errors), ['schedules/bad.yml', 'schedules/bad.yml']);
    assert.deepEqual(result.invalidNames, ['bad']);
    assert.deepEqual(
      result.errors.map((e) => e.format()),
      [
        'schedules/bad.yml:2:1: required input "prompt" of workflow agent.yml is missing — add it under `inputs:` (What the agent should do)',
        'schedules/bad.yml:3:1: unknown key "cronn" — did you mean `cron`?',
      ],
    );
  });

  test('a.yml and a.yaml → an error on both, neither loaded', () => {
    const ws = makeWorkspace({
      schedules: { 'a.yml': MINIMAL, 'a.yaml': MINIMAL, 'b.yml': MINIMAL },
    });
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      ['b'],
    );
    assert.deepEqual(sources(result.errors), ['schedules/a.yaml', 'schedules/a.yml']);
    for (const e of result.errors) {
      assert.equal(
        e.message,
        'two files define schedule "a": schedules/a.yaml and schedules/a.yml',
      );
      assert.equal(e.hint, 'remove or rename one of them');
    }
    assert.deepEqual(result.invalidNames, ['a']);
  });

  test('a file name with spaces or uppercase → error with the suggested name', () => {
    const ws = makeWorkspace({ schedules: { 'Nightly Review.yml': MINIMAL, 'ok.yml': MINIMAL } });
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      ['ok'],
    );
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.source, 'schedules/Nightly Review.yml');
    assert.match(result.errors[0]!.hint!, /^rename it to nightly-review\.yml/);
  });

  test('a shared workflow loader is reused (one read per workflow file per tick)', () => {
    const ws = makeWorkspace({ schedules: { 'a.yml': MINIMAL, 'b.yml': MINIMAL } });
    const workflows = new WorkflowLoader(ws);
    let reads = 0;
    const original = workflows.get.bind(workflows);
    workflows.get = (ref) => {
      reads++;
      return original(ref);
    };
    assert.equal(loadSchedules({ workspace: ws, workflows }).schedules.length, 2);
    assert.equal(reads, 2);
    assert.equal(workflows.get('agent.yml'), workflows.get('agent.yml'));
  });
});

describe('the example schedules in schedules/', () => {
  test('load without errors against the fixture agent workflow', () => {
    const ws = makeWorkspace({ workflows: { 'agent.yml': AGENT_WORKFLOW } });
    cpSync(new URL('../../../schedules', import.meta.url), join(ws, 'schedules'), {
      recursive: true,
    });
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(
      result.errors.map((e) => e.format()),
      [],
    );
    const files = readdirSync(join(ws, 'schedules')).filter((f) => /\.ya?ml$/.test(f));
    assert.equal(result.schedules.length, files.length);
    const byName = Object.fromEntries(result.schedules.map((s) => [s.name, s]));
    assert.equal(byName['nightly-review']?.cron, '0 2 * * 1-5');
    assert.equal(byName['nightly-review']?.timezone, 'America/New_York');
    assert.equal(byName['hourly-triage']?.cron, '0 * * * *');
    assert.equal(byName['weekly-report']?.timezone, 'Europe/London');
    assert.equal(byName['weekly-report']?.priority, 'high');
    assert.ok(
      result.schedules.some((s) => !s.enabled),
      'one example is disabled',
    );
    for (const s of result.schedules) assert.equal(s.acceptsScheduledRun, true);
  });
});
