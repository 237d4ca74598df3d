/**
 * One schedule file's text → a validated Schedule (SPEC §1), or every problem in it as a
 * ConfigError with file, line, column and hint.
 *
 * Keys, types and enums come from schema/schedule.schema.json (validated with ajv, errors
 * mapped back to YAML positions); the meaning of values — cron, zone, durations, dates, the
 * target workflow and its inputs — is checked here. For each key, a semantic error (which is
 * more specific) replaces the schema's.
 */
import type { ConfigErrorInit } from '../errors.js';
import { ConfigError, messageOf } from '../errors.js';
import { CronError, CronSpec } from '../time/cron.js';
import { DurationError, formatDuration, parseDuration } from '../time/duration.js';
import { InstantError, parseInstant } from '../time/instant.js';
import { timeZoneProblem } from '../time/zone.js';
import { checkDispatchInputs } from '../workflows/inputs.js';
import type { WorkflowLoader } from '../workflows/loader.js';
import type { WorkflowInfo } from '../workflows/types.js';
import { scheduleFingerprint } from './fingerprint.js';
import {
  DURATION_KEYS,
  propertySchema,
  SCHEDULE_KEYS,
  validateScheduleShape,
  type ErrorObject,
} from './schema.js';
import {
  clipError,
  didYouMean,
  durationHint,
  invisibleNote,
  listOf,
  nearest,
  suggestName,
  withoutInvisible,
  zoneTooLong,
} from './suggest.js';
import type { CatchUp, Overlap, Priority, Schedule } from './types.js';
import { parseYaml, type ParsedYaml, type PathSegment, type Position } from './yaml.js';

/** `[a-z0-9][a-z0-9._-]*` (SPEC §1). */
export const SCHEDULE_NAME = /^[a-z0-9][a-z0-9._-]*$/;
export const MAX_NAME_LENGTH = 100;
/** At most this many errors are reported per file (then a count of the rest). */
export const MAX_ERRORS_PER_FILE = 50;
/** Longest catch-up window (SPEC: ≤ 7 days). */
export const MAX_CATCH_UP_WINDOW_MS = 7 * 86_400_000;
/** Below this, a catch-up window drops most occurrences of a checker running every 5 minutes. */
export const MIN_USEFUL_CATCH_UP_WINDOW_MS = 5 * 60_000;
/** Jitter must stay below one day. */
export const MAX_JITTER_MS = 86_400_000;

export interface ScheduleParseOptions {
  /** Zone for files without `timezone:` (the action's `timezone` input). Default `UTC`. */
  defaultTimezone?: string;
  /**
   * Where target workflows are looked up. Without one, `workflow:` and `inputs:` are checked
   * for shape only (as for a numeric workflow id).
   */
  workflows?: WorkflowLoader;
}

export interface ScheduleParseResult {
  /** Present only when there are no errors. */
  schedule?: Schedule;
  errors: ConfigError[];
  /** Things worth saying that are not errors (a numeric workflow id, say). */
  notes: string[];
}

/** The schedule name for a file name (`nightly.yml` → `nightly`), whatever its validity. */
export function scheduleNameOf(fileName: string): string {
  return fileName.replace(/\.ya?ml$/i, '');
}

/** Problems with a schedule's file name (`schedules/Nightly Review.yml`), as messages. */
export function checkScheduleFileName(file: string): ConfigError | undefined {
  const base = file.split('/').pop() ?? file;
  const name = scheduleNameOf(base);
  const ext = base.slice(name.length);
  const suggested = suggestName(name);
  const rename = suggested
    ? `rename it to ${suggested}${ext.toLowerCase() || '.yml'}`
    : 'rename it';
  if (!/^\.ya?ml$/.test(ext)) {
    return new ConfigError({
      source: file,
      message: `schedule file "${base}" must end in .yml or .yaml`,
      hint: rename,
    });
  }
  if (!SCHEDULE_NAME.test(name)) {
    return new ConfigError({
      source: file,
      message: `file name "${base}" is not a valid schedule name`,
      hint: `${rename} (names use a-z, 0-9, ".", "_" and "-", and start with a letter or digit)`,
    });
  }
  if (name.length > MAX_NAME_LENGTH) {
    return new ConfigError({
      source: file,
      message: `schedule name "${name}" is longer than ${MAX_NAME_LENGTH} characters`,
      hint: 'use a shorter file name',
    });
  }
  return undefined;
}

