import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDispatchInputs, inputsPayloadLength } from '../../../src/workflows/inputs.js';
import type { WorkflowInfo, WorkflowInput } from '../../../src/workflows/types.js';
import { SCHEDULED_RUN_RESERVE } from '../../../src/workflows/types.js';

function workflow(
  inputs: Record<string, WorkflowInput>,
  extra: Partial<WorkflowInfo> = {},
): WorkflowInfo {
  const record = Object.assign(Object.create(null) as Record<string, WorkflowInput>, inputs);
  return {
    ref: 'agent.yml',
    path: '.github/workflows/agent.yml',
    dispatchable: true,
    inputsKnown: true,
    inputs: record,
    acceptsScheduledRun: Object.hasOwn(record, 'scheduled-run'),
    ...extra,
  };
}

const AGENT = workflow({
  prompt: { type: 'string', required: true, description: 'What the agent should do' },
  'scheduled-run': { type: 'string', required: false },
  'dry-run': { type: 'boolean', required: false, default: 'false' },
  model: { type: 'choice', required: false, options: ['small', 'large'], default: 'small' },
  count: { type: 'number', required: false },
  env: { type: 'environment', required: false },
});

const UNKNOWN = workflow({}, { ref: '1234', path: undefined, inputsKnown: false });

const WHERE = {
  source: 'schedules/a.yml',
  positions: {
    inputs: { line: 3, column: 1 },
    key: (name: string) => ({ line: 10, column: name.length }),
    value: (name: string) => ({ line: 20, column: name.length }),
  },
};

function messages(values: unknown, wf: WorkflowInfo = AGENT) {
  return checkDispatchInputs(values, wf, WHERE).errors.map((e) => ({
    message: e.message,
    hint: e.hint,
    line: e.line,
    column: e.column,
  }));
}

describe('checkDispatchInputs: values', () => {
  test('scalars become the strings a dispatch sends', () => {
    const result = checkDispatchInputs(
      { prompt: 42, 'dry-run': true, model: 'large', count: 2.5, env: 'production' },
      AGENT,
      WHERE,
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.inputs, {
      prompt: '42',
      'dry-run': 'true',
      model: 'large',
      count: '2.5',
      env: 'production',
    });
  });

  test('numbers keep their written form when positions know it (1.10, not 1.1)', () => {
    const result = checkDispatchInputs({ prompt: 1.1 }, AGENT, {
      source: 's',
      positions: { text: () => '1.10' },
    });
    assert.deepEqual(result.inputs, { prompt: '1.10' });
  });

  test('booleans accept YAML booleans and the strings true/false', () => {
    for (const v of [true, false, 'true', 'false', 'TRUE']) {
      const result = checkDispatchInputs({ prompt: 'x', 'dry-run': v }, AGENT, WHERE);
      assert.deepEqual(result.errors, []);
      assert.equal(result.inputs['dry-run'], String(v).toLowerCase());
    }
  });

  test('a boolean given yes → error at the value with the YAML 1.2 hint', () => {
    assert.deepEqual(messages({ prompt: 'x', 'dry-run': 'yes' }), [
      {
        message: 'input "dry-run" must be true or false, got "yes"',
        hint: 'YAML 1.2 reads yes/no/on/off as text; write true or false',
        line: 20,
        column: 7,
      },
    ]);
  });

  test('a choice outside the options lists them and suggests the nearest', () => {
    assert.deepEqual(messages({ prompt: 'x', model: 'larg' }), [
      {
        message: 'input "model" must be one of "small", "large", got "larg"',
        hint: 'did you mean `large`?',
        line: 20,
        column: 5,
      },
    ]);
  });

  test('a number input must be numeric', () => {
    assert.equal(
      messages({ prompt: 'x', count: 'many' })[0]?.message,
      'input "count" must be a number, got "many"',
    );
    assert.deepEqual(messages({ prompt: 'x', count: '-1.5e3' }), []);
  });

  test('mappings, lists and empty values are errors', () => {
    assert.deepEqual(
      messages({ prompt: { a: 1 }, model: ['small'], count: null }).map((m) => m.message),
      [
        'input "prompt" must be a single value (text, number or true/false), got a mapping',
        'input "model" must be a single value (text, number or true/false), got a list',
        'input "count" has no value',
      ],
    );
  });

  test('non-finite numbers are errors', () => {
    assert.equal(
      messages({ prompt: Infinity })[0]?.message,
      'input "prompt" is not a finite number',
    );
  });

  test('inputs must be a mapping', () => {
    assert.deepEqual(messages(['prompt']), [
      {
        message: 'inputs must be a mapping of input names to values, got a list',
        hint: 'write each input on its own line under `inputs:`, as `name: value`',
        line: 3,
        column: 1,
      },
    ]);
  });
});

