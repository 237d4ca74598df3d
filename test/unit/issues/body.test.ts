import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRequest } from '../../../src/issues/body.js';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import { OPTIONS, bodyIssue } from './helpers.js';

const options = { ...OPTIONS, defaultWorkflow: 'agent.yml' };

function parse(body: string) {
  return parseRunAtIssue(bodyIssue(body), options);
}

describe('front matter, as browsers and agents write it', () => {
  const expected = '2026-11-25T09:00:00.000Z';

  test('CRLF line ends', () => {
    const r = parse(
      '---\r\nrun-at: in 2h\r\nworkflow: agent.yml\r\ninputs:\r\n  prompt: hi\r\n---\r\nFree text\r\n',
    );
    assert.equal(r.request?.runAt?.toISOString(), expected);
    assert.deepEqual(r.request?.inputs, { prompt: 'hi' });
  });

  test('lone CR line ends (old editors)', () => {
    const r = parse('---\rrun-at: in 2h\r---\r');
    assert.equal(r.request?.runAt?.toISOString(), expected);
  });

  test('a BOM, leading blank lines and whitespace before the opening ---', () => {
    const r = parse('\ufeff\n  \n\t\n  ---  \nrun-at: in 2h\n---   \n');
    assert.equal(r.request?.runAt?.toISOString(), expected);
  });

  test('HTML comments left by a Markdown template before the front matter', () => {
    const r = parse(
      '<!-- Fill in the request below -->\n<!--\n  multi-line\n-->\n---\nrun-at: in 2h\n---\n',
    );
    assert.equal(r.request?.runAt?.toISOString(), expected);
  });

  test('non-breaking spaces pasted into the indentation', () => {
    const r = parse('---\nrun-at: in 2h\ninputs:\n\u00a0\u00a0prompt: hi\n---\n');
    assert.deepEqual(r.request?.inputs, { prompt: 'hi' });
  });

  test('`...` also closes the front matter; an indented --- inside a block scalar does not', () => {
    const r = parse(
      '---\nrun-at: in 2h\ninputs:\n  prompt: |\n    above\n    ---\n    below\n...\nfree\n',
    );
    assert.deepEqual(r.request?.inputs, { prompt: 'above\n---\nbelow\n' });
  });

  test('error lines count the body lines, blank lines and CRLF included', () => {
    const r = parse('\r\n\r\n---\r\nrun-at: in 2h\r\nworkflow: agent.yml\r\nbogus: 1\r\n---\r\n');
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.line, 6);
    assert.equal(r.errors[0]!.column, 1);
  });

  test('a missing closing --- is an error with a hint', () => {
    const r = parse('---\nrun-at: in 2h\nworkflow: agent.yml\n\nPlease run this later.\n');
    assert.equal(r.errors.length, 1);
    assert.equal(
      r.errors[0]!.message,
      'the front matter that starts on line 1 has no closing `---` line',
    );
    assert.equal(r.errors[0]!.line, 1);
    assert.match(r.errors[0]!.hint!, /add a line with just `---` after the last key/);
  });

  test('no front matter: a clear error with a corrected example', () => {
    const r = parse('Please run agent.yml in two hours.\n');
    assert.equal(r.errors.length, 1);
    assert.equal(
      r.errors[0]!.message,
      'the issue body does not start with front matter (`---` … `---`)',
    );
    assert.equal(
      r.errors[0]!.hint,
      'start the body with a line `---`, then `run-at: in 2h` and `workflow: agent.yml` on lines of their own, then another `---` line',
    );
  });

  test('keys without delimiters point at the key line', () => {
    const r = parse('\nrun-at: in 2h\nworkflow: agent.yml\n');
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.line, 2);
    assert.match(
      r.errors[0]!.message,
      /line 2 looks like a request, but the body does not start with front matter/,
    );
  });

  test('front matter after free text is not front matter', () => {
    const r = parse('Hello\n---\nrun-at: in 2h\n---\n');
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /line 3 looks like a request/);
  });

  test('autocorrected dashes and fenced front matter get their own hints', () => {
    const dash = parse('\u2014\nrun-at: in 2h\n\u2014\n');
    assert.match(dash.errors[0]!.message, /a dash \(—\) where three hyphens `---` belong/);
    const fenced = parse('```yaml\n---\nrun-at: in 2h\n---\n```\n');
    assert.equal(fenced.errors[0]!.message, 'the front matter is inside a code block');
  });

  test('empty front matter, and front matter that is not a mapping', () => {
    assert.equal(parse('---\n---\n').errors[0]!.message, 'the front matter is empty');
    assert.equal(
      parse('---\n- run-at: in 2h\n---\n').errors[0]!.message,
      'the front matter must be `key: value` lines, not a list',
    );
    assert.equal(
      parse('---\nin 2h\n---\n').errors[0]!.message,
      'the front matter must be `key: value` lines, not a single value',
    );
  });

  test('YAML syntax errors name the body line', () => {
    const r = parse('---\nrun-at: in 2h\ninputs:\n  prompt: "unclosed\n---\n');
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /^YAML syntax: /);
    assert.equal(r.errors[0]!.line, 4);
  });
});

