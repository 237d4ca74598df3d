/**
 * Shared by the hostile-input corpus tests: where the corpus lives, its manifests, the
 * workspace every item is loaded in, and the checks that every expectation and every message
 * must pass.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import type { ConfigError } from '../../../src/errors.js';

export const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** One expected error: message and hint are fragments; line and column are exact when given. */
export interface ExpectedError {
  message: string;
  hint?: string;
  /** Absent: the error is about the file as a whole (no line). */
  line?: number;
  column?: number;
}

export interface ExpectedErrors {
  errors: ExpectedError[];
  /** Exactly this many errors; default: as many as listed. */
  count?: number;
}

export function readManifest<T>(name: string): T {
  return JSON.parse(readFileSync(join(CORPUS, name), 'utf8')) as T;
}

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A scratch directory removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `agent-scheduler-corpus-${prefix}-`));
  made.push(dir);
  return dir;
}

/**
 * A checkout with the corpus workflows in `.github/workflows/` (`agent.yml` declares `prompt`
 * (required string), `mode` (choice fast/slow), `count` (number), `flag` (boolean) and
 * `scheduled-run`; `push-only.yml` cannot be dispatched; `broken.yml` is not valid YAML) and,
 * when asked, the schedule corpus in `schedules/`.
 */
export function corpusWorkspace(withSchedules: boolean): string {
  const ws = tempDir('ws');
  mkdirSync(join(ws, '.github'), { recursive: true });
  cpSync(join(CORPUS, 'workflows'), join(ws, '.github', 'workflows'), { recursive: true });
  if (withSchedules) cpSync(join(CORPUS, 'schedules'), join(ws, 'schedules'), { recursive: true });
  return ws;
}

/** Control characters other than tab and line ends: never raw in a message or a comment. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Longest message or hint any error may have, however long the text it quotes. */
export const MAX_MESSAGE = 400;

/** Asserts that `actual` holds each expected error (each matched once) and nothing more. */
export function assertErrors(
  what: string,
  actual: readonly ConfigError[],
  expected: ExpectedErrors,
): void {
  const shown = (): string => actual.map((e) => `  ${e.format()}`).join('\n');
  const count = expected.count ?? expected.errors.length;
  assert.equal(actual.length, count, `${what}: expected ${count} errors, got:\n${shown()}`);
  const unmatched = [...actual];
  for (const want of expected.errors) {
    const index = unmatched.findIndex(
      (e) =>
        e.message.includes(want.message) &&
        (want.hint === undefined || (e.hint ?? '').includes(want.hint)) &&
        ('line' in want ? e.line === want.line : true) &&
        (want.column === undefined || e.column === want.column),
    );
    assert.ok(index >= 0, `${what}: no error matches ${JSON.stringify(want)}; got:\n${shown()}`);
    // An error about the file as a whole has no line; the manifest says so by leaving it out.
    if (!('line' in want)) {
      assert.equal(
        unmatched[index]!.line,
        undefined,
        `${what}: ${JSON.stringify(want)} has a line`,
      );
    }
    unmatched.splice(index, 1);
  }
}

/** Every message is short whatever it quotes, and names a place that exists in the text. */
export function assertWellFormed(
  what: string,
  errors: readonly ConfigError[],
  lines?: number,
): void {
  for (const e of errors) {
    assert.ok(e.message.length > 0, `${what}: empty message`);
    assert.ok(
      e.message.length <= MAX_MESSAGE,
      `${what}: message is ${e.message.length} characters: ${e.message.slice(0, 200)}…`,
    );
    assert.ok(
      (e.hint ?? '').length <= MAX_MESSAGE,
      `${what}: hint is ${e.hint?.length} characters: ${e.hint?.slice(0, 200)}…`,
    );
    if (e.line !== undefined) {
      assert.ok(Number.isInteger(e.line) && e.line >= 1, `${what}: line ${e.line}`);
      if (lines !== undefined) assert.ok(e.line <= lines, `${what}: line ${e.line} of ${lines}`);
    }
    if (e.column !== undefined) assert.ok(e.column >= 1, `${what}: column ${e.column}`);
    assert.doesNotMatch(e.message, CONTROL, `${what}: raw control character`);
  }
}

/** What `Object.prototype` (and friends) look like now: compare before and after. */
export function prototypeSnapshot(): string {
  const describe = (o: object): string[] =>
    Reflect.ownKeys(o).map((k) => {
      const d = Object.getOwnPropertyDescriptor(o, k)!;
      return `${String(k)}:${typeof d.value}:${typeof d.get}:${typeof d.set}`;
    });
  return JSON.stringify([
    describe(Object.prototype),
    describe(Array.prototype),
    describe(Function.prototype),
    describe(String.prototype),
    Object.getPrototypeOf(Object.prototype),
  ]);
}

export function assertNotPolluted(before: string): void {
  assert.equal(prototypeSnapshot(), before, 'Object.prototype (or Array/Function/String) changed');
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'prompt', 'cron', 'run-at', 'isAdmin']) {
    assert.equal(probe[key], undefined, `({}).${key} is set`);
  }
}
