/**
 * Checking `inputs:` against what the target workflow declares — shared by schedule files and
 * run-at issues. Nothing undeclared is ever sent (GitHub rejects the whole dispatch), values
 * are turned into the strings a dispatch sends, and GitHub's limits (25 inputs, 65,535
 * characters) are enforced before a dispatch can fail on them.
 */
import { ConfigError } from '../errors.js';
import type { Position } from '../schedules/yaml.js';
import { didYouMean, listOf } from '../schedules/suggest.js';
import {
  MAX_DISPATCH_INPUTS,
  MAX_DISPATCH_PAYLOAD,
  SCHEDULED_RUN_INPUT,
  SCHEDULED_RUN_RESERVE,
  type WorkflowInfo,
} from './types.js';

/** Where the inputs were written, so errors can point at them. Every part is optional. */
export interface InputPositions {
  /** The `inputs:` key, or whatever stands for the request as a whole when there is none. */
  inputs?: Position;
  /** Where input `name`'s key is written. */
  key?(name: string): Position | undefined;
  /** Where input `name`'s value is written. */
  value?(name: string): Position | undefined;
  /** The value as written, for numbers: `1.10` rather than the 1.1 YAML reads. */
  text?(name: string): string | undefined;
}

export interface InputsWhere {
  /** `schedules/nightly.yml`, `issue #12`. */
  source: string;
  positions?: InputPositions;
}

export interface CheckedInputs {
  /** What to send: declared inputs only, as strings. Meaningful only when `errors` is empty. */
  inputs: Record<string, string>;
  errors: ConfigError[];
}

/** GitHub's rule for input names: a letter or `_`, then letters, digits, `-` or `_`. */
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Length of the JSON that carries these inputs in a dispatch request. */
export function inputsPayloadLength(inputs: Record<string, string>): number {
  return JSON.stringify(inputs).length;
}

/**
 * Checks `values` (the parsed `inputs:` mapping; undefined or null = none) against `workflow`.
 * Every problem is reported; `inputs` holds the strings to send.
 */
