/**
 * A run-at issue → a validated RunAtRequest, or every problem with it (SPEC §2, §7.5, §7.7,
 * §7.12). Pure apart from the workflow lookup, which reads the checkout through the loader.
 *
 * Hostile bodies are expected (anyone can open an issue that a template labels): the body is
 * size-checked before anything else, the YAML goes through the same hardened reader as schedule
 * files (depth, token, alias and node budgets; null-prototype mappings), `__proto__` and
 * `constructor` are ordinary unknown keys or undeclared inputs, and nothing is ever assigned
 * to a plain object under a user-chosen name.
 */
import { stringify } from 'yaml';
import { ConfigError, messageOf } from '../errors.js';
import {
  clipError,
  didYouMean,
  durationHint,
  invisibleNote,
  listOf,
  withoutInvisible,
  zoneTooLong,
} from '../schedules/suggest.js';
import { parseYaml, type ParsedYaml, type Position, type YamlLimits } from '../schedules/yaml.js';
import { CronError, CronSpec } from '../time/cron.js';
import { DurationError, parseDuration } from '../time/duration.js';
import { timeZoneProblem } from '../time/zone.js';
import { checkDispatchInputs, type InputPositions } from '../workflows/inputs.js';
import type { WorkflowLookup } from '../workflows/loader.js';
import type { WorkflowInfo } from '../workflows/types.js';
import {
  MAX_BODY_CHARS,
  extractRequest,
  normalizeHeading,
  type BodyShape,
  type FormSection,
} from './body.js';
import {
  FORM_LABELS,
  REQUEST_KEYS,
  isRequestKey,
  keyExample,
  type RequestKey,
} from './examples.js';
import { requestFingerprint, timingFingerprint } from './fingerprint.js';
import { RUN_AT_FORMS, parseRunAt } from './run-at.js';
import type { IssueLike, ParseResult, RunAtRequest } from './types.js';

/** What `parseRunAtIssue` needs of the workflow loader (`WorkflowLoader` has it). */
export interface WorkflowSource {
  get(ref: string): WorkflowLookup;
}

export interface ParseOptions {
  /** The action's `workflow` input: the target when the request names none. */
  defaultWorkflow?: string;
  /** The action's `timezone` input (already validated). */
  defaultTimezone: string;
  workflows: WorkflowSource;
}

/**
 * Budgets for the YAML of one request: a few keys and at most 25 inputs. Small alias budget:
 * nothing in a request needs aliases, and an alias bomb must fail at once.
 */
export const ISSUE_YAML_LIMITS: Partial<YamlLimits> = {
  maxBytes: 4 * MAX_BODY_CHARS,
  maxDepth: 16,
  maxTokens: 20_000,
  maxAliases: 10,
  maxNodes: 2_000,
};

/** Unknown form sections compared with the fields' labels (for "did you mean"). */
const MAX_HEADINGS_COMPARED = 200;

/** Most retries a request may ask for. */
export const MAX_RETRIES = 10;

/** Keys of schedule files that run-at issues do not take, and why. */
const SCHEDULE_ONLY_KEYS = new Set([
  'overlap',
  'catch-up',
  'catch-up-window',
  'priority',
  'jitter',
  'enabled',
  'start-at',
  'end-at',
  'description',
]);

/** Words people use for a key, normalised (`runAt`, `run_at`, `Run At` → `run-at`). */
const KEY_ALIASES: Record<string, RequestKey> = {
  when: 'run-at',
  at: 'run-at',
  time: 'run-at',
  'run-on': 'run-at',
  'runs-at': 'run-at',
  schedule: 'cron',
  tz: 'timezone',
  'time-zone': 'timezone',
  zone: 'timezone',
  branch: 'ref',
  args: 'inputs',
  input: 'inputs',
  params: 'inputs',
  parameters: 'inputs',
  with: 'inputs',
  retry: 'retries',
  delay: 'retry-delay',
  'retry-after': 'retry-delay',
  'timeout-minutes': 'timeout',
};