/**
 * Parses and validates one schedule file. `file` is its repository-relative path
 * (`schedules/nightly-review.yml`): the schedule's name comes from it.
 */
export function parseScheduleText(
  text: string,
  file: string,
  options: ScheduleParseOptions = {},
): ScheduleParseResult {
  const errors: ConfigError[] = [];
  const notes: string[] = [];
  const base = file.split('/').pop() ?? file;
  const name = scheduleNameOf(base);

  const nameProblem = checkScheduleFileName(file);
  if (nameProblem) errors.push(nameProblem);

  const parsed = parseYaml(text, file, { what: 'schedule file' });
  if (parsed.errors.length > 0)
    return { errors: [...errors, ...parsed.errors].map(clipError), notes };
  errors.push(...parsed.warnings);

  const root = parsed.value;
  if (root === null || root === undefined) {
    errors.push(
      new ConfigError({
        source: file,
        message: 'schedule file is empty',
        line: 1,
        column: 1,
        hint: 'a schedule needs at least `cron:` and `workflow:`',
      }),
    );
    return { errors, notes };
  }
  if (!isRecord(root)) {
    const at = parsed.locate([], 'value') ?? { line: 1, column: 1 };
    errors.push(
      new ConfigError({
        source: file,
        message: `a schedule file must be a mapping of keys (\`cron: …\`, \`workflow: …\`), not ${describe(root)}`,
        ...at,
        hint: 'write one `key: value` per line',
      }),
    );
    return { errors, notes };
  }

  const ctx = new Context(file, parsed, root);
  ctx.schemaErrors(validateScheduleShape(root));

  // A value with a zero-width or direction-changing character looks right and never matches:
  // say so instead of "unknown time zone" about a name that reads correctly.
  const invisible = new Set<string>();
  for (const key of INVISIBLE_CHECKED_KEYS) {
    const value = Object.hasOwn(root, key) ? root[key] : undefined;
    const note = typeof value === 'string' ? invisibleNote(value) : undefined;
    if (note === undefined) continue;
    invisible.add(key);
    ctx.semantic(key, {
      ...ctx.at([key]),
      message: `${key} ${JSON.stringify(value)}: ${note}`,
      hint: `retype the value: \`${key}: ${yamlScalar(withoutInvisible(value as string).trim())}\``,
    });
  }

  // ---- Semantic checks, key by key ----
  const defaultTimezone = options.defaultTimezone ?? 'UTC';

  // timezone (checked on its own so a bad cron and a bad zone are both reported)
  const tzGiven = root['timezone'];
  const timezone = typeof tzGiven === 'string' ? tzGiven.trim() : defaultTimezone;
  const zoneProblem = invisible.has('timezone')
    ? { message: 'invisible characters' }
    : typeof tzGiven === 'string' || tzGiven === undefined
      ? checkZone(timezone)
      : undefined;
  if (zoneProblem && !invisible.has('timezone')) {
    if (tzGiven === undefined) {
      ctx.semantic('timezone', {
        message: `the default time zone "${timezone}" (the action's \`timezone\` input) is not valid: ${zoneProblem.message}`,
        hint: zoneProblem.hint,
        line: 1,
        column: 1,
      });
    } else {
      ctx.semantic('timezone', { ...ctx.at(['timezone']), ...zoneProblem });
    }
  }

  // cron
  let cron: string | undefined;
  if (typeof root['cron'] === 'string' && !invisible.has('cron')) {
    const written = root['cron'];
    const normalized = written.trim().split(/\s+/).join(' ');
    const problem =
      cronProblem(normalized, 'UTC') ??
      (zoneProblem ? undefined : cronProblem(normalized, timezone));
    if (problem) {
      ctx.semantic('cron', {
        ...ctx.at(['cron']),
        // CronError names the expression itself; other errors get it prefixed.
        message: problem.message.includes(normalized)
          ? problem.message
          : `cron ${JSON.stringify(written)}: ${problem.message}`,
        hint: problem.hint,
      });
    } else {
      cron = normalized;
    }
  }

  // durations
  const durations: Record<string, number> = {};
  for (const key of DURATION_KEYS) {
    const value = Object.hasOwn(root, key) ? root[key] : undefined;
    if (value === undefined || invisible.has(key)) continue;
    const problem = durationProblem(key, value);
    if (typeof problem === 'number') durations[key] = problem;
    else ctx.semantic(key, { ...ctx.at([key]), ...problem });
  }

  // A window shorter than the checker's usual delay drops nearly every occurrence: legal, but
  // worth saying (GitHub starts scheduled workflows every 5 minutes at best, often later).
  const window = durations['catch-up-window'];
  if (
    window !== undefined &&
    window < MIN_USEFUL_CATCH_UP_WINDOW_MS &&
    root['catch-up'] !== 'all'
  ) {
    notes.push(
      `${file}: catch-up-window ${formatDuration(window)} is shorter than a checker is usually late (GitHub starts scheduled workflows every 5 minutes at best): an occurrence fires only if a tick runs within ${formatDuration(window)} of it — widen the window, or set the action's \`lookahead\``,
    );
  }

  // start-at, end-at
  const instants: Record<string, Date> = {};
  for (const key of ['start-at', 'end-at']) {
    const value = root[key];
    if (typeof value !== 'string' || invisible.has(key)) continue;
    const date = parseOffsetDateTime(value);
    if (date) instants[key] = date;
    else ctx.semantic(key, { ...ctx.at([key]), ...instantProblem(key, value) });
  }
  const startAt = instants['start-at'];
  const endAt = instants['end-at'];
  if (startAt && endAt && endAt.getTime() <= startAt.getTime()) {
    ctx.semantic('end-at', {
      ...ctx.at(['end-at']),
      message: `end-at (${endAt.toISOString()}) must be after start-at (${startAt.toISOString()})`,
      hint: 'swap them, or remove end-at for no end',
    });
  }

  // ref
  if (typeof root['ref'] === 'string' && root['ref'].trim() === '') {
    ctx.semantic('ref', {
      ...ctx.at(['ref']),
      message: 'ref is empty',
      hint: 'name a branch or tag, or remove `ref:` to use the default branch',
    });
  }

  // workflow
  let workflowRef: string | undefined;
  let workflow: WorkflowInfo | undefined;
  const wfValue = root['workflow'];
  if (invisible.has('workflow')) {
    // Reported above.
  } else if (
    typeof wfValue === 'string' ||
    (typeof wfValue === 'number' && Number.isInteger(wfValue) && wfValue > 0)
  ) {
    workflowRef = String(wfValue).trim();
    const found = options.workflows ? options.workflows.get(workflowRef) : undefined;
    if (found && !found.ok) {
      ctx.semantic('workflow', {
        ...ctx.at(['workflow']),
        message: found.message,
        hint: found.hint,
      });
    } else if (found?.ok) {
      if (found.note) notes.push(`${file}: ${found.note}`);
      if (!found.workflow.dispatchable) {
        ctx.semantic('workflow', {
          ...ctx.at(['workflow']),
          message: `workflow ${workflowRef} has no workflow_dispatch trigger, so it cannot be dispatched`,
          hint: `add \`workflow_dispatch:\` under \`on:\` in ${found.workflow.path ?? workflowRef}`,
        });
      } else {
        workflow = found.workflow;
      }
    } else if (!/^[0-9]+$/.test(workflowRef) && !/^[^/\\]+\.ya?ml$/.test(workflowRef)) {
      // No loader: still reject what can never name a workflow.
      ctx.semantic('workflow', {
        ...ctx.at(['workflow']),
        message: `workflow "${workflowRef}" must be a file name in .github/workflows (agent.yml) or a numeric workflow id`,
        hint: `write \`workflow: ${workflowRef.split(/[/\\]/).pop()}\``,
      });
    }
  } else if (wfValue !== undefined) {
    // The schema's anyOf can only say "not valid"; say what a workflow is.
    const single =
      Array.isArray(wfValue) && wfValue.length === 1 && typeof wfValue[0] === 'string'
        ? wfValue[0]
        : undefined;
    ctx.semantic('workflow', {
      ...ctx.at(['workflow']),
      message:
        wfValue === null
          ? 'workflow has no value'
          : `workflow must be a file name in .github/workflows (agent.yml) or a numeric workflow id; got ${describe(wfValue)}`,
      hint:
        single !== undefined
          ? `a schedule dispatches one workflow: write \`workflow: ${yamlScalar(single)}\` (use one schedule file per workflow)`
          : 'write `workflow: agent.yml`',
    });
  }

  // inputs (checked even when the workflow is unknown: shape, reserved names, limits)
  const inputsValue = root['inputs'];
  let inputs: Record<string, string> = {};
  if (inputsValue === undefined || isRecord(inputsValue)) {
    const target: WorkflowInfo = workflow ?? {
      ref: workflowRef ?? '(unknown)',
      dispatchable: true,
      inputsKnown: false,
      inputs: Object.create(null) as WorkflowInfo['inputs'],
      acceptsScheduledRun: false,
    };
    const checked = checkDispatchInputs(inputsValue, target, {
      source: file,
      positions: {
        inputs: ctx.locate(['inputs'], 'key') ??
          ctx.locate(['workflow'], 'key') ?? { line: 1, column: 1 },
        key: (n) => ctx.locate(['inputs', n], 'key'),
        value: (n) => ctx.locate(['inputs', n], 'value'),
        text: (n) => parsed.scalarSource(['inputs', n]),
      },
    });
    inputs = checked.inputs;
    for (const e of checked.errors) ctx.semanticError('inputs', e);
  }

  errors.push(...ctx.finish());
  if (errors.length > 0 || cron === undefined || workflowRef === undefined) {
    if (errors.length === 0) {
      // Unreachable while the schema requires cron and workflow; never return a half schedule.
      errors.push(
        new ConfigError({ source: file, message: 'schedule is incomplete', line: 1, column: 1 }),
      );
    }
    return { errors: errors.map(clipError), notes };
  }

  const defaults = (key: string): unknown => propertySchema(key)?.default;
  const pick = <T>(key: string): T => (Object.hasOwn(root, key) ? root[key] : defaults(key)) as T;
  const duration = (key: string): number | undefined =>
    durations[key] ?? (defaults(key) === undefined ? undefined : parseDuration(defaults(key)));

  const enabled = pick<boolean>('enabled');
  const jitterMs = duration('jitter') ?? 0;
  const schedule: Schedule = {
    name,
    file,
    cron,
    timezone,
    workflow: workflowRef,
    inputs,
    enabled,
    overlap: pick<Overlap>('overlap'),
    catchUp: pick<CatchUp>('catch-up'),
    catchUpWindowMs: duration('catch-up-window')!,
    retries: pick<number>('retries'),
    retryDelayMs: duration('retry-delay')!,
    priority: pick<Priority>('priority'),
    jitterMs,
    acceptsScheduledRun: workflow?.acceptsScheduledRun ?? false,
    fingerprint: scheduleFingerprint({ cron, timezone, jitterMs, startAt, endAt, enabled }),
  };
  if (typeof root['ref'] === 'string') schedule.ref = root['ref'].trim();
  const timeoutMs = duration('timeout');
  if (timeoutMs !== undefined) schedule.timeoutMs = timeoutMs;
  if (startAt) schedule.startAt = startAt;
  if (endAt) schedule.endAt = endAt;
  if (typeof root['description'] === 'string') schedule.description = root['description'];
  return { schedule, errors, notes };
}