describe('issue forms (SPEC §7.5)', () => {
  const form = (inputs: string, workflow = 'agent.yml', extra = '') =>
    `### Run at\n\nin 2h\n\n### Workflow\n\n${workflow}\n\n### Timezone\n\n_No response_\n\n### Inputs\n\n${inputs}${extra}`;

  test('fenced YAML inputs, as `render: yaml` writes them', () => {
    const r = parse(form('```yaml\nprompt: Check whether PR #123 is green\nmodel: large\n```'));
    assert.deepEqual(r.errors, []);
    assert.equal(r.request?.runAt?.toISOString(), '2026-11-25T09:00:00.000Z');
    assert.equal(r.request?.workflow, 'agent.yml');
    assert.equal(r.request?.timezone, 'UTC');
    assert.equal(r.request?.format, 'form');
    assert.deepEqual(r.request?.inputs, {
      prompt: 'Check whether PR #123 is green',
      model: 'large',
    });
  });

  test('plain YAML inputs', () => {
    const r = parse(form('prompt: hello\nmodel: small'));
    assert.deepEqual(r.request?.inputs, { prompt: 'hello', model: 'small' });
  });

  test('_No response_ means empty: default workflow, no inputs', () => {
    const r = parse(form('_No response_', '_No response_'));
    assert.deepEqual(r.errors, []);
    assert.equal(r.request?.workflow, 'agent.yml');
    assert.deepEqual(r.request?.inputs, {});
  });

  test('CRLF form bodies, and a `###` YAML comment inside the fence is not a heading', () => {
    const r = parse(form('```yaml\n### the prompt\nprompt: hi\n```').replace(/\n/g, '\r\n'));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.request?.inputs, { prompt: 'hi' });
  });

  test('other sections are free text; backticks around a value are dropped', () => {
    const r = parse(
      form('_No response_', '`plain.yml`', '\n\n### Notes\n\nAnything at all: [x] {y}\n'),
    );
    assert.deepEqual(r.errors, []);
    assert.equal(r.request?.workflow, 'plain.yml');
  });

  test('errors point at the value lines of the form', () => {
    const r = parse(form('```yaml\npromt: hi\n```', 'agnt.yml'));
    // Until the workflow is known, its inputs cannot be checked against it.
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.message]),
      [[7, 'workflow "agnt.yml" not found in .github/workflows']],
    );
    const fixed = parse(form('```yaml\npromt: hi\n```'));
    assert.deepEqual(
      fixed.errors.map((e) => [e.line, e.message]),
      [[16, 'input "promt" is not declared by workflow agent.yml']],
    );
  });

  test('form hints speak of fields, not keys', () => {
    const r = parse('### Run at\n\nin 1 hour\n\n### Workflow\n\nagent.yml\n');
    assert.equal(r.errors[0]!.line, 3);
    assert.equal(r.errors[0]!.hint, 'write `in 1h` in the "Run at" field');
    const empty = parse('### Run at\n\n_No response_\n\n### Workflow\n\nagent.yml\n');
    assert.equal(empty.errors[0]!.line, 1);
    assert.match(empty.errors[0]!.hint!, /add `in 2h` in the "Run at" field/);
  });

  test('a near-miss section heading is an error; a multi-line single value too', () => {
    const r = parse('### Run at\n\nin 2h\n\n### Worklfow\n\nplain.yml\n');
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.message, e.hint]),
      [[5, 'unknown section "### Worklfow"', 'name it `### Workflow`']],
    );
    const two = parse('### Run at\n\nin 2h\nor in 3h\n');
    assert.equal(two.errors[0]!.message, '"Run at" must be a single line, got 2 lines');
  });

  test('extractRequest tells the shapes apart', () => {
    assert.equal(extractRequest('---\na: 1\n---').kind, 'front-matter');
    assert.equal(extractRequest('### Run at\n\nin 2h').kind, 'form');
    assert.equal(extractRequest('### Cron\n\n0 9 * * *').kind, 'form');
    assert.equal(extractRequest('### Notes\n\nhello').kind, 'none');
    assert.equal(extractRequest('---\na: 1').kind, 'unclosed');
    assert.deepEqual(extractRequest(''), { kind: 'none', firstLine: 1, reason: 'empty' });
  });
});