describe('checkDispatchInputs: names', () => {
  test('an undeclared input → error at its key, nearest name and the declared list', () => {
    assert.deepEqual(messages({ prompt: 'x', promt: 'y' }), [
      {
        message: 'input "promt" is not declared by workflow agent.yml',
        hint: 'did you mean `prompt`? declared inputs: prompt, dry-run, model, count, env',
        line: 10,
        column: 5,
      },
    ]);
  });

  test('a workflow without inputs says so', () => {
    const none = workflow({});
    assert.equal(
      messages({ x: '1' }, none)[0]?.hint,
      'agent.yml declares no inputs; add them under `on.workflow_dispatch.inputs`',
    );
  });

  test('a missing required input without default → error at `inputs`', () => {
    assert.deepEqual(messages({}), [
      {
        message: 'required input "prompt" of workflow agent.yml is missing',
        hint: 'add it under `inputs:` (What the agent should do)',
        line: 3,
        column: 1,
      },
    ]);
    assert.equal(messages(undefined).length, 1);
    assert.equal(messages(null).length, 1);
  });

  test('a required input with a default may be left out', () => {
    const wf = workflow({ a: { type: 'string', required: true, default: 'x' } });
    assert.deepEqual(messages({}, wf), []);
  });

  test('scheduled-run is reserved: setting it is an error, and it is never "missing"', () => {
    const wf = workflow({ 'scheduled-run': { type: 'string', required: true } });
    assert.equal(wf.acceptsScheduledRun, true);
    assert.deepEqual(messages({}, wf), []);
    assert.deepEqual(messages({ 'scheduled-run': 'x' }, wf), [
      {
        message:
          'input "scheduled-run" is reserved: agent-scheduler fills it with the run\'s identity',
        hint: 'remove it; the workflow receives it automatically when it declares the input',
        line: 10,
        column: 13,
      },
    ]);
    assert.equal(messages({ 'scheduled-run': 'x' }, UNKNOWN).length, 1);
  });

  test('__proto__ and constructor are never mistaken for declared inputs', () => {
    const values = Object.create(null) as Record<string, unknown>;
    values['__proto__'] = 'x';
    values['constructor'] = 'y';
    values['prompt'] = 'z';
    const result = checkDispatchInputs(values, AGENT, WHERE);
    assert.deepEqual(
      result.errors.map((e) => e.message),
      [
        'input "__proto__" is not declared by workflow agent.yml',
        'input "constructor" is not declared by workflow agent.yml',
      ],
    );
    assert.equal(Object.getPrototypeOf(result.inputs), Object.prototype);
  });

  test('an unknown workflow (numeric id) accepts any well-formed input', () => {
    const result = checkDispatchInputs({ anything: 'goes', n: 3 }, UNKNOWN, WHERE);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.inputs, { anything: 'goes', n: '3' });
    assert.equal(
      messages({ 'bad name': 'x' }, UNKNOWN)[0]?.message,
      '"bad name" is not a valid input name',
    );
  });

  test('without positions, errors carry the source only', () => {
    const result = checkDispatchInputs({ nope: 1 }, AGENT, { source: 'issue #7' });
    assert.equal(result.errors[0]?.source, 'issue #7');
    assert.equal(result.errors[0]?.line, undefined);
  });
});

describe("checkDispatchInputs: GitHub's limits", () => {
  test('at most 25 inputs, counting scheduled-run when the workflow declares it', () => {
    const values = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`i${i}`, 'v']));
    assert.deepEqual(messages(values, UNKNOWN), []);
    const tooMany = { ...values, extra: 'v' };
    assert.deepEqual(messages(tooMany, UNKNOWN), [
      {
        message: 'too many inputs: 26; GitHub accepts at most 25 per dispatch',
        hint: 'combine some of them into one input (a JSON string, say)',
        line: 3,
        column: 1,
      },
    ]);
    const declared = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [
        `i${i}`,
        { type: 'string', required: false } as WorkflowInput,
      ]),
    );
    const wf = workflow({ ...declared, 'scheduled-run': { type: 'string', required: false } });
    assert.equal(
      messages(values, wf)[0]?.message,
      'too many inputs: 26 (including `scheduled-run`); GitHub accepts at most 25 per dispatch',
    );
  });

  test('at most 65,535 characters of payload', () => {
    const fits = { prompt: 'x'.repeat(65_535 - inputsPayloadLength({ prompt: '' })) };
    assert.equal(inputsPayloadLength(fits), 65_535);
    assert.deepEqual(messages(fits, UNKNOWN), []);
    const over = { prompt: `${fits.prompt}x` };
    assert.deepEqual(messages(over, UNKNOWN), [
      {
        message: 'inputs are 65,536 characters; GitHub accepts at most 65,535 per dispatch',
        hint: 'keep long text in the repository (or an issue) and pass its path or number instead',
        line: 3,
        column: 1,
      },
    ]);
    // With scheduled-run declared, room is kept for its value.
    assert.match(messages(fits)[0]!.message, new RegExp(`with ${SCHEDULED_RUN_RESERVE} reserved`));
  });
});
