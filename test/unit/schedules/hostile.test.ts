/**
 * Hostile schedule files: each must fail fast (< 1 s) with a clear error, and never stop the
 * good file beside it from loading.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchedules } from '../../../src/schedules/load.js';
import { parseScheduleText } from '../../../src/schedules/parse.js';
import { MINIMAL, makeTempDir, makeWorkspace, timed } from './helpers.js';

/** Loads `good.yml` beside the hostile file; returns the hostile file's errors. */
function loadBeside(name: string, content: string | Uint8Array, extra?: (ws: string) => void) {
  const ws = makeWorkspace({ schedules: { 'good.yml': MINIMAL, [name]: content } });
  extra?.(ws);
  const { value: result, ms } = timed(() => loadSchedules({ workspace: ws }));
  assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  assert.deepEqual(
    result.schedules.map((s) => s.name),
    ['good'],
    'the good file still loads',
  );
  const errors = result.errors.filter((e) => e.source === `schedules/${name}`);
  assert.ok(errors.length > 0, 'the hostile file is reported');
  return errors;
}

const ALIAS_BOMB = [
  "cron: '0 2 * * *'",
  'workflow: agent.yml',
  'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from(
    { length: 9 },
    (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`,
  ),
  'inputs:',
  '  prompt: *a9',
].join('\n');

describe('hostile schedule files', () => {
  test('an alias bomb (billion laughs) fails fast', () => {
    const [e] = loadBeside('bomb.yml', ALIAS_BOMB);
    assert.match(e!.message, /^schedule file expands more than 50 aliases/);
    assert.ok(e!.line && e!.column);
  });

  test('10,000 levels of flow nesting fail fast, before the parser', () => {
    const text = `cron: '0 2 * * *'\nworkflow: agent.yml\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const [e] = loadBeside('deep.yml', text);
    assert.equal(e!.message, 'schedule file is nested more than 64 levels deep');
    assert.deepEqual([e!.line, e!.column], [3, 68]);
  });

  test('10,000 levels of mappings in flow style, and of compact block sequences', () => {
    const maps = `x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`;
    assert.match(loadBeside('maps.yml', maps)[0]!.message, /nested more than 64 levels/);
    const seqs = `${'- '.repeat(10_000)}x\n`;
    assert.match(loadBeside('seqs.yml', seqs)[0]!.message, /nested more than 64 levels/);
    // 1 MiB of unclosed brackets: the worst a file under the size cap can do.
    assert.match(
      loadBeside('brackets.yml', '['.repeat(1024 * 1024 - 1))[0]!.message,
      /nested more than 64/,
    );
  });

  test('deep block indentation', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    assert.match(
      loadBeside('indent.yml', `${lines} 1\n`)[0]!.message,
      /nested more than 64 levels/,
    );
  });

  test('a mapping with 100,000 keys is refused by the token budget', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join('\n');
    assert.match(
      loadBeside('wide.yml', text)[0]!.message,
      /^schedule file is too large \(more than 20000 YAML tokens\)/,
    );
  });

  test('a 5 MB file is refused without being read', () => {
    const [e] = loadBeside('huge.yml', `description: "${'x'.repeat(5_000_000)}"\n`);
    assert.equal(e!.message, 'file is 4.8 MiB; the limit is 1.0 MiB');
    assert.equal(e!.line, undefined);
  });

  test('invalid UTF-8 → error with its line', () => {
    const bytes = Buffer.concat([
      Buffer.from("cron: '0 2 * * *'\ndescription: caf"),
      Buffer.from([0xe9, 0x0a]),
    ]);
    const [e] = loadBeside('latin1.yml', bytes);
    assert.equal(e!.message, 'file is not valid UTF-8 text');
    assert.equal(e!.line, 2);
    assert.match(e!.hint!, /save it as UTF-8/);
  });

  test('UTF-16 (with its BOM) is not UTF-8', () => {
    const utf16 = Buffer.from(`\uFEFF${MINIMAL}`, 'utf16le');
    assert.match(loadBeside('utf16.yml', utf16)[0]!.message, /binary|UTF-8/);
  });

  test('a binary file (NUL bytes)', () => {
    const [e] = loadBeside('bin.yml', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    assert.equal(e!.message, 'file is binary (it contains NUL bytes), not YAML text');
  });

  test('a UTF-8 BOM is stripped, positions unchanged', () => {
    const ws = makeWorkspace({
      schedules: { 'bom.yml': `\uFEFF${MINIMAL}`, 'bom2.yml': `\uFEFF${MINIMAL}cronn: 1\n` },
    });
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      ['bom'],
    );
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.column, e.message]),
      [[5, 1, 'unknown key "cronn"']],
    );
  });

  test('__proto__ and constructor keys are unknown keys and pollute nothing', () => {
    const text = `${MINIMAL}__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n`;
    const errors = loadBeside('proto.yml', text);
    assert.deepEqual(
      errors.map((e) => [e.line, e.column, e.message]),
      [
        [5, 1, 'unknown key "__proto__"'],
        [7, 1, 'unknown key "constructor"'],
      ],
    );
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal((Object.prototype as Record<string, unknown>)['polluted'], undefined);
  });

  test('__proto__ as an input name is just an undeclared input', () => {
    const text =
      "cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hi\n  __proto__: x\n  constructor: y\n";
    const errors = loadBeside('proto-input.yml', text);
    assert.deepEqual(
      errors.map((e) => [e.line, e.column, e.message]),
      [
        [5, 3, 'input "__proto__" is not declared by workflow agent.yml'],
        [6, 3, 'input "constructor" is not declared by workflow agent.yml'],
      ],
    );
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });

  test('duplicate keys', () => {
    const errors = loadBeside('dup.yml', `${MINIMAL}workflow: other.yml\n`);
    assert.deepEqual(
      errors.map((e) => [e.line, e.column, e.message]),
      [[5, 1, 'duplicate key "workflow" (first defined on line 2)']],
    );
  });

  test('a symlink pointing outside the workspace', () => {
    const outside = makeTempDir();
    writeFileSync(join(outside, 'secret.yml'), MINIMAL);
    const ws = makeWorkspace({ schedules: { 'good.yml': MINIMAL } });
    symlinkSync(join(outside, 'secret.yml'), join(ws, 'schedules/evil.yml'));
    symlinkSync('/etc/passwd', join(ws, 'schedules/passwd.yml'));
    const result = loadSchedules({ workspace: ws });
    assert.deepEqual(
      result.schedules.map((s) => s.name),
      ['good'],
    );
    assert.deepEqual(
      result.errors.map((e) => [e.source, e.message]),
      [
        ['schedules/evil.yml', 'symbolic link points outside the repository'],
        ['schedules/passwd.yml', 'symbolic link points outside the repository'],
      ],
    );
  });

  test('a symlink inside the workspace is followed', () => {
    const ws = makeWorkspace({ files: { 'shared/x.yml': MINIMAL } });
    symlinkSync(join(ws, 'shared'), join(ws, 'schedules'));
    assert.deepEqual(
      loadSchedules({ workspace: ws }).schedules.map((s) => s.name),
      ['x'],
    );
  });

  test('a named pipe is not read (it would block forever)', (t) => {
    const ws = makeWorkspace({ schedules: { 'good.yml': MINIMAL } });
    const made = spawnSync('mkfifo', [join(ws, 'schedules/pipe.yml')]);
    if (made.status !== 0) return t.skip('mkfifo is not available');
    const { value: result, ms } = timed(() => loadSchedules({ workspace: ws }));
    assert.ok(ms < 1000);
    assert.deepEqual(
      result.errors.map((e) => [e.source, e.message]),
      [['schedules/pipe.yml', 'not a regular file']],
    );
  });

  test('parseScheduleText on its own: oversized text, bombs and nesting fail fast', () => {
    for (const text of [
      `description: "${'x'.repeat(2_000_000)}"`,
      ALIAS_BOMB,
      `x: ${'['.repeat(100_000)}`,
    ]) {
      const { value: result, ms } = timed(() => parseScheduleText(text, 'schedules/x.yml'));
      assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
      assert.equal(result.schedule, undefined);
      assert.equal(result.errors.length, 1);
    }
  });
});