// ---------------------------------------------------------------------------------------------

type Problem = { message: string; hint?: string };

/**
 * Collects errors per top-level key: the schema's (mapped from ajv) and the semantic checks'.
 * For each key, semantic errors win; schema errors are the fallback, so nothing the schema
 * rejects can slip through even if a semantic check were more lenient.
 */
class Context {
  private readonly schema = new Map<string, ConfigError[]>();
  private readonly checks = new Map<string, ConfigError[]>();
  private readonly rootErrors: ConfigError[] = [];
  private omitted = 0;
  /** Keys that unknown keys most likely stand for (`cronn` → `cron`): not also "missing". */
  private readonly meant = new Set<string>();

  constructor(
    readonly file: string,
    readonly parsed: ParsedYaml,
    readonly root: Record<string, unknown>,
  ) {}

  locate(path: readonly PathSegment[], which: 'key' | 'value'): Position | undefined {
    return this.parsed.locate(path, which);
  }

  /** Where a value is written (its key when it is empty); line 1 when unknown. */
  at(path: readonly PathSegment[]): Position {
    return this.locate(path, 'value') ?? { line: 1, column: 1 };
  }

  semantic(key: string, init: Omit<ConfigErrorInit, 'source'>): void {
    this.semanticError(key, new ConfigError({ source: this.file, ...init }));
  }

