/**
 * The hostile schedule corpus (issue 6, item 4): every file in test/corpus/schedules/, plus the
 * GENERATED ones below (too big, binary or made of links to commit), loaded together in one
 * workspace beside three good schedules. Each bad file must yield the errors its manifest
 * entry (test/corpus/schedules.expected.json) names, with its own path as the source; the good
 * ones must load and still fire; the whole load must be fast; nothing may touch
 * Object.prototype.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ConfigError } from '../../../src/errors.js';
import { planTick } from '../../../src/plan/planner.js';
import { loadSchedules, type LoadSchedulesResult } from '../../../src/schedules/load.js';
import { parseScheduleText, scheduleNameOf } from '../../../src/schedules/parse.js';
import { emptyState } from '../../../src/state/document.js';
import { WorkflowLoader, type WorkflowLookup } from '../../../src/workflows/loader.js';
import {
  CORPUS,
  assertErrors,
  assertNotPolluted,
  assertWellFormed,
  corpusWorkspace,
  prototypeSnapshot,
  readManifest,
  tempDir,
  type ExpectedErrors,
} from './corpus.js';

type Expectation = 'valid' | 'skipped' | ExpectedErrors;

interface Manifest {
  files: Record<string, Expectation>;
}

interface Generated {
  /** File name under schedules/. */
  name: string;
  why: string;
  /** Writes the file (or link, or directory) into the workspace; `outside` is another directory. */
  make(ws: string, outside: string): void;
  expect: Expectation;
}

const VALID = "cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hello\n";
const schedulePath = (ws: string, name: string) => join(ws, 'schedules', name);
const write = (name: string, content: string | Uint8Array) => (ws: string) =>
  writeFileSync(schedulePath(ws, name), content);

/** `{"prompt":"…"}` plus the 512 characters reserved for `scheduled-run` (SPEC §5). */
const payload = (promptLength: number) => promptLength + '{"prompt":""}'.length + 512;

const canMakeFifo = spawnSync('mkfifo', ['--version']).status === 0;

