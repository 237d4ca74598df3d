/**
 * `agent-scheduler update <name> [--cron …] [--input k=v]… [--remove-input k] [--disabled|--enabled] …`
 * — edits the schedule file in place: comments, key order and formatting are kept, only the
 * changed values are rewritten. The result is validated before it is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseScheduleText, SCHEDULE_KEYS } from '../../schedules/index.js';
import { describeCron } from '../../time/index.js';
import { WorkflowLoader } from '../../workflows/index.js';
import { applyEdits, type Edit, type KeyPath } from '../edit.js';
import { localTime, relative } from '../format.js';
import { CliError, clockOf, styleFor, writeLines, type Io } from '../io.js';
import {
  checkName,
  DEFAULT_ZONE,
  loadLocal,
  nextRuns,
  scheduleFilesOf,
  unknownSchedule,
  type LocalOptions,
} from '../workspace.js';
import { fieldsOf, type FieldOptions } from './add.js';

export interface UpdateOptions extends FieldOptions, LocalOptions {
  removeInput?: string[];
  unset?: string[];
  enabled?: boolean;
  disabled?: boolean;
  dryRun?: boolean;
}

/** Keys `--unset` may remove: the optional ones. */
const UNSETTABLE = SCHEDULE_KEYS.filter((k) => k !== 'cron' && k !== 'workflow');

export function editsOf(options: UpdateOptions): Edit[] {
  const edits: Edit[] = [];
  for (const [key, value] of Object.entries(fieldsOf(options))) {
    if (value !== undefined) edits.push({ kind: 'set', path: [key], value });
  }
  if (options.enabled) edits.push({ kind: 'set', path: ['enabled'], value: true });
  if (options.disabled) edits.push({ kind: 'set', path: ['enabled'], value: false });
  for (const [k, v] of options.input ?? [])
    edits.push({ kind: 'set', path: ['inputs', k], value: v });
  for (const k of options.removeInput ?? []) edits.push({ kind: 'delete', path: ['inputs', k] });
  for (const key of options.unset ?? []) {
    if (!UNSETTABLE.includes(key)) {
      throw new CliError(
        `--unset ${key}: ${SCHEDULE_KEYS.includes(key) ? `${key} is required and cannot be removed` : `unknown key; one of ${UNSETTABLE.join(', ')}`}`,
      );
    }
    edits.push({ kind: 'delete', path: [key] });
  }
  return edits;
}

export async function update(name: string, options: UpdateOptions, io: Io): Promise<number> {
  checkName(name);
  const now = clockOf(io.env);
  const local = loadLocal(io, options);
  const files = scheduleFilesOf(local, name);
  if (files.length === 0) throw unknownSchedule(local, name);
  if (files.length > 1) {
    throw new CliError(`two files define "${name}": ${files.join(' and ')} — remove one first`, 1);
  }
  const file = files[0]!;
  const edits = editsOf(options);
  if (edits.length === 0) {
    throw new CliError(
      `nothing to change: give at least one of --cron, --timezone, --input, --remove-input, --enabled, --disabled, … (agent-scheduler update --help)`,
    );
  }
  const abs = join(local.root, file);
  const before = readFileSync(abs, 'utf8');
  const current = parseDocument(before);
  for (const e of edits) {
    if (e.kind === 'delete' && e.path.length === 2 && !current.hasIn(e.path)) {
      throw new CliError(`--remove-input ${e.path[1]}: ${file} has no input "${e.path[1]}"`);
    }
  }
  const after = applyEdits(before, edits);
  const parsed = parseScheduleText(after, file, {
    defaultTimezone: options.defaultTimezone ?? DEFAULT_ZONE,
    workflows: new WorkflowLoader(local.root),
  });
  if (!parsed.schedule) {
    throw new CliError(
      `${file} was not changed`,
      1,
      parsed.errors.map((e) => e.format()),
    );
  }
  for (const note of parsed.notes) io.stderr.write(`note: ${note}\n`);
  if (options.dryRun) {
    io.stdout.write(after);
    return 0;
  }
  const style = styleFor(io.stdout, io.env);
  if (after === before) {
    io.stdout.write(`${file} already says that; nothing changed\n`);
    return 0;
  }
  writeFileSync(abs, after);

  const old = local.schedules.find((s) => s.name === name);
  const s = parsed.schedule;
  const lines = [`${style.green('Updated')} ${file}`, ...edits.map((e) => `  ${describeEdit(e)}`)];
  if (old && old.fingerprint !== s.fingerprint) {
    lines.push(
      style.dim(
        'Its timing changed: once pushed, the checker counts from its next tick (no replay of past runs).',
      ),
    );
  }
  const first = s.enabled ? nextRuns(s, now, 1)[0] : undefined;
  lines.push(
    s.enabled
      ? first
        ? `next run: ${localTime(first, s.timezone)} (${relative(first, now)}) — ${describeCron(s.cron)}`
        : 'no more runs (its end-at has passed)'
      : 'disabled: it will not run until enabled',
  );
  writeLines(io.stdout, lines);
  return 0;
}

function describeEdit(e: Edit): string {
  const key = pathText(e.path);
  return e.kind === 'delete' ? `removed ${key}` : `${key}: ${JSON.stringify(e.value)}`;
}

function pathText(path: KeyPath): string {
  return path.length === 2 ? `inputs.${path[1]}` : path[0];
}
