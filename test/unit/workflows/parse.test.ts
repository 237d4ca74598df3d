import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkflowText } from '../../../src/workflows/parse.js';
import { AGENT_WORKFLOW } from '../schedules/helpers.js';

const PATH = '.github/workflows/w.yml';
const JOBS = '\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';

function parse(text: string) {
  const result = parseWorkflowText(text, PATH);
  assert.deepEqual(
    result.errors.map((e) => e.format()),
    [],
  );
  assert.ok(result.workflow);
  return result.workflow;
}

describe('parseWorkflowText: the forms of on:', () => {
  test('on: workflow_dispatch (a string)', () => {
    const wf = parse(`on: workflow_dispatch${JOBS}`);
    assert.equal(wf.dispatchable, true);
    assert.deepEqual({ ...wf.inputs }, {});
    assert.equal(wf.acceptsScheduledRun, false);
    assert.equal(wf.ref, 'w.yml');
    assert.equal(wf.path, PATH);
    assert.equal(wf.inputsKnown, true);
  });

  test('on: [push, workflow_dispatch] (a list)', () => {
    assert.equal(parse(`on: [push, workflow_dispatch]${JOBS}`).dispatchable, true);
    assert.equal(parse(`on:\n  - push\n  - workflow_dispatch${JOBS}`).dispatchable, true);
  });

  test('on: {workflow_dispatch: null} and {workflow_dispatch: {}}', () => {
    assert.equal(parse(`on:\n  workflow_dispatch:\n  push:${JOBS}`).dispatchable, true);
    assert.equal(parse(`on: {workflow_dispatch: {}}${JOBS}`).dispatchable, true);
  });

  test('not dispatchable: push only, schedule only, no on: at all', () => {
    assert.equal(parse(`on: push${JOBS}`).dispatchable, false);
    assert.equal(parse(`on: [push, pull_request]${JOBS}`).dispatchable, false);
    assert.equal(parse(`on:\n  schedule:\n    - cron: '0 * * * *'${JOBS}`).dispatchable, false);
    assert.equal(parse(`name: x${JOBS}`).dispatchable, false);
  });

  test('the YAML 1.1 quirk: a `true` key stands for `on`', () => {
    const wf = parse(
      `true:\n  workflow_dispatch:\n    inputs:\n      a:\n        required: true${JOBS}`,
    );
    assert.equal(wf.dispatchable, true);
    assert.deepEqual(Object.keys(wf.inputs), ['a']);
  });
});

describe('parseWorkflowText: inputs', () => {
  test('the fixture agent workflow', () => {
    const wf = parse(AGENT_WORKFLOW);
    assert.equal(wf.name, 'Agent');
    assert.equal(wf.dispatchable, true);
    assert.equal(wf.acceptsScheduledRun, true);
    assert.deepEqual(
      { ...wf.inputs },
      {
        prompt: { type: 'string', required: true, description: 'What the agent should do' },
        'scheduled-run': {
          type: 'string',
          required: false,
          description: 'Filled by agent-scheduler (JSON); leave empty when running by hand',
        },
        'dry-run': {
          type: 'boolean',
          required: false,
          default: 'false',
          description: 'Plan only, change nothing',
        },
      },
    );
  });

  test('types, defaults as strings (numbers as written), options, unknown type → string', () => {
    const wf = parse(
      [
        'on:',
        '  workflow_dispatch:',
        '    inputs:',
        '      model:',
        '        type: choice',
        '        options: [small, large, 1.10]',
        '        default: small',
        '      count:',
        '        type: number',
        '        default: 1.10',
        '      env:',
        '        type: environment',
        '        required: "true"',
        '      weird:',
        '        type: banana',
        '      bare:',
      ].join('\n') + JOBS,
    );
    assert.deepEqual(wf.inputs['model'], {
      type: 'choice',
      required: false,
      default: 'small',
      options: ['small', 'large', '1.10'],
    });
    assert.deepEqual(wf.inputs['count'], { type: 'number', required: false, default: '1.10' });
    assert.deepEqual(wf.inputs['env'], { type: 'environment', required: true });
    assert.deepEqual(wf.inputs['weird'], { type: 'string', required: false });
    assert.deepEqual(wf.inputs['bare'], { type: 'string', required: false });
  });

  test('inputs is a null-prototype record: `constructor` and `__proto__` are just names', () => {
    const wf = parse(
      `on:\n  workflow_dispatch:\n    inputs:\n      __proto__:\n        required: true${JOBS}`,
    );
    assert.equal(Object.getPrototypeOf(wf.inputs), null);
    assert.equal(Object.hasOwn(wf.inputs, '__proto__'), true);
    assert.equal(Object.hasOwn(wf.inputs, 'constructor'), false);
    assert.equal(({} as Record<string, unknown>)['required'], undefined);
  });

  test('YAML anchors and aliases in a workflow are expanded', () => {
    const wf = parse(
      `on:\n  workflow_dispatch:\n    inputs:\n      a: &spec\n        type: boolean\n        default: true\n      b: *spec${JOBS}`,
    );
    assert.deepEqual(wf.inputs['b'], { type: 'boolean', required: false, default: 'true' });
  });
});

describe('parseWorkflowText: broken files', () => {
  test('invalid YAML → errors with the workflow path, line and column', () => {
    const result = parseWorkflowText('on: [push,\njobs: {}\n', PATH);
    assert.equal(result.workflow, undefined);
    assert.equal(result.errors[0]?.source, PATH);
    assert.match(result.errors[0]!.message, /^YAML syntax: /);
    assert.equal(result.errors[0]?.line, 2);
  });

  test('not a mapping', () => {
    const result = parseWorkflowText('- a\n- b\n', PATH);
    assert.equal(result.workflow, undefined);
    assert.match(result.errors[0]!.message, /must be a YAML mapping/);
  });

  test('duplicate keys are reported', () => {
    const result = parseWorkflowText(`on: push\non: workflow_dispatch${JOBS}`, PATH);
    assert.match(result.errors[0]!.message, /duplicate key "on" \(first defined on line 1\)/);
    assert.equal(result.errors[0]!.line, 2);
  });
});