const GENERATED: Generated[] = [
  {
    name: 'huge-5mb.yml',
    why: 'a 5 MB file is refused from its size, before a byte is read',
    make: write('huge-5mb.yml', `description: "${'x'.repeat(5_000_000)}"\n`),
    expect: {
      errors: [
        { message: 'file is 4.8 MiB; the limit is 1.0 MiB', hint: 'move large text elsewhere' },
      ],
    },
  },
  {
    name: 'binary-png.yml',
    why: 'binary: NUL bytes (a PNG header)',
    make: write(
      'binary-png.yml',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    ),
    expect: {
      errors: [
        {
          message: 'file is binary (it contains NUL bytes), not YAML text',
          line: 3,
          hint: 'UTF-8',
        },
      ],
    },
  },
  {
    name: 'latin1.yml',
    why: 'Latin-1, not UTF-8',
    make: write(
      'latin1.yml',
      Buffer.concat([Buffer.from(`${VALID}description: caf`), Buffer.from([0xe9, 0x0a])]),
    ),
    expect: {
      errors: [{ message: 'file is not valid UTF-8 text', line: 5, hint: 'Latin-1 or UTF-16' }],
    },
  },
  {
    name: 'utf16.yml',
    why: 'UTF-16 with its BOM: NUL bytes everywhere',
    make: write('utf16.yml', Buffer.from(`\uFEFF${VALID}`, 'utf16le')),
    expect: { errors: [{ message: 'file is binary (it contains NUL bytes)', line: 1 }] },
  },
  {
    name: 'overlong-utf8.yml',
    why: 'an overlong UTF-8 encoding of "/" (C0 AF), the classic path-traversal trick',
    make: write(
      'overlong-utf8.yml',
      Buffer.concat([Buffer.from('description: ..'), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]),
    ),
    expect: { errors: [{ message: 'file is not valid UTF-8 text', line: 1 }] },
  },
  {
    name: 'surrogate-utf8.yml',
    why: 'a UTF-16 surrogate encoded in UTF-8 (ED A0 80), which UTF-8 forbids',
    make: write(
      'surrogate-utf8.yml',
      Buffer.concat([Buffer.from(`${VALID}description: `), Buffer.from([0xed, 0xa0, 0x80])]),
    ),
    expect: { errors: [{ message: 'file is not valid UTF-8 text', line: 5 }] },
  },
  {
    name: 'symlink-outside.yml',
    why: 'a link to a (valid) schedule outside the repository',
    make: (ws, outside) => {
      writeFileSync(join(outside, 'elsewhere.yml'), VALID);
      symlinkSync(join(outside, 'elsewhere.yml'), schedulePath(ws, 'symlink-outside.yml'));
    },
    expect: {
      errors: [
        {
          message: 'symbolic link points outside the repository',
          hint: 'copy the file into the repository instead',
        },
      ],
    },
  },
  {
    name: 'symlink-relative-escape.yml',
    why: 'a relative link climbing out with ../..',
    make: (ws, outside) => {
      writeFileSync(join(outside, 'escape.yml'), VALID);
      const rel = join('..', '..', outside.split('/').pop()!, 'escape.yml');
      // ws and outside are siblings in the temp directory.
      symlinkSync(rel, schedulePath(ws, 'symlink-relative-escape.yml'));
    },
    expect: { errors: [{ message: 'symbolic link points outside the repository' }] },
  },
  {
    name: 'symlink-dangling.yml',
    why: 'a link to nothing',
    make: (ws) => symlinkSync('does-not-exist.yml', schedulePath(ws, 'symlink-dangling.yml')),
    expect: {
      errors: [
        { message: 'symbolic link points to a file that does not exist', hint: 'remove the link' },
      ],
    },
  },
  {
    name: 'symlink-loop.yml',
    why: 'a link that leads back to itself',
    make: (ws) => {
      symlinkSync('symlink-loop-b.yaml.txt', schedulePath(ws, 'symlink-loop.yml'));
      symlinkSync('symlink-loop.yml', schedulePath(ws, 'symlink-loop-b.yaml.txt'));
    },
    expect: { errors: [{ message: 'symbolic link loops', hint: 'replace the link' }] },
  },
  {
    name: 'symlink-inside.yml',
    why: 'a link to a schedule elsewhere in the repository is fine',
    make: (ws) => {
      mkdirSync(join(ws, 'docs'), { recursive: true });
      writeFileSync(join(ws, 'docs', 'shared-schedule.yml'), VALID);
      symlinkSync(
        join('..', 'docs', 'shared-schedule.yml'),
        schedulePath(ws, 'symlink-inside.yml'),
      );
    },
    expect: 'valid',
  },
  {
    name: 'directory.yml',
    why: 'a directory named like a schedule is not a schedule, and not an error',
    make: (ws) => mkdirSync(schedulePath(ws, 'directory.yml')),
    expect: 'skipped',
  },
  ...(canMakeFifo
    ? [
        {
          name: 'fifo.yml',
          why: 'a named pipe would block a reader forever',
          make: (ws: string) => {
            spawnSync('mkfifo', [schedulePath(ws, 'fifo.yml')]);
          },
          expect: { errors: [{ message: 'not a regular file' }] },
        } satisfies Generated,
      ]
    : []),
  {
    name: 'wide-100k-keys.yml',
    why: '100,000 keys: refused by the token budget before the parser slows down',
    make: write(
      'wide-100k-keys.yml',
      Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join('\n'),
    ),
    expect: {
      errors: [
        { message: 'schedule file is too large (more than 20000 YAML tokens)', line: 4_001 },
      ],
    },
  },
  {
    name: 'brackets-1mib.yml',
    why: 'a mebibyte of unclosed brackets: the worst nesting a file under the size cap can hold',
    make: write('brackets-1mib.yml', '['.repeat(1024 * 1024 - 1)),
    expect: { errors: [{ message: 'schedule file is nested more than 64 levels deep', line: 1 }] },
  },
  {
    name: 'comments-800k.yml',
    why: '800 KB of comments',
    make: write(
      'comments-800k.yml',
      Array.from({ length: 13_000 }, (_, i) => `# comment ${i} ${'c'.repeat(50)}`).join('\n'),
    ),
    expect: {
      errors: [
        { message: 'schedule file is too large (more than 20000 YAML tokens)', line: 10_001 },
      ],
    },
  },
  {
    name: 'inputs-over-limit.yml',
    why: 'one input of 65,536 characters: over GitHub’s 65,535 for the whole payload',
    make: write(
      'inputs-over-limit.yml',
      `cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: ${'p'.repeat(65_536)}\n`,
    ),
    expect: {
      errors: [
        {
          message: `inputs are ${payload(65_536).toLocaleString('en-US')} characters (with 512 reserved for \`scheduled-run\`); GitHub accepts at most 65,535 per dispatch`,
          line: 3,
          column: 1,
          hint: 'pass its path or number instead',
        },
      ],
    },
  },
  {
    name: 'inputs-at-limit.yml',
    why: 'the largest input payload GitHub accepts, to the character',
    make: write(
      'inputs-at-limit.yml',
      `cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: ${'p'.repeat(65_535 - payload(0))}\n`,
    ),
    expect: 'valid',
  },
  {
    name: 'nul-in-input.yml',
    why: 'a NUL character (a YAML escape) in an input value',
    make: write('nul-in-input.yml', VALID.replace('prompt: hello', 'prompt: "a\\0b"')),
    expect: {
      errors: [
        { message: 'input "prompt" contains a control character (U+0000)', line: 4, column: 11 },
      ],
    },
  },
  {
    name: 'cr-line-ends.yml',
    why: 'classic Mac line ends (a lone CR): YAML 1.2 line breaks',
    make: write('cr-line-ends.yml', VALID.replace(/\n/g, '\r')),
    expect: 'valid',
  },
  {
    name: 'long-zone.yml',
    why: 'a 5,000-character zone: quoted briefly, and not compared with every zone',
    make: write('long-zone.yml', `${VALID}timezone: ${'Z'.repeat(5_000)}\n`),
    expect: {
      errors: [
        {
          message: 'is 5,000 characters long; IANA zone names are at most 32',
          line: 5,
          column: 11,
        },
      ],
    },
  },
  {
    name: 'long-enum.yml',
    why: 'a 5,000-character priority: the message quotes 100 of them',
    make: write('long-enum.yml', `${VALID}priority: ${'x'.repeat(5_000)}\n`),
    expect: {
      errors: [
        {
          message: `priority must be one of urgent, high, medium, low; got "${'x'.repeat(100)}…" (4,900 more characters)`,
          line: 5,
        },
      ],
    },
  },
  {
    name: 'long-cron.yml',
    why: 'a 5,000-character cron',
    make: write(
      'long-cron.yml',
      `cron: '${'x'.repeat(5_000)}'\nworkflow: agent.yml\ninputs:\n  prompt: hello\n`,
    ),
    expect: { errors: [{ message: '(4,900 more characters) has 1 field, expected 5', line: 1 }] },
  },
  {
    name: 'long-key.yml',
    why: 'a 1,000-character unknown key',
    make: write('long-key.yml', `${VALID}${'k'.repeat(1_000)}: 1\n`),
    expect: { errors: [{ message: '(900 more characters)', line: 5, column: 1 }] },
  },
  {
    name: `${'n'.repeat(101)}.yml`,
    why: 'a schedule name over 100 characters',
    make: write(`${'n'.repeat(101)}.yml`, VALID),
    expect: { errors: [{ message: 'is longer than 100 characters', hint: 'shorter file name' }] },
  },
  {
    name: 'workflow-symlink-outside.yml',
    why: 'the target workflow is a link out of the repository',
    make: (ws, outside) => {
      writeFileSync(
        join(outside, 'linked.yml'),
        readFileSync(join(CORPUS, 'workflows', 'agent.yml')),
      );
      symlinkSync(join(outside, 'linked.yml'), join(ws, '.github', 'workflows', 'linked.yml'));
      writeFileSync(
        schedulePath(ws, 'workflow-symlink-outside.yml'),
        VALID.replace('agent.yml', 'linked.yml'),
      );
    },
    expect: {
      errors: [
        {
          message:
            'cannot use workflow .github/workflows/linked.yml: symbolic link points outside the repository',
          line: 2,
          column: 11,
        },
      ],
    },
  },
  {
    name: 'internal-error.yml',
    why: 'a bug of ours (the workflow lookup throws) fails this file only',
    make: write('internal-error.yml', VALID.replace('agent.yml', 'explode.yml')),
    expect: { errors: [{ message: 'could not be loaded: simulated failure' }] },
  },
];