  semanticError(key: string, error: ConfigError): void {
    const list = this.checks.get(key) ?? [];
    list.push(error);
    this.checks.set(key, list);
  }

  schemaErrors(errors: ErrorObject[]): void {
    for (const e of errors) {
      if (e.keyword !== 'additionalProperties' || e.instancePath !== '') continue;
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const guess = nearest(withoutInvisible(key), SCHEDULE_KEYS);
      if (guess !== undefined) this.meant.add(guess);
    }
    // One error per instance path, the most telling keyword first.
    const byPath = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      const id =
        e.keyword === 'additionalProperties' || e.keyword === 'required'
          ? `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`
          : e.instancePath;
      byPath.set(id, [...(byPath.get(id) ?? []), e]);
    }
    let mapped = 0;
    for (const group of byPath.values()) {
      // A file with thousands of bad keys gets the first few reported, not thousands of errors.
      if (++mapped > MAX_ERRORS_PER_FILE) {
        this.omitted = byPath.size - MAX_ERRORS_PER_FILE;
        break;
      }
      const error = this.mapSchemaError(group);
      if (!error) continue;
      const path = pointer(group[0]!.instancePath);
      if (path.length === 0) this.rootErrors.push(error);
      else {
        const key = String(path[0]);
        this.schema.set(key, [...(this.schema.get(key) ?? []), error]);
      }
    }
  }

  finish(): ConfigError[] {
    let out = [...this.rootErrors];
    for (const key of SCHEDULE_KEYS) {
      const semantic = this.checks.get(key);
      out.push(...(semantic && semantic.length > 0 ? semantic : (this.schema.get(key) ?? [])));
    }
    out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    if (out.length > MAX_ERRORS_PER_FILE) {
      this.omitted += out.length - MAX_ERRORS_PER_FILE;
      out = out.slice(0, MAX_ERRORS_PER_FILE);
    }
    if (this.omitted > 0) {
      out.push(
        new ConfigError({
          source: this.file,
          message: `… and ${this.omitted} more problem${this.omitted === 1 ? '' : 's'} in this file`,
          hint: 'fix the ones above first',
        }),
      );
    }
    return out;
  }

  private mapSchemaError(group: ErrorObject[]): ConfigError | undefined {
    const rank = [
      'required',
      'additionalProperties',
      'enum',
      'type',
      'minimum',
      'maximum',
      'minLength',
      'maxProperties',
      'format',
      'pattern',
    ];
    const sorted = [...group].sort(
      (a, b) => (rank.indexOf(a.keyword) + 1 || 99) - (rank.indexOf(b.keyword) + 1 || 99),
    );
    const e = sorted[0]!;
    const path = pointer(e.instancePath);
    const file = this.file;
    const value = valueAt(this.root, path);
    const label = path.join('.');
    const make = (init: Omit<ConfigErrorInit, 'source'>): ConfigError =>
      new ConfigError({ source: file, ...init });
    const here = this.at(path);
    const inAnyOf = group.some((x) => x.keyword === 'anyOf');

    switch (e.keyword) {
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        // `cronn: …` is reported as an unknown key with "did you mean `cron`?"; that is the fix.
        if (this.meant.has(missing)) return undefined;
        const example = propertySchema(missing)?.examples?.[0];
        return make({
          message: `missing required key "${missing}"`,
          line: 1,
          column: 1,
          hint:
            example === undefined
              ? undefined
              : `add a line like \`${missing}: ${yamlScalar(example)}\``,
        });
      }
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const allowed = path.length === 0 ? SCHEDULE_KEYS : [];
        const invisible = invisibleNote(key);
        const visible = withoutInvisible(key);
        return make({
          message: `unknown key ${JSON.stringify(key)}${invisible ? `: ${invisible}` : ''}`,
          ...(this.locate([...path, key], 'key') ?? here),
          hint:
            key === '<<'
              ? 'merge keys (`<<: *name`) are YAML 1.1, not YAML 1.2 (which schedule files use): write the keys out'
              : invisible && allowed.includes(visible)
                ? `retype it as \`${visible}\``
                : (didYouMean(visible, allowed) ?? `valid keys: ${listOf([...allowed])}`),
        });
      }
      case 'enum': {
        if (inAnyOf) break;
        const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(
          String,
        );
        return make({
          message: `${label} must be one of ${listOf(allowed)}; got ${show(value)}`,
          ...here,
          hint: didYouMean(String(value), allowed) ?? `write one of: ${listOf(allowed)}`,
        });
      }
      case 'type': {
        if (inAnyOf) break;
        const expected = String((e.params as { type: string | string[] }).type)
          .split(',')
          .map((t) => TYPE_WORDS[t] ?? t);
        if (value === null && path.length === 1) {
          // `cron:` with nothing after it.
          const s = propertySchema(label);
          const examples = s?.examples ?? [];
          return make({
            message: `${label} has no value`,
            ...here,
            hint:
              examples.length > 0
                ? `write it like ${examples
                    .slice(0, 2)
                    .map((x) => `\`${label}: ${yamlScalar(x)}\``)
                    .join(' or ')}`
                : s?.default !== undefined
                  ? `write ${expected.join(' or ')}, or remove the line for the default (${String(s.default)})`
                  : `write ${expected.join(' or ')}, or remove the line`,
          });
        }
        return make({
          message: `${label} must be ${expected.join(' or ')}; got ${describe(value)}`,
          ...here,
          hint: typeHint(label, expected, value, this.parsed.scalarSource(path)),
        });
      }
      case 'minimum':
      case 'maximum': {
        const s = propertySchema(String(path[0]));
        const range =
          s?.minimum !== undefined && s.maximum !== undefined
            ? `from ${s.minimum} to ${s.maximum}`
            : e.keyword === 'minimum'
              ? `at least ${String((e.params as { limit: number }).limit)}`
              : `at most ${String((e.params as { limit: number }).limit)}`;
        return make({ message: `${label} must be ${range}; got ${show(value)}`, ...here });
      }
      case 'minLength':
        return make({ message: `${label} is empty`, ...here, hint: this.describeKey(path) });
      case 'maxProperties':
        return make({
          message: `${label} has more than ${String((e.params as { limit: number }).limit)} entries`,
          ...here,
        });
      case 'format':
        return make({
          message: `${label} ${show(value)} is not a date and time with an offset`,
          ...here,
          hint: INSTANT_HINT,
        });
    }
    return make({
      message: `${label} ${show(value)} is not valid`,
      ...here,
      hint: this.describeKey(path),
    });
  }

  private describeKey(path: PathSegment[]): string | undefined {
    const description = propertySchema(String(path[0]))?.description;
    return description?.split(/(?<=\.)\s/)[0];
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  object: 'a mapping (`key: value` lines)',
  array: 'a list',
  null: 'empty',
};

/** Keys whose value is free text: a number there was meant as text, so quoting it is the fix. */
const FREE_TEXT_KEYS = new Set(['ref', 'description']);

function typeHint(
  label: string,
  expected: string[],
  value: unknown,
  written: string | undefined,
): string | undefined {
  const examples = propertySchema(label)?.examples ?? [];
  if (
    expected.includes('text') &&
    !FREE_TEXT_KEYS.has(label) &&
    examples.length > 0 &&
    (typeof value === 'number' || typeof value === 'boolean')
  ) {
    // `cron: 5` or `timezone: 42`: quoting would not make it a cron or a zone.
    return `write it like ${examples
      .slice(0, 2)
      .map((x) => `\`${label}: ${yamlScalar(x)}\``)
      .join(' or ')}`;
  }
  if (expected.includes('a mapping (`key: value` lines)') && Array.isArray(value)) {
    return `write one \`name: value\` per line under \`${label}:\` (a mapping, not a list)`;
  }
  if (
    expected.includes('a whole number') &&
    typeof value === 'number' &&
    Number.isFinite(value) &&
    !Number.isInteger(value)
  ) {
    const s = propertySchema(label);
    const n = Math.min(
      Math.max(Math.round(value), s?.minimum ?? -Infinity),
      s?.maximum ?? Infinity,
    );
    return `write a whole number${s?.minimum !== undefined && s.maximum !== undefined ? ` from ${s.minimum} to ${s.maximum}` : ''}, like \`${label}: ${n}\``;
  }
  if (
    expected.includes('true or false') &&
    typeof value === 'string' &&
    /^(yes|no|on|off|y|n)$/i.test(value)
  ) {
    return 'YAML 1.2 reads yes/no/on/off as text; write true or false';
  }
  if (expected.includes('text') && (typeof value === 'number' || typeof value === 'boolean')) {
    return `quote it: \`${label}: "${written ?? String(value)}"\``;
  }
  if (
    expected.includes('a whole number') &&
    typeof value === 'string' &&
    /^\s*\d+\s*$/.test(value)
  ) {
    return `remove the quotes: \`${label}: ${value.trim()}\``;
  }
  return undefined;
}

