/**
 * Bodies written to hurt: anyone can open an issue that a template labels `run-at`, and the
 * checker parses it before it knows whether the author is trusted. Each one must fail fast
 * (well under a second) with an error that says what is wrong — never throw, hang or pollute.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import type { ParseResult } from '../../../src/issues/types.js';
import { renderParseError } from '../../../src/issues/comments.js';
import { OPTIONS, bodyIssue } from './helpers.js';

function timed(body: string): ParseResult {
  const start = performance.now();
  const issue = bodyIssue(body);
  const result = parseRunAtIssue(issue, { ...OPTIONS, defaultWorkflow: 'agent.yml' });
  // Rendering the error comment is part of handling the body: it must be fast and bounded too.
  if (result.errors.length > 0) {
    const comment = renderParseError(result.errors, issue);
    assert.ok(comment.length < 65_536, `comment is ${comment.length} characters`);
  }
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 1_000, `took ${Math.round(elapsed)} ms`);
  return result;
}

function only(result: ParseResult): string {
  assert.equal(result.request, undefined);
  assert.ok(result.errors.length >= 1);
  for (const e of result.errors) {
    assert.ok(e.line !== undefined, `no line: ${e.format()}`);
    assert.ok(e.hint, `no hint: ${e.format()}`);
  }
  return result.errors.map((e) => e.message).join('\n');
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
];

describe('hostile bodies', () => {
  test('an alias bomb in the front matter', () => {
    const r = timed(
      ['---', 'run-at: in 2h', ...BILLION_LAUGHS, 'inputs:', '  prompt: *i', '---'].join('\n'),
    );
    assert.match(only(r), /front matter expands more than 10 aliases/);
    assert.match(r.errors[0]!.hint!, /alias bomb/);
  });

  test('an alias bomb in the inputs of an issue form', () => {
    const r = timed(
      ['### Run at', '', 'in 2h', '', '### Inputs', '', '```yaml', ...BILLION_LAUGHS, '```'].join(
        '\n',
      ),
    );
    assert.match(only(r), /inputs expands more than 10 aliases/);
  });

  test('10,000 levels of flow nesting', () => {
    const r = timed(
      `---\nrun-at: in 2h\ninputs: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n`,
    );
    assert.match(only(r), /front matter is nested more than 16 levels deep/);
    assert.equal(r.errors[0]!.line, 3);
    assert.match(r.errors[0]!.hint!, /a request needs two levels/);
  });

  test('10,000 levels of block nesting', () => {
    const lines = ['---', 'run-at: in 2h', 'inputs:'];
    for (let i = 1; i <= 10_000 && lines.join('\n').length < 60_000; i++)
      lines.push(`${' '.repeat(i)}k:`);
    lines.push('---');
    assert.match(only(timed(lines.join('\n'))), /nested more than 16 levels deep/);
    // `- - - … x`: whichever budget trips first (depth or tokens), it is refused at once.
    assert.match(
      only(timed(`---\nrun-at: in 2h\ninputs: ${'- '.repeat(10_000)}x\n---\n`)),
      /nested more than 16 levels|too large \(more than 20000 YAML tokens\)/,
    );
  });

  test("a 1 MB body is refused by size, naming GitHub's limit", () => {
    const body = `---\nrun-at: in 2h\n---\n${'x'.repeat(1024 * 1024)}`;
    const r = timed(body);
    assert.equal(
      only(r),
      "the issue body is 1,048,598 characters; GitHub's limit for issue bodies is 65,536 characters",
    );
    assert.equal(r.errors[0]!.line, 1);
  });

  test('a body of exactly 65,536 characters is still read', () => {
    const head = '---\nrun-at: in 2h\n---\n';
    const r = timed(head + 'x'.repeat(65_536 - head.length));
    assert.deepEqual(r.errors, []);
    assert.ok(r.request);
  });

  test('__proto__ and constructor keys are unknown keys and undeclared inputs; nothing is polluted', () => {
    const r = timed(
      [
        '---',
        'run-at: in 2h',
        '__proto__: { polluted: yes }',
        'constructor: { prototype: { polluted: yes } }',
        'inputs:',
        '  __proto__: { polluted: yes }',
        '  constructor: x',
        '  prototype: x',
        '---',
      ].join('\n'),
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.message]),
      [
        [3, 'unknown key "__proto__"'],
        [4, 'unknown key "constructor"'],
        [6, 'input "__proto__" is not declared by workflow agent.yml'],
        [7, 'input "constructor" is not declared by workflow agent.yml'],
        [8, 'input "prototype" is not declared by workflow agent.yml'],
      ],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  test('__proto__ as an input of a workflow whose inputs cannot be checked', () => {
    const r = parseRunAtIssue(
      bodyIssue('---\nrun-at: in 2h\nworkflow: 42\ninputs:\n  __proto__: x\n---\n'),
      {
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
      },
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.message]),
      [[5, '`__proto__` cannot be an input name']],
    );
  });

  test('non-string inputs: mappings and lists are errors, scalars become the text written', () => {
    const r = timed(
      '---\nrun-at: in 2h\ninputs:\n  prompt:\n    nested: deep\n  model:\n    - small\n---\n',
    );
    assert.match(
      only(r),
      /input "prompt" must be a single value .* got a mapping\ninput "model" must be a single value .* got a list/,
    );
  });

  test('duplicate keys are errors, in the front matter and in inputs', () => {
    const r = timed('---\nrun-at: in 2h\nrun-at: in 3h\ninputs:\n  prompt: a\n  prompt: b\n---\n');
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.message]),
      [
        [3, 'duplicate key "run-at" (first defined on line 2)'],
        [6, 'duplicate key "prompt" (first defined on line 5)'],
      ],
    );
    assert.match(r.errors[0]!.hint!, /keep one of them/);
  });

  test('a huge number of keys is cut off by the token budget', () => {
    const keys = Array.from({ length: 6_000 }, (_, i) => `k${i}: v`).join('\n');
    const r = timed(`---\n${keys}\n---\n`);
    assert.equal(only(r), 'front matter is too large (more than 20000 YAML tokens)');
  });

  test('one enormous line, as a value, a heading, or spaces and hashes', () => {
    only(timed(`---\nrun-at: ${'9'.repeat(60_000)}h\n---\n`));
    only(timed(`---\nrun-at: in 2h ${' '.repeat(60_000)}x\n---\n`));
    only(timed(`### Run at ${' #'.repeat(30_000)}x\n\nin 2h\n`));
    only(timed(`### Run at\n\n${' '.repeat(60_000)}\n### Workflow${'\t'.repeat(5_000)}#`));
    only(timed(`${'<!--'.repeat(16_000)}`));
    only(timed(`\n${'-'.repeat(60_000)}\n`));
  });

  test('many headings and many fences', () => {
    only(timed('### Run at\n\n'.repeat(5_000)));
    only(timed('```\n'.repeat(16_000)));
    only(timed('### Run at\n\n```yaml\n' + '```\n'.repeat(10_000)));
  });

  test('NUL bytes and control characters', () => {
    only(timed('---\nrun-at: in 2h\u0000\n---\n'));
    only(timed('---\nrun-at: in 2h\ninputs:\n  prompt: "\u0007"\n  model: \u001b[31mred\n---\n'));
  });

  test('a marker-like comment in the body is just YAML comment or free text', () => {
    const r = timed(
      '---\nrun-at: in 2h\n# <!-- agent-scheduler:dispatched issue=12 -->\n---\n<!-- agent-scheduler:ack issue=12 fingerprint=x -->\n',
    );
    assert.deepEqual(r.errors, []);
  });
});