/** The lookup throws for `explode.yml`: the loader must contain it to that one file. */
class ExplodingLoader extends WorkflowLoader {
  override get(ref: string | number): WorkflowLookup {
    if (String(ref) === 'explode.yml') throw new Error('simulated failure');
    return super.get(ref);
  }
}

const manifest = readManifest<Manifest>('schedules.expected.json');
const expectations: [string, Expectation][] = [
  ...Object.entries(manifest.files),
  ...GENERATED.map((g): [string, Expectation] => [g.name, g.expect]),
];

const CHECKED_AT = new Date('2026-12-02T00:00:00Z');

describe('hostile input corpus: schedule files', () => {
  const before = prototypeSnapshot();
  const ws = corpusWorkspace(true);
  const outside = tempDir('outside');
  for (const g of GENERATED) g.make(ws, outside);

  const start = performance.now();
  const result: LoadSchedulesResult = loadSchedules({
    workspace: ws,
    workflows: new ExplodingLoader(ws),
  });
  const elapsedMs = performance.now() - start;

  const errorsOf = (name: string): ConfigError[] =>
    result.errors.filter((e) => e.source === `schedules/${name}`);

  test('the corpus is as large as issue 6 asks, and small on disk', () => {
    const committed = readdirSync(join(CORPUS, 'schedules'));
    assert.ok(committed.length + GENERATED.length >= 60, `${committed.length} files`);
    const bytes = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .reduce((n, d) => n + readFileSync(join(d.parentPath, d.name)).length, 0);
    assert.ok(bytes < 1024 * 1024, `the committed corpus is ${bytes} bytes`);
    // Every committed file has an expectation, and every expectation a file.
    assert.deepEqual(committed.sort(), Object.keys(manifest.files).sort());
  });

  test('everything loads together within the time bound', (t) => {
    t.diagnostic(
      `${expectations.length} files (${GENERATED.length} generated) loaded in ${Math.round(elapsedMs)} ms`,
    );
    assert.ok(elapsedMs < 5_000, `the load took ${Math.round(elapsedMs)} ms`);
  });

  test('every error names a file of the corpus, and only bad files have errors', () => {
    const known = new Set(expectations.map(([name]) => `schedules/${name}`));
    for (const e of result.errors)
      assert.ok(known.has(e.source), `unexpected source: ${e.format()}`);
  });

  test('the valid files load, with no error, and nothing else does', () => {
    const valid = expectations.filter(([, x]) => x === 'valid').map(([n]) => scheduleNameOf(n));
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      [...valid].sort(),
    );
    for (const name of valid) assert.deepEqual(errorsOf(`${name}.yml`), [], name);
  });

  for (const [name, expected] of expectations) {
    if (expected === 'valid') continue;
    test(`${name}`, () => {
      const errors = errorsOf(name);
      if (expected === 'skipped') {
        assert.deepEqual(errors, []);
        assert.ok(!result.schedules.some((s) => s.name === scheduleNameOf(name)));
        return;
      }
      assertErrors(name, errors, expected);
      const path = schedulePath(ws, name);
      // Only regular files are read here: a named pipe would block (links to nowhere throw).
      let lines: number | undefined;
      try {
        if (statSync(path).isFile()) lines = readFileSync(path, 'utf8').split(/\r\n|\r|\n/).length;
      } catch {
        lines = undefined;
      }
      assertWellFormed(name, errors, lines);
      // Its state is kept while it is broken (the planner's keepKeys).
      assert.ok(result.invalidNames.includes(scheduleNameOf(name)), `${name} not in invalidNames`);
    });
  }

  test('each committed file on its own parses within a second', () => {
    const workflows = new WorkflowLoader(ws);
    parseScheduleText(VALID, 'schedules/warm-up.yml', { workflows });
    const slow: string[] = [];
    for (const name of Object.keys(manifest.files)) {
      const text = readFileSync(join(CORPUS, 'schedules', name), 'utf8');
      const t = performance.now();
      parseScheduleText(text, `schedules/${name}`, { workflows });
      const ms = performance.now() - t;
      if (ms > 1_000) slow.push(`${name}: ${Math.round(ms)} ms`);
    }
    assert.deepEqual(slow, []);
  });

  test('the good schedules still fire beside the bad ones', () => {
    const plan = (now: Date, state = emptyState(), schedules = result.schedules) =>
      planTick({
        schedules,
        state,
        now,
        maxDispatches: 100,
        checker: '1.1',
        claimTtlMs: 600_000,
        keepKeys: result.invalidNames,
        upcomingCount: 200,
      });
    const first = plan(CHECKED_AT);
    assert.deepEqual(first.errors, []);
    const enabled = result.schedules.filter((s) => s.enabled);
    for (const s of enabled) {
      // Its own next occurrence (the shared list is full of the every-15-minutes one).
      const next = plan(CHECKED_AT, emptyState(), [s]).upcoming[0];
      assert.ok(next, `${s.name} has no upcoming occurrence`);
      const due = plan(next.at, first.state);
      assert.ok(
        due.dispatches.some((d) => d.occurrence.source === `schedule:${s.name}`),
        `${s.name} is not dispatched at ${next.at.toISOString()}`,
      );
    }
    const disabled = result.schedules.filter((s) => !s.enabled).map((s) => s.name);
    assert.deepEqual(disabled, ['valid-disabled']);
    assert.ok(!first.upcoming.some((u) => u.source === 'schedule:valid-disabled'));
  });

  test('a BOM is accepted and does not move positions', () => {
    const bom = result.schedules.find((s) => s.name === 'valid-bom');
    assert.equal(bom?.cron, '0 2 * * *');
    assert.equal(bom?.inputs['prompt'], 'hello');
    assert.equal(
      result.schedules.find((s) => s.name === 'valid-bom-crlf')?.description,
      'windows line ends',
    );
  });

  test('valid but doubtful settings are noted, not failed', () => {
    assert.ok(
      result.notes.some((n) =>
        n.startsWith('schedules/valid-zero-durations.yml: catch-up-window 0s is shorter than'),
      ),
      result.notes.join('\n'),
    );
    assert.ok(
      result.notes.some((n) =>
        n.startsWith('schedules/valid-numeric-workflow.yml: workflow 1234567 is a numeric id'),
      ),
    );
  });

  test('Object.prototype is untouched', () => {
    assertNotPolluted(before);
    const proto = result.errors.filter((e) => /__proto__|constructor|prototype/.test(e.message));
    assert.ok(proto.length >= 5, 'the pollution attempts were reported as unknown keys and inputs');
  });
});
