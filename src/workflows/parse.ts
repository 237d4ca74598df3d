/**
 * A workflow file's `on:` → whether it can be dispatched, and its declared inputs.
 * Handles every form of `on:` (a string, a list, a mapping with or without
 * `workflow_dispatch.inputs`) and the YAML 1.1 quirk where the key `on` reads as `true`.
 */
import { ConfigError } from '../errors.js';
import { parseYaml, type PathSegment, type YamlLimits } from '../schedules/yaml.js';
import {
  SCHEDULED_RUN_INPUT,
  WORKFLOW_INPUT_TYPES,
  type WorkflowInfo,
  type WorkflowInput,
  type WorkflowInputType,
} from './types.js';

/** Workflow files are bigger than schedules, but still bounded. */
export const WORKFLOW_YAML_LIMITS: Partial<YamlLimits> = {
  maxTokens: 100_000,
  maxNodes: 100_000,
  maxAliases: 500,
};

export interface ParsedWorkflow {
  workflow?: WorkflowInfo;
  errors: ConfigError[];
}

/**
 * Parses one workflow file. `path` is repository-relative (`.github/workflows/agent.yml`);
 * `ref` defaults to its base name.
 */
export function parseWorkflowText(text: string, path: string, ref?: string): ParsedWorkflow {
  const parsed = parseYaml(text, path, {
    limits: WORKFLOW_YAML_LIMITS,
    what: 'workflow file',
    rejectUnknownTags: false,
  });
  const errors = [...parsed.errors, ...parsed.warnings];
  if (parsed.errors.length > 0) return { errors };
  const root = parsed.value;
  if (!isRecord(root)) {
    errors.push(
      new ConfigError({
        source: path,
        message: 'a workflow file must be a YAML mapping (with `on:` and `jobs:`)',
        line: 1,
        column: 1,
      }),
    );
    return { errors };
  }

  // YAML 1.2 (our parser) reads `on` as a string; YAML 1.1 readers turn it into `true`.
  const onKey = Object.hasOwn(root, 'on') ? 'on' : Object.hasOwn(root, 'true') ? 'true' : undefined;
  const on = onKey === undefined ? undefined : root[onKey];
  const events = eventNames(on);
  const dispatchable = events.includes('workflow_dispatch');

  const inputs = Object.create(null) as Record<string, WorkflowInput>;
  const dispatch = isRecord(on) ? on['workflow_dispatch'] : undefined;
  const declared = isRecord(dispatch) ? dispatch['inputs'] : undefined;
  if (isRecord(declared)) {
    for (const name of Object.keys(declared)) {
      const base: PathSegment[] = [onKey!, 'workflow_dispatch', 'inputs', name];
      inputs[name] = readInput(declared[name], (...keys) =>
        parsed.scalarSource([...base, ...keys]),
      );
    }
  }

  const name = root['name'];
  const workflow: WorkflowInfo = {
    ref: ref ?? path.split('/').pop()!,
    path,
    dispatchable,
    inputsKnown: true,
    inputs,
    acceptsScheduledRun: dispatchable && Object.hasOwn(inputs, SCHEDULED_RUN_INPUT),
  };
  if (typeof name === 'string' && name.trim() !== '') workflow.name = name;
  return { workflow, errors };
}

function eventNames(on: unknown): string[] {
  if (typeof on === 'string') return [on.trim()];
  if (Array.isArray(on))
    return on.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
  if (isRecord(on)) return Object.keys(on);
  return [];
}

function readInput(
  spec: unknown,
  source: (...keys: PathSegment[]) => string | undefined,
): WorkflowInput {
  const s = isRecord(spec) ? spec : (Object.create(null) as Record<string, unknown>);
  const type = WORKFLOW_INPUT_TYPES.includes(s['type'] as WorkflowInputType)
    ? (s['type'] as WorkflowInputType)
    : 'string';
  const input: WorkflowInput = {
    type,
    required: s['required'] === true || s['required'] === 'true',
  };
  const def = scalarText(s['default'], source('default'));
  if (def !== undefined) input.default = def;
  if (Array.isArray(s['options'])) {
    input.options = s['options']
      .map((o, i) => scalarText(o, source('options', i)))
      .filter((o): o is string => o !== undefined);
  }
  if (typeof s['description'] === 'string') input.description = s['description'];
  return input;
}

/** A scalar as a dispatch sends it; numbers keep their written form (`1.10`, not `1.1`). */
function scalarText(value: unknown, written: string | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return written ?? String(value);
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