/** One key of the request and where it is written. */
interface Entry {
  value: unknown;
  key: Position;
  /** Where the value is written (the key when the value is empty). */
  at: Position;
  /** The value as written, for numbers (`1.10`). */
  text?: string;
}

interface Draft {
  format: 'front-matter' | 'form';
  entries: Map<RequestKey, Entry>;
  /** Where problems with the request as a whole point: the opening `---`, or the first field. */
  anchor: Position;
  /** The parsed `inputs` (undefined when none were given). */
  inputs: unknown;
  inputsAt: InputPositions;
  /** Keys that were written but already reported as unusable (no second error for them). */
  reported: Set<RequestKey>;
}

/**
 * Reads and validates the request in a run-at issue. `errors` is empty exactly when `request`
 * is present. Never throws for bad input.
 */
export function parseRunAtIssue(issue: IssueLike, options: ParseOptions): ParseResult {
  const source = `issue #${issue.number}`;
  const errors: ConfigError[] = [];
  const add = (at: Position | undefined, message: string, hint?: string): void => {
    errors.push(new ConfigError({ source, message, line: at?.line, column: at?.column, hint }));
  };

  const body = issue.body ?? '';
  if (body.length > MAX_BODY_CHARS) {
    add(
      { line: 1, column: 1 },
      `the issue body is ${body.length.toLocaleString('en-US')} characters; GitHub's limit for issue bodies is ${MAX_BODY_CHARS.toLocaleString('en-US')} characters`,
      'keep the request to a few lines of front matter, and pass long text (a prompt, a log) as a path in the repository or a link',
    );
    return { errors };
  }

  const shape = extractRequest(body);
  const draft =
    shape.kind === 'front-matter'
      ? fromFrontMatter(shape, source, add, errors)
      : shape.kind === 'form'
        ? fromForm(shape.sections, source, add, errors)
        : noRequest(shape, body, add);
  if (!draft) return { errors: sortByLine(errors) };

  const outcome: { unusableWorkflow?: string } = {};
  const request = validate(draft, issue, options, add, errors, outcome);
  if (errors.length > 0 || !request) return { errors: sortByLine(errors), ...outcome };
  return { request, errors: [] };
}

type Add = (at: Position | undefined, message: string, hint?: string) => void;

// ---------------------------------------------------------------------------------------------
// Finding the request

function noRequest(
  shape: Extract<BodyShape, { kind: 'unclosed' | 'none' }>,
  body: string,
  add: Add,
): undefined {
  const start =
    'start the body with a line `---`, then `run-at: in 2h` and `workflow: agent.yml` on lines of their own, then another `---` line';
  if (shape.kind === 'unclosed') {
    add(
      { line: shape.openLine, column: 1 },
      `the front matter that starts on line ${shape.openLine} has no closing \`---\` line`,
      'add a line with just `---` after the last key (`run-at`, `workflow`, `inputs`…), before any free text',
    );
    return undefined;
  }
  const at = { line: shape.firstLine, column: 1 };
  switch (shape.reason) {
    case 'empty':
      add(at, 'the issue body is empty: it does not say when to run or what', start);
      return undefined;
    case 'smart-dash':
      add(
        at,
        'the body starts with a dash (—) where three hyphens `---` belong (an editor replaced them)',
        'type `---` (three hyphen-minus characters) on the first line and on the line after the last key',
      );
      return undefined;
    case 'fenced':
      add(
        at,
        'the front matter is inside a code block',
        'remove the code fence (the lines of backticks) around it: the body itself must start with `---`',
      );
      return undefined;
    default: {
      const lines = body.replace(/\r\n?/g, '\n').split('\n');
      const keyLine = lines.findIndex(
        (l, i) => i < 50 && /^\s*(run-at|cron|workflow)\s*:/i.test(l),
      );
      if (keyLine >= 0) {
        add(
          { line: keyLine + 1, column: 1 },
          `line ${keyLine + 1} looks like a request, but the body does not start with front matter (a \`---\` line)`,
          'put a line `---` before the first key and another after the last one, at the very top of the body',
        );
      } else {
        add(at, 'the issue body does not start with front matter (`---` … `---`)', start);
      }
      return undefined;
    }
  }
}