export function checkDispatchInputs(
  values: unknown,
  workflow: WorkflowInfo,
  where: InputsWhere,
): CheckedInputs {
  const { source } = where;
  const pos = where.positions ?? {};
  const errors: ConfigError[] = [];
  const entries: [string, string][] = [];
  const label = `workflow ${workflow.ref}`;
  const at = (p: Position | undefined): { line?: number; column?: number } =>
    p ? { line: p.line, column: p.column } : {};
  const err = (p: Position | undefined, message: string, hint?: string): void => {
    errors.push(new ConfigError({ source, message, ...at(p), hint }));
  };
  const whole = pos.inputs;

  if (values !== undefined && values !== null && !isPlainMapping(values)) {
    err(
      whole,
      `inputs must be a mapping of input names to values, got ${describe(values)}`,
      'write each input on its own line under `inputs:`, as `name: value`',
    );
    return { inputs: {}, errors };
  }
  const given = (values ?? {}) as Record<string, unknown>;
  const declaredNames = Object.keys(workflow.inputs).filter((n) => n !== SCHEDULED_RUN_INPUT);

  for (const name of Object.keys(given)) {
    const raw = given[name];
    const keyAt = pos.key?.(name) ?? whole;
    const valueAt = pos.value?.(name) ?? keyAt;

    if (name === SCHEDULED_RUN_INPUT) {
      err(
        keyAt,
        `input "${SCHEDULED_RUN_INPUT}" is reserved: agent-scheduler fills it with the run's identity`,
        'remove it; the workflow receives it automatically when it declares the input',
      );
      continue;
    }
    const declared = Object.hasOwn(workflow.inputs, name) ? workflow.inputs[name] : undefined;
    if (workflow.inputsKnown && !declared) {
      const suggestion = didYouMean(name, declaredNames);
      err(
        keyAt,
        `input "${name}" is not declared by ${label}`,
        [
          suggestion,
          declaredNames.length > 0
            ? `declared inputs: ${listOf(declaredNames)}`
            : `${workflow.ref} declares no inputs; add them under \`on.workflow_dispatch.inputs\``,
        ]
          .filter(Boolean)
          .join(' '),
      );
      continue;
    }
    if (!workflow.inputsKnown && !INPUT_NAME.test(name)) {
      err(
        keyAt,
        `"${name}" is not a valid input name`,
        'input names start with a letter or `_` and contain only letters, digits, `-` and `_`',
      );
      continue;
    }

    // The value, as a dispatch would send it.
    let text: string;
    if (typeof raw === 'string') {
      text = raw;
    } else if (typeof raw === 'boolean') {
      text = String(raw);
    } else if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) {
        err(valueAt, `input "${name}" is not a finite number`, 'quote it to send it as text');
        continue;
      }
      text = pos.text?.(name) ?? String(raw);
    } else if (raw instanceof Date) {
      text = raw.toISOString();
    } else if (raw === null || raw === undefined) {
      err(
        valueAt,
        `input "${name}" has no value`,
        'write a value, `""` for an empty one, or remove the line to use the default',
      );
      continue;
    } else {
      err(
        valueAt,
        `input "${name}" must be a single value (text, number or true/false), got ${describe(raw)}`,
        'for several lines of text, use a block scalar: `name: |` followed by indented lines',
      );
      continue;
    }

    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
    if (control) {
      const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      err(
        valueAt,
        `input "${name}" contains a control character (${code})`,
        'remove it: inputs are text, and tabs and line breaks are the only control characters they may hold',
      );
      continue;
    }
    if (declared) {
      const problem = checkType(name, text, declared.type, declared.options);
      if (problem) {
        err(valueAt, problem.message, problem.hint);
        continue;
      }
      // Numbers and booleans in their canonical form: `TRUE` is not what a workflow tests for.
      if (declared.type === 'boolean') text = text.toLowerCase();
    }
    entries.push([name, text]);
  }

  // Required inputs without a default must be given; `scheduled-run` is ours to fill.
  for (const name of declaredNames) {
    const declared = workflow.inputs[name]!;
    if (declared.required && declared.default === undefined && !Object.hasOwn(given, name)) {
      err(
        whole,
        `required input "${name}" of ${label} is missing`,
        `add it under \`inputs:\`${declared.description ? ` (${declared.description.trim().split('\n')[0]})` : ''}`,
      );
    }
  }

  // GitHub's limits, counting the `scheduled-run` input the Action adds.
  const inputs = Object.fromEntries(entries) as Record<string, string>;
  const extra = workflow.acceptsScheduledRun ? 1 : 0;
  const count = Object.keys(given).length + extra;
  if (count > MAX_DISPATCH_INPUTS) {
    err(
      whole,
      `too many inputs: ${count}${extra ? ` (including \`${SCHEDULED_RUN_INPUT}\`)` : ''}; GitHub accepts at most ${MAX_DISPATCH_INPUTS} per dispatch`,
      'combine some of them into one input (a JSON string, say)',
    );
  }
  const size = inputsPayloadLength(inputs) + (extra ? SCHEDULED_RUN_RESERVE : 0);
  if (size > MAX_DISPATCH_PAYLOAD) {
    err(
      whole,
      `inputs are ${size.toLocaleString('en-US')} characters${extra ? ` (with ${SCHEDULED_RUN_RESERVE} reserved for \`${SCHEDULED_RUN_INPUT}\`)` : ''}; GitHub accepts at most ${MAX_DISPATCH_PAYLOAD.toLocaleString('en-US')} per dispatch`,
      'keep long text in the repository (or an issue) and pass its path or number instead',
    );
  }
  return { inputs, errors };
}

function checkType(
  name: string,
  text: string,
  type: string,
  options: string[] | undefined,
): { message: string; hint?: string } | undefined {
  switch (type) {
    case 'boolean':
      if (text === 'true' || text === 'false') return undefined;
      if (/^(true|false)$/i.test(text)) return undefined;
      return {
        message: `input "${name}" must be true or false, got ${JSON.stringify(text)}`,
        hint: /^(yes|no|on|off|y|n)$/i.test(text)
          ? 'YAML 1.2 reads yes/no/on/off as text; write true or false'
          : 'write true or false',
      };
    case 'choice': {
      const choices = options ?? [];
      if (choices.includes(text)) return undefined;
      return {
        message: `input "${name}" must be one of ${listOf(choices.map((c) => JSON.stringify(c)))}, got ${JSON.stringify(text)}`,
        hint: didYouMean(text, choices) ?? `choose one of: ${listOf(choices)}`,
      };
    }
    case 'number':
      if (NUMBER.test(text.trim())) return undefined;
      return {
        message: `input "${name}" must be a number, got ${JSON.stringify(text)}`,
        hint: 'write digits, like 3 or 2.5',
      };
    case 'environment':
      if (text.trim() !== '') return undefined;
      return {
        message: `input "${name}" must name an environment`,
        hint: 'write the environment name',
      };
    default:
      return undefined;
  }
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'string' ? 'text' : typeof value} ${JSON.stringify(value)}`;
}
