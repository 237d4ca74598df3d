import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ERRORS_PER_FILE, parseScheduleText } from '../../../src/schedules/parse.js';
import { didYouMean, editDistance, nearest, suggestName } from '../../../src/schedules/suggest.js';
import { decodeText, parseYaml } from '../../../src/schedules/yaml.js';

describe('parseYaml', () => {
  test('mappings are null-prototype objects; scalars keep their YAML 1.2 types', () => {
    const { value, errors } = parseYaml(
      'a: 1\nb: yes\nc: true\nd: ~\ne: [x, 2]\nf: 2026-01-01T00:00:00Z\n',
      'f.yml',
    );
    assert.deepEqual(errors, []);
    const v = value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), null);
    assert.deepEqual(
      { ...v },
      { a: 1, b: 'yes', c: true, d: null, e: ['x', 2], f: '2026-01-01T00:00:00Z' },
    );
  });

  test('locate: keys and values, nested, 1-based, with a line offset', () => {
    const text = 'cron: x\ninputs:\n  prompt: hello\n  empty:\n';
    const parsed = parseYaml(text, 'f.yml', { lineOffset: 10 });
    assert.deepEqual(parsed.locate(['cron']), { line: 11, column: 1 });
    assert.deepEqual(parsed.locate(['cron'], 'value'), { line: 11, column: 7 });
    assert.deepEqual(parsed.locate(['inputs', 'prompt'], 'value'), { line: 13, column: 11 });
    // An empty value is located at its key.
    assert.deepEqual(parsed.locate(['inputs', 'empty'], 'value'), { line: 14, column: 3 });
    assert.equal(parsed.locate(['nope']), undefined);
  });

  test('scalarSource gives numbers as written', () => {
    const parsed = parseYaml('a: 1.10\nb: "1.10"\nc: 0x1F\n', 'f.yml');
    assert.equal(parsed.scalarSource(['a']), '1.10');
    assert.equal(parsed.scalarSource(['b']), undefined);
    assert.equal(parsed.scalarSource(['c']), '0x1F');
  });

  test('aliases within the budget are expanded', () => {
    const parsed = parseYaml('a: &x {k: v}\nb: *x\n', 'f.yml');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      { ...(parsed.value as Record<string, Record<string, unknown>>)['b'] },
      { k: 'v' },
    );
  });

  test('an alias without an anchor', () => {
    const parsed = parseYaml('a: *missing\n', 'f.yml');
    assert.deepEqual(
      parsed.errors.map((e) => [e.line, e.column, e.message, e.hint]),
      [[1, 4, 'alias `*missing` has no anchor', 'define `&name` before using `*name`']],
    );
  });

  test('a tab used for indentation', () => {
    const parsed = parseYaml('a:\n\tb: 1\n', 'f.yml');
    assert.equal(parsed.errors[0]?.line, 2);
  });

  test('complex keys are refused', () => {
    const parsed = parseYaml('? [a, b]\n: c\n', 'f.yml');
    assert.equal(parsed.errors[0]?.message, 'a key must be a plain name, not a mapping or a list');
  });
});

describe('decodeText', () => {
  test('strict UTF-8, BOM stripped, size cap', () => {
    assert.deepEqual(decodeText(new TextEncoder().encode('\uFEFFa: é'), 'f'), { text: 'a: é' });
    const bad = decodeText(new Uint8Array([0x61, 0x0a, 0xc3, 0x28]), 'f');
    assert.ok('error' in bad);
    assert.equal(bad.error.line, 2);
    const big = decodeText(new Uint8Array(11), 'f', 10);
    assert.ok('error' in big);
    assert.equal(big.error.message, 'file is 11 bytes; the limit is 10 bytes');
  });

  test('overlong encodings and surrogates are invalid', () => {
    for (const bytes of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      assert.ok('error' in decodeText(new Uint8Array(bytes), 'f'), bytes.join(','));
    }
  });
});

describe('error volume', () => {
  test(`at most ${MAX_ERRORS_PER_FILE} errors per file, then a count`, () => {
    const text = Array.from({ length: 500 }, (_, i) => `k${i}: v`).join('\n');
    const result = parseScheduleText(text, 'schedules/x.yml');
    assert.equal(result.errors.length, MAX_ERRORS_PER_FILE + 1);
    assert.equal(result.errors.at(-1)?.message, '… and 452 more problems in this file');
  });
});

describe('suggestions', () => {
  test('editDistance counts a transposition as one edit', () => {
    assert.equal(editDistance('hihg', 'high'), 1);
    assert.equal(editDistance('cronn', 'cron'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  test('nearest: close enough or nothing; case-insensitive', () => {
    assert.equal(nearest('Priority', ['priority', 'retries']), 'priority');
    assert.equal(nearest('xyz', ['priority', 'retries']), undefined);
    assert.equal(nearest('x'.repeat(500), ['x']), undefined);
    assert.equal(didYouMean('timezon', ['timezone']), 'did you mean `timezone`?');
  });

  test('suggestName', () => {
    assert.equal(suggestName('Nightly Review'), 'nightly-review');
    assert.equal(suggestName('  Café   Report!! '), 'cafe-report');
    assert.equal(suggestName('_draft'), 'draft');
    assert.equal(suggestName('!!!'), '');
  });
});