function fromFrontMatter(
  shape: Extract<BodyShape, { kind: 'front-matter' }>,
  source: string,
  add: Add,
  errors: ConfigError[],
): Draft | undefined {
  const anchor = { line: shape.openLine, column: 1 };
  if (shape.yaml.trim() === '') {
    add(
      anchor,
      'the front matter is empty',
      'write the request between the `---` lines: `run-at: in 2h` and `workflow: agent.yml`, one per line',
    );
    return undefined;
  }
  const parsed = parseYaml(shape.yaml, source, {
    what: 'front matter',
    lineOffset: shape.openLine,
    limits: ISSUE_YAML_LIMITS,
  });
  if (parsed.errors.length > 0) {
    errors.push(...parsed.errors.map(forIssues));
    return undefined;
  }
  errors.push(...parsed.warnings.map(duplicateIsError));

  const root = parsed.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    add(
      anchor,
      `the front matter must be \`key: value\` lines, not ${root === null ? 'nothing' : Array.isArray(root) ? 'a list' : 'a single value'}`,
      'write one key per line, like `run-at: in 2h` and `workflow: agent.yml`',
    );
    return undefined;
  }

  const entries = new Map<RequestKey, Entry>();
  const record = root as Record<string, unknown>;
  /** Keys an unknown key most likely stands for (`runat` → `run-at`). */
  const meant = new Set<RequestKey>();
  for (const key of Object.keys(record)) {
    const keyAt = parsed.locate([key]) ?? anchor;
    if (!isRequestKey(key)) {
      const invisible = invisibleNote(key);
      const visible = withoutInvisible(key);
      add(
        keyAt,
        `unknown key ${JSON.stringify(key)}${invisible ? `: ${invisible}` : ''}`,
        unknownKeyHint(visible, record[key], 'front-matter'),
      );
      const guess = suggestedKey(visible);
      if (guess) meant.add(guess);
      continue;
    }
    const entry: Entry = {
      value: record[key],
      key: keyAt,
      at: parsed.locate([key], 'value') ?? keyAt,
    };
    const text = parsed.scalarSource([key]);
    if (text !== undefined) entry.text = text;
    entries.set(key, entry);
  }
  const inputsKey = entries.get('inputs')?.key ?? anchor;
  // A misspelt key was reported with its correction: the key it stands for is not also
  // "missing" (no second error saying the request does not say when to run).
  const reported = new Set([...meant].filter((k) => !entries.has(k)));
  return {
    format: 'front-matter',
    entries,
    anchor,
    inputs: keepIssueReferences(entries.get('inputs')?.value, parsed, shape.yaml, shape.openLine, [
      'inputs',
    ]),
    inputsAt: positionsIn(parsed, ['inputs'], inputsKey),
    reported,
  };
}