function cronProblem(expression: string, timezone: string): Problem | undefined {
  try {
    CronSpec.parse(expression, timezone);
    return undefined;
  } catch (error) {
    if (error instanceof CronError) return { message: error.message, hint: error.hint };
    return {
      message: messageOf(error),
      hint: 'five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * 1-5"',
    };
  }
}

/** The zone as the cron engine sees it; then the time module's own check. */
function checkZone(timezone: string): Problem | undefined {
  const long = zoneTooLong(timezone);
  if (long) return long;
  try {
    CronSpec.parse('0 0 * * *', timezone);
  } catch (error) {
    if (error instanceof CronError) return { message: error.message, hint: error.hint };
    return timeZoneProblem(timezone) ?? { message: `unknown time zone "${timezone}"` };
  }
  return timeZoneProblem(timezone);
}

function durationProblem(key: string, value: unknown): number | Problem {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    if (error instanceof DurationError)
      return { message: `${key}: ${error.message}`, hint: durationHint(key, value) ?? error.hint };
    return { message: `${key}: ${String(error)}` };
  }
  if (key === 'catch-up-window' && ms > MAX_CATCH_UP_WINDOW_MS) {
    return {
      message: `catch-up-window must be at most 7d; got ${show(value)}`,
      hint: 'occurrences older than a week are not worth firing; use catch-up: none to drop them all',
    };
  }
  if (key === 'jitter' && ms >= MAX_JITTER_MS) {
    return {
      message: `jitter must be less than 1d; got ${show(value)}`,
      hint: 'use a few minutes, like 5m',
    };
  }
  if (key === 'timeout' && ms === 0) {
    return { message: 'timeout must be longer than 0', hint: 'remove `timeout:` for no timeout' };
  }
  return ms;
}

