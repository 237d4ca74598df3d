/**
 * The issue form (.github/ISSUE_TEMPLATE/run-at.yml) and the body GitHub builds from it: every
 * answer becomes `### <label>\n\n<value>` (empty → `_No response_`; a textarea with `render`
 * → a fenced block), sections joined by a blank line. The parser must accept exactly that.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { FORM_LABELS } from '../../../src/issues/examples.js';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import { WorkflowLoader } from '../../../src/workflows/loader.js';
import { OPTIONS, bodyIssue } from './helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TEMPLATE = join(ROOT, '.github', 'ISSUE_TEMPLATE', 'run-at.yml');

interface FormElement {
  type: string;
  id?: string;
  attributes: { label?: string; render?: string; value?: string; [key: string]: unknown };
  validations?: { required?: boolean };
}

interface Form {
  name: string;
  description: string;
  title?: string;
  labels?: string[];
  body: FormElement[];
}

const form = parse(readFileSync(TEMPLATE, 'utf8')) as Form;

/** The issue body GitHub writes for these answers (by element id). */
function bodyFor(answers: Record<string, string>): string {
  return form.body
    .filter((e) => e.type !== 'markdown')
    .map((e) => {
      const value = (answers[e.id!] ?? '').trim();
      const shown =
        value === ''
          ? '_No response_'
          : e.attributes.render
            ? `\`\`\`${e.attributes.render}\n${value}\n\`\`\``
            : value;
      return `### ${e.attributes.label}\n\n${shown}`;
    })
    .join('\n\n');
}

describe('the run-at issue form', () => {
  test('is a well-formed GitHub issue form that labels its issues run-at', () => {
    assert.equal(typeof form.name, 'string');
    assert.equal(typeof form.description, 'string');
    assert.deepEqual(form.labels, ['run-at']);
    const allowedTop = new Set([
      'name',
      'description',
      'title',
      'labels',
      'assignees',
      'projects',
      'type',
      'body',
    ]);
    for (const key of Object.keys(form))
      assert.ok(allowedTop.has(key), `unexpected top-level key ${key}`);
    const ids = new Set<string>();
    const labels = new Set<string>();
    for (const element of form.body) {
      assert.ok(['markdown', 'input', 'textarea', 'dropdown', 'checkboxes'].includes(element.type));
      if (element.type === 'markdown') {
        assert.equal(typeof element.attributes.value, 'string');
        continue;
      }
      assert.match(element.id!, /^[A-Za-z0-9_-]+$/);
      assert.ok(!ids.has(element.id!), `duplicate id ${element.id}`);
      ids.add(element.id!);
      assert.ok(element.attributes.label, 'every field has a label');
      assert.ok(
        !labels.has(element.attributes.label!),
        `duplicate label ${element.attributes.label}`,
      );
      labels.add(element.attributes.label!);
      if (element.attributes.render !== undefined) assert.equal(element.type, 'textarea');
    }
  });

  test('its labels are the headings the parser reads', () => {
    const fields = form.body.filter((e) => e.type !== 'markdown');
    assert.deepEqual(
      fields.map((e) => [e.id, e.attributes.label]),
      [
        ['run-at', FORM_LABELS['run-at']],
        ['workflow', FORM_LABELS.workflow],
        ['timezone', FORM_LABELS.timezone],
        ['inputs', FORM_LABELS.inputs],
      ],
    );
    assert.equal(fields[0]!.validations?.required, true);
    assert.equal(fields[3]!.type, 'textarea');
    assert.equal(fields[3]!.attributes.render, 'yaml');
  });

  test('a filled-in form parses', () => {
    const body = bodyFor({
      'run-at': '2026-11-25 09:00',
      workflow: 'agent.yml',
      timezone: 'Europe/Paris',
      inputs: 'prompt: Check whether PR #123 is green and merge it\nmodel: large',
    });
    const result = parseRunAtIssue(bodyIssue(body), OPTIONS);
    assert.deepEqual(result.errors, []);
    assert.equal(result.request?.runAt?.toISOString(), '2026-11-25T08:00:00.000Z');
    assert.equal(result.request?.format, 'form');
    assert.deepEqual(result.request?.inputs, {
      prompt: 'Check whether PR #123 is green and merge it',
      model: 'large',
    });
  });

  test('a form with only the required field uses the defaults', () => {
    const body = bodyFor({ 'run-at': 'in 2h' });
    assert.match(body, /### Workflow\n\n_No response_/);
    const result = parseRunAtIssue(bodyIssue(body), { ...OPTIONS, defaultWorkflow: 'plain.yml' });
    assert.deepEqual(result.errors, []);
    assert.equal(result.request?.workflow, 'plain.yml');
    assert.equal(result.request?.timezone, 'UTC');
    assert.deepEqual(result.request?.inputs, {});
  });

  test('the same request from the form and from front matter is the same request', () => {
    const fromForm = parseRunAtIssue(
      bodyIssue(bodyFor({ 'run-at': 'in 2h', workflow: 'agent.yml', inputs: 'prompt: hi' })),
      OPTIONS,
    ).request!;
    const fromFrontMatter = parseRunAtIssue(
      bodyIssue('---\nrun-at: in 2h\nworkflow: agent.yml\ninputs:\n  prompt: hi\n---\n'),
      OPTIONS,
    ).request!;
    assert.equal(fromForm.fingerprint, fromFrontMatter.fingerprint);
  });
});

describe('with the real workflow loader', () => {
  test('reads the target workflow from the checkout', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'run-at-'));
    try {
      mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
      writeFileSync(
        join(workspace, '.github', 'workflows', 'agent.yml'),
        [
          'name: agent',
          'on:',
          '  workflow_dispatch:',
          '    inputs:',
          '      prompt: { type: string, required: true }',
          '      scheduled-run: { type: string, required: false }',
          'jobs:',
          '  run: { runs-on: ubuntu-latest, steps: [{ run: echo }] }',
        ].join('\n'),
      );
      const workflows = new WorkflowLoader(workspace);
      const good = parseRunAtIssue(
        bodyIssue('---\nrun-at: in 2h\nworkflow: agent.yml\ninputs:\n  prompt: hi\n---\n'),
        { ...OPTIONS, workflows },
      );
      assert.deepEqual(good.errors, []);
      assert.equal(good.request?.acceptsScheduledRun, true);
      assert.deepEqual(good.request?.inputs, { prompt: 'hi' });

      const bad = parseRunAtIssue(
        bodyIssue('---\nrun-at: in 2h\nworkflow: ../../etc/passwd\n---\n'),
        { ...OPTIONS, workflows },
      );
      assert.deepEqual(
        bad.errors.map((e) => [e.line, e.message]),
        [[3, 'workflow "../../etc/passwd" must be a file name in .github/workflows, not a path']],
      );
      const missing = parseRunAtIssue(bodyIssue('---\nrun-at: in 2h\nworkflow: agnt.yml\n---\n'), {
        ...OPTIONS,
        workflows,
      });
      assert.match(missing.errors[0]!.hint!, /did you mean `agent.yml`\?/);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