function fromForm(
  sections: FormSection[],
  source: string,
  add: Add,
  errors: ConfigError[],
): Draft | undefined {
  const entries = new Map<RequestKey, Entry>();
  const reported = new Set<RequestKey>();
  const first = sections.find((s) => s.key === 'run-at' || s.key === 'cron')!;
  const anchor = { line: first.headingLine, column: 1 };
  let inputs: unknown;
  let inputsAt: InputPositions = { inputs: anchor };
  const headings = Object.values(FORM_LABELS);
  const normalizedHeadings = headings.map(normalizeHeading);
  let checked = 0;

  for (const section of sections) {
    const headingAt = { line: section.headingLine, column: 1 };
    if (section.key === undefined || !isRequestKey(section.key)) {
      // Other sections are free text, unless the heading is a near miss of a field's label.
      // (A body of 10,000 headings is free text too: only the first ones are compared.)
      const near =
        checked++ < MAX_HEADINGS_COMPARED
          ? didYouMean(normalizeHeading(section.heading), normalizedHeadings)
          : undefined;
      if (near) {
        const label = headings.find((h) => near.includes(`\`${normalizeHeading(h)}\``));
        add(
          headingAt,
          `unknown section "### ${section.heading}"`,
          label ? `name it \`### ${label}\`` : near,
        );
      }
      continue;
    }
    const key = section.key;
    if (entries.has(key)) {
      add(
        headingAt,
        `the section "### ${section.heading}" appears twice (first on line ${entries.get(key)!.key.line})`,
        'keep one of them',
      );
      continue;
    }
    if (section.value === '') continue; // `_No response_`: the field was left empty.
    const valueAt = { line: section.valueLine, column: 1 };
    if (key === 'inputs') {
      const parsed = parseYaml(section.value, source, {
        what: 'inputs',
        lineOffset: section.valueLine - 1,
        limits: ISSUE_YAML_LIMITS,
      });
      if (parsed.errors.length > 0) {
        errors.push(...parsed.errors.map(forIssues));
        reported.add(key);
        continue;
      }
      errors.push(...parsed.warnings.map(duplicateIsError));
      inputs = keepIssueReferences(parsed.value, parsed, section.value, section.valueLine - 1, []);
      inputsAt = positionsIn(parsed, [], headingAt);
      entries.set(key, { value: inputs, key: headingAt, at: valueAt });
      continue;
    }
    if (section.lineCount > 1) {
      add(
        valueAt,
        `"${section.heading}" must be a single line, got ${section.lineCount} lines`,
        `write one value, like ${keyExample('form', key)}`,
      );
      reported.add(key);
      continue;
    }
    // People wrap values in backticks; the value is what is inside.
    const value = section.value
      .trim()
      .replace(/^`([^`]*)`$/, '$1')
      .trim();
    entries.set(key, { value, key: headingAt, at: valueAt, text: value });
  }
  return { format: 'form', entries, anchor, inputs, inputsAt, reported };
}

/**
 * `prompt: Check whether PR #123 is green` — YAML reads ` #123 is green` as a comment and the
 * prompt would silently lose it (the SPEC's own example does this). A comment that starts with
 * `#` and a digit right after a one-line plain input value is an issue reference, not a
 * comment: it is kept as part of the value. Returns a null-prototype copy when anything changed.
 */
function keepIssueReferences(
  inputs: unknown,
  parsed: ParsedYaml,
  yaml: string,
  lineOffset: number,
  base: string[],
): unknown {
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) return inputs;
  const record = inputs as Record<string, unknown>;
  const lines = yaml.split('\n');
  let copy: Record<string, unknown> | undefined;
  for (const name of Object.keys(record)) {
    const source = parsed.scalarSource([...base, name]);
    const at = parsed.locate([...base, name], 'value');
    if (source === undefined || source.includes('\n') || !at) continue;
    const line = lines[at.line - lineOffset - 1];
    if (line === undefined || line.slice(at.column - 1, at.column - 1 + source.length) !== source)
      continue;
    const rest = line.slice(at.column - 1 + source.length);
    if (!/^[ \t]+#\d/.test(rest)) continue;
    copy ??= Object.assign(Object.create(null) as Record<string, unknown>, record);
    copy[name] = (source + rest).trimEnd();
  }
  return copy ?? inputs;
}

function positionsIn(parsed: ParsedYaml, base: string[], whole: Position): InputPositions {
  return {
    inputs: whole,
    key: (name) => parsed.locate([...base, name]),
    value: (name) => parsed.locate([...base, name], 'value'),
    text: (name) => parsed.scalarSource([...base, name]),
  };
}

// ---------------------------------------------------------------------------------------------
// Validating it

function validate(
  draft: Draft,
  issue: IssueLike,
  options: ParseOptions,
  add: Add,
  errors: ConfigError[],
  outcome: { unusableWorkflow?: string },
): RunAtRequest | undefined {
  const { entries, anchor, format } = draft;
  const written = (key: RequestKey) => entries.has(key) || draft.reported.has(key);
  const ex = (key: RequestKey, value?: string) => keyExample(format, key, value);

  /** The value as text; an error (and undefined) for a mapping, a list or nothing. */
  const text = (key: RequestKey): string | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const v = entry.value;
    if (typeof v === 'string') {
      const invisible = invisibleNote(v);
      if (invisible) {
        add(
          entry.at,
          `\`${key}\` ${JSON.stringify(v.trim())}: ${invisible}`,
          `retype it: write ${ex(key, withoutInvisible(v).trim())}`,
        );
        return undefined;
      }
      return v.trim();
    }
    if (typeof v === 'number' || typeof v === 'boolean') return entry.text ?? String(v);
    if (v === null || v === undefined) {
      add(entry.key, `\`${key}\` has no value`, `write ${ex(key)}, or remove the line`);
    } else {
      add(
        entry.at,
        `\`${key}\` must be a single value, not ${Array.isArray(v) ? 'a list' : 'a mapping'}`,
        `write ${ex(key)}`,
      );
    }
    return undefined;
  };
  const valueAt = (key: RequestKey): Position => entries.get(key)?.at ?? anchor;

  // timezone first: local `run-at` values and `cron` are read in it.
  let timezone = options.defaultTimezone;
  const tzText = text('timezone');
  if (tzText !== undefined) {
    const problem = zoneTooLong(tzText) ?? timeZoneProblem(tzText);
    if (problem) add(valueAt('timezone'), problem.message, problem.hint);
    else timezone = tzText;
  }

  // When: run-at (once) or cron (until the issue is closed).
  let runAt: Date | undefined;
  let cron: string | undefined;
  const runAtEntry = entries.get('run-at');
  const cronEntry = entries.get('cron');
  if (runAtEntry && cronEntry) {
    const later = runAtEntry.key.line > cronEntry.key.line ? runAtEntry : cronEntry;
    add(
      later.key,
      '`run-at` and `cron` cannot both be set',
      `keep ${ex('run-at')} for one run, or ${ex('cron')} for a run on a schedule until the issue is closed`,
    );
  } else if (!runAtEntry && !cronEntry) {
    if (!written('run-at') && !written('cron')) {
      add(
        anchor,
        'the request does not say when to run: it needs `run-at` (or `cron`)',
        `add ${ex('run-at')}; it also takes ${RUN_AT_FORMS}`,
      );
    }
  } else if (runAtEntry) {
    const value = text('run-at');
    if (value !== undefined) {
      const createdAt = new Date(issue.created_at);
      const parsed = parseRunAt(value, createdAt, timezone, (v) => ex('run-at', v));
      if (parsed.ok) runAt = parsed.at;
      else add(valueAt('run-at'), parsed.message, parsed.hint);
    }
  } else {
    const value = text('cron');
    if (value !== undefined) {
      try {
        CronSpec.parse(value, timezone);
        cron = value;
      } catch (error) {
        if (error instanceof CronError) add(valueAt('cron'), error.message, error.hint);
        else {
          add(
            valueAt('cron'),
            `\`cron\` "${value}" is not a cron expression: ${messageOf(error)}`,
            `write five fields (minute hour day-of-month month day-of-week), like ${ex('cron')}`,
          );
        }
      }
    }
  }

  // What: the workflow and its inputs.
  let workflowName = text('workflow');
  const workflowWritten = entries.get('workflow')?.value;
  if (workflowName === undefined && typeof workflowWritten === 'string') {
    // Rejected for an invisible character: a workflow that does not exist (SPEC §7.7).
    outcome.unusableWorkflow = workflowWritten.trim();
  }
  const usesDefault = workflowName === undefined && !written('workflow');
  if (usesDefault) workflowName = options.defaultWorkflow?.trim() || undefined;
  let workflow: WorkflowInfo | undefined;
  if (workflowName === undefined) {
    if (!written('workflow')) {
      add(
        anchor,
        'the request names no workflow, and the action has no default `workflow` input',
        `add ${ex('workflow')} (a file in .github/workflows), or set the action's \`workflow\` input`,
      );
    }
  } else {
    const where = usesDefault ? anchor : valueAt('workflow');
    const found = options.workflows.get(workflowName);
    const prefix = usesDefault ? "the action's default workflow: " : '';
    if (!found.ok) {
      outcome.unusableWorkflow = workflowName;
      add(where, prefix + found.message, found.hint ?? `write ${ex('workflow')}`);
    } else if (!found.workflow.dispatchable) {
      outcome.unusableWorkflow = workflowName;
      add(
        where,
        `${prefix}workflow "${workflowName}" cannot be dispatched: it has no \`workflow_dispatch\` trigger`,
        `add \`workflow_dispatch:\` under \`on:\` in ${found.workflow.path ?? `.github/workflows/${workflowName}`}`,
      );
    } else {
      workflow = found.workflow;
    }
  }

  const source = `issue #${issue.number}`;
  const inputsValue = draft.inputs;
  // Without a usable workflow the inputs are still checked for shape and GitHub's limits.
  const target: WorkflowInfo = workflow ?? {
    ref: workflowName ?? '(none)',
    dispatchable: true,
    inputsKnown: false,
    inputs: Object.create(null) as WorkflowInfo['inputs'],
    acceptsScheduledRun: false,
  };
  if (!target.inputsKnown && inputsValue !== null && typeof inputsValue === 'object') {
    // A known workflow reports it as undeclared; otherwise it would pass the name pattern.
    if (Object.hasOwn(inputsValue, '__proto__')) {
      add(
        draft.inputsAt.key?.('__proto__') ?? draft.inputsAt.inputs,
        '`__proto__` cannot be an input name',
        'name an input the workflow declares under `on.workflow_dispatch.inputs`',
      );
    }
  }
  // Inputs that did not even parse were reported; checking them again would only add noise.
  const checked = draft.reported.has('inputs')
    ? { inputs: {}, errors: [] }
    : checkDispatchInputs(inputsValue, target, { source, positions: draft.inputsAt });
  errors.push(...checked.errors);
  const inputs = checked.inputs;

  // Where (branch or tag) and how hard to try.
  const ref = text('ref');
  if (ref !== undefined) {
    const problem = refProblem(ref);
    if (problem) add(valueAt('ref'), problem, `write a branch or tag name, like ${ex('ref')}`);
  }

  let retries = 0;
  const retriesEntry = entries.get('retries');
  if (retriesEntry) {
    const v = retriesEntry.value;
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > MAX_RETRIES) {
      add(
        retriesEntry.at,
        `\`retries\` must be a whole number from 0 to ${MAX_RETRIES}, got ${describe(v, retriesEntry.text)}`,
        `write ${ex('retries')}`,
      );
    } else retries = n;
  }

  const duration = (key: 'retry-delay' | 'timeout'): number | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const v = entry.value;
    if (v !== null && typeof v === 'object') {
      add(
        entry.at,
        `\`${key}\` must be a duration, not ${Array.isArray(v) ? 'a list' : 'a mapping'}`,
        `write ${ex(key)}`,
      );
      return undefined;
    }
    try {
      return parseDuration(typeof v === 'string' ? v.trim() : v);
    } catch (error) {
      add(
        entry.at,
        `\`${key}\`: ${error instanceof DurationError ? error.message : String(error)}`,
        durationHint(key, v) ?? `write ${ex(key)} (units s, m, h, d, w)`,
      );
      return undefined;
    }
  };
  const retryDelayMs = duration('retry-delay') ?? 600_000;
  const timeoutMs = duration('timeout');
  if (timeoutMs === 0) {
    add(
      valueAt('timeout'),
      '`timeout` must be longer than 0',
      `write ${ex('timeout')}, or remove it for no timeout`,
    );
  }

  if (errors.length > 0 || !workflow || workflowName === undefined) return undefined;
  if (!runAt && cron === undefined) return undefined;

  const base: Omit<RunAtRequest, 'fingerprint' | 'timingFingerprint'> = {
    issue: issue.number,
    timezone,
    workflow: workflowName,
    inputs,
    retries,
    retryDelayMs,
    overlap: runAt ? 'allow' : 'skip',
    catchUp: 'latest',
    acceptsScheduledRun: workflow.acceptsScheduledRun,
    format,
  };
  if (runAt) base.runAt = runAt;
  if (cron !== undefined) base.cron = cron;
  if (ref !== undefined) base.ref = ref;
  if (timeoutMs !== undefined) base.timeoutMs = timeoutMs;
  return {
    ...base,
    fingerprint: requestFingerprint(base),
    timingFingerprint: timingFingerprint(base),
  };
}