const INSTANT_HINT =
  'write it like 2026-12-01T00:00:00Z (UTC) or 2026-12-01T09:00:00+01:00 (ISO 8601 / RFC 3339)';

/** Why a start-at / end-at is not an RFC 3339 date-time: the time module says what is wrong. */
function instantProblem(key: string, value: string): Problem {
  try {
    parseInstant(value, 'UTC');
  } catch (error) {
    if (error instanceof InstantError)
      return { message: `${key}: ${error.message}`, hint: INSTANT_HINT };
  }
  // It reads as a time, but without seconds or without an offset.
  return {
    message: `${key} ${JSON.stringify(value)} must be a date and time with seconds and an offset`,
    hint: INSTANT_HINT,
  };
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** An RFC 3339 date-time with an offset (what the schema's `format: date-time` accepts) → Date. */
export function parseOffsetDateTime(text: string): Date | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const oh = m[10] ? Number(m[10]) : 0;
  const om = m[11] ? Number(m[11]) : 0;
  if (
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysIn(y, mo) ||
    h > 23 ||
    mi > 59 ||
    s > 59 ||
    oh > 23 ||
    om > 59
  ) {
    return undefined;
  }
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const sign = m[9] === '-' ? -1 : 1;
  const ms =
    Date.UTC(y, mo - 1, d, h, mi, s, fraction) - (m[8] ? 0 : sign * (oh * 60 + om) * 60_000);
  // Date.UTC maps years 0-99 to 1900-1999; schedules live in this era anyway.
  if (y < 1970 || y > 9999) return undefined;
  return new Date(ms);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pointer(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

/** Top-level keys whose text values are checked for invisible characters before anything else. */
const INVISIBLE_CHECKED_KEYS = [
  'cron',
  'timezone',
  'workflow',
  'ref',
  'overlap',
  'catch-up',
  'priority',
  'start-at',
  'end-at',
  ...DURATION_KEYS,
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value);
}

/** An example value as YAML would show it (`"0 2 * * 1-5"` quoted, `agent.yml` bare). */
function yamlScalar(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z0-9_./-]+$/.test(value) ? value : JSON.stringify(value);
}