/** Why a text cannot be a branch or tag name for a dispatch (git check-ref-format, roughly). */
function refProblem(ref: string): string | undefined {
  if (ref === '') return '`ref` is empty';
  if (ref.length > 255) return '`ref` is longer than 255 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) {
    return `\`ref\` "${ref}" is not a branch or tag name (no spaces or any of ~ ^ : ? * [ \\)`;
  }
  if (
    ref.includes('..') ||
    ref.includes('@{') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock') ||
    ref.startsWith('-')
  ) {
    return `\`ref\` "${ref}" is not a branch or tag name`;
  }
  return undefined;
}

/** The request key an unknown key most likely stands for, the way `unknownKeyHint` guesses it. */
function suggestedKey(key: string): RequestKey | undefined {
  const normalized = key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (isRequestKey(normalized)) return normalized;
  if (Object.hasOwn(KEY_ALIASES, normalized)) return KEY_ALIASES[normalized];
  if (SCHEDULE_ONLY_KEYS.has(normalized)) return undefined;
  const near = didYouMean(key, REQUEST_KEYS);
  return near ? REQUEST_KEYS.find((k) => near.includes(`\`${k}\``)) : undefined;
}

function unknownKeyHint(key: string, value: unknown, format: 'front-matter' | 'form'): string {
  const normalized = key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  // The user's own value in the corrected line, quoted where YAML needs it (`"*/5 * * * *"`).
  const scalar =
    typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : typeof value === 'string' && format === 'front-matter'
        ? stringify(value, { lineWidth: 0 }).trimEnd()
        : typeof value === 'string'
          ? value
          : undefined;
  const suggest = (k: RequestKey) =>
    `did you mean \`${k}\`? Write ${keyExample(format, k, k === 'inputs' || scalar === undefined || scalar.length > 60 || scalar.includes('\n') ? undefined : scalar)}`;
  if (isRequestKey(normalized)) return suggest(normalized);
  if (Object.hasOwn(KEY_ALIASES, normalized)) return suggest(KEY_ALIASES[normalized]!);
  if (SCHEDULE_ONLY_KEYS.has(normalized)) {
    return `\`${normalized}\` is a setting of schedule files (schedules/*.yml); a run-at issue takes ${listOf(REQUEST_KEYS.map((k) => `\`${k}\``))}`;
  }
  const near = didYouMean(key, REQUEST_KEYS);
  const match = near ? REQUEST_KEYS.find((k) => near.includes(`\`${k}\``)) : undefined;
  if (match) return suggest(match);
  return `a run-at issue takes ${listOf(REQUEST_KEYS.map((k) => `\`${k}\``))}; inputs for the workflow go under \`inputs:\``;
}

function describe(value: unknown, text: string | undefined): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(text ?? value);
}

/** The YAML reader speaks of schedules in a few hints; say what fits an issue. */
function forIssues(error: ConfigError): ConfigError {
  if (!/nested more than|more than .* values|too large/.test(error.message)) return error;
  return new ConfigError({
    source: error.source,
    message: error.message,
    line: error.line,
    column: error.column,
    hint: 'a request needs two levels: its keys, and the inputs under `inputs:` (`name: value`)',
  });
}

/** A duplicate key is a warning in files (first wins); in a request it is an error: which one was meant? */
function duplicateIsError(warning: ConfigError): ConfigError {
  return new ConfigError({
    source: warning.source,
    message: warning.message,
    line: warning.line,
    column: warning.column,
    hint: 'keep one of them: the request is ambiguous until then',
  });
}

/** Ordered by line, each long quotation of the body shortened (see `clipQuoted`). */
function sortByLine(errors: ConfigError[]): ConfigError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.line ?? 0) - (b.e.line ?? 0) || a.i - b.i)
    .map(({ e }) => clipError(e));
}
