/**
 * `agent-scheduler add <name> --cron … --workflow … [--input k=v]…` — writes
 * `schedules/<name>.yml` after validating it with the Action's own parser (against the target
 * workflow's declared inputs). Never overwrites: an existing schedule is changed with `update`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { ConfigError } from '../../errors.js';
import { parseScheduleText } from '../../schedules/index.js';
import { describeCron } from '../../time/index.js';
import { WorkflowLoader } from '../../workflows/index.js';
import { renderScheduleFile } from '../edit.js';
import { localTime, relative } from '../format.js';
import { CliError, clockOf, styleFor, writeLines, type Io } from '../io.js';
import type { KeyValue } from '../options.js';
import {
  checkName,
  DEFAULT_ZONE,
  inDir,
  loadLocal,
  nextRuns,
  scheduleFilesOf,
  type LocalOptions,
} from '../workspace.js';

/** Options shared by `add` and `update`: one per schedule key. */
export interface FieldOptions {
  cron?: string;
  workflow?: string;
  timezone?: string;
  ref?: string;
  input?: KeyValue[];
  overlap?: string;
  catchUp?: string;
  catchUpWindow?: string;
  retries?: number;
  retryDelay?: string;
  timeout?: string;
  priority?: string;
  jitter?: string;
  startAt?: string;
  endAt?: string;
  description?: string;
}

export interface AddOptions extends FieldOptions, LocalOptions {
  disabled?: boolean;
  dryRun?: boolean;
}

/** Schedule key → the flag that sets it (for errors on a file the user has not seen yet). */
export const FLAG_OF: Record<string, string> = {
  cron: '--cron',
  timezone: '--timezone',
  workflow: '--workflow',
  ref: '--ref',
  inputs: '--input',
  enabled: '--disabled/--enabled',
  overlap: '--overlap',
  'catch-up': '--catch-up',
  'catch-up-window': '--catch-up-window',
  retries: '--retries',
  'retry-delay': '--retry-delay',
  timeout: '--timeout',
  priority: '--priority',
  jitter: '--jitter',
  'start-at': '--start-at',
  'end-at': '--end-at',
  description: '--description',
};

/** The scalar fields of the options, as schedule keys. */
export function fieldsOf(o: FieldOptions): Record<string, string | number | undefined> {
  return {
    cron: o.cron,
    timezone: o.timezone,
    workflow: o.workflow,
    ref: o.ref,
    overlap: o.overlap,
    'catch-up': o.catchUp,
    'catch-up-window': o.catchUpWindow,
    retries: o.retries,
    'retry-delay': o.retryDelay,
    timeout: o.timeout,
    priority: o.priority,
    jitter: o.jitter,
    'start-at': o.startAt,
    'end-at': o.endAt,
    description: o.description,
  };
}

export async function add(name: string, options: AddOptions, io: Io): Promise<number> {
  checkName(name);
  const now = clockOf(io.env);
  const local = loadLocal(io, options);
  const existing = scheduleFilesOf(local, name);
  if (existing.length > 0) {
    throw new CliError(
      `${existing[0]} already exists — change it with \`agent-scheduler update ${name} …\`, or remove it first`,
      1,
    );
  }
  const missing = [options.cron ? '' : '--cron', options.workflow ? '' : '--workflow'].filter(
    Boolean,
  );
  if (missing.length > 0) {
    throw new CliError(
      `add needs ${missing.join(' and ')}, e.g. agent-scheduler add ${name} --cron "0 9 * * 1-5" --workflow agent.yml`,
    );
  }
  const file = inDir(local.dir, `${name}.yml`);
  const fields: Record<string, unknown> = { ...fieldsOf(options) };
  if (options.input && options.input.length > 0) {
    fields.inputs = Object.fromEntries(options.input);
  }
  if (options.disabled) fields.enabled = false;
  const schemaPath = posix.relative(posix.dirname(file), 'schema/schedule.schema.json');
  const text = renderScheduleFile(fields, schemaPath);

  const parsed = parseScheduleText(text, file, {
    defaultTimezone: options.defaultTimezone ?? DEFAULT_ZONE,
    workflows: new WorkflowLoader(local.root),
  });
  if (!parsed.schedule) {
    throw new CliError(`${file} was not written`, 1, flagErrors(parsed.errors, text));
  }
  for (const note of parsed.notes) io.stderr.write(`note: ${note}\n`);

  if (options.dryRun) {
    io.stdout.write(text);
    return 0;
  }
  const abs = join(local.root, file);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text, { flag: 'wx' });

  const s = parsed.schedule;
  const style = styleFor(io.stdout, io.env);
  const first = s.enabled ? nextRuns(s, now, 1)[0] : undefined;
  writeLines(io.stdout, [
    `${style.green('Created')} ${file}`,
    `  ${s.cron} (${describeCron(s.cron)}) in ${s.timezone}${s.enabled ? '' : ', disabled'}`,
    ...(first ? [`  next run: ${localTime(first, s.timezone)} (${relative(first, now)})`] : []),
    'Commit and push it: the checker starts counting from its next tick.',
  ]);
  return 0;
}

/**
 * Errors in a file the user has not seen, in terms of the flags they typed:
 * `--cron: "61 * * * *": minute 61 is out of range — hint`. Errors without a line (the file
 * name) are printed as they are.
 */
export function flagErrors(
  errors: readonly ConfigError[],
  text: string,
  flags: Record<string, string> = FLAG_OF,
): string[] {
  const keyLines: { line: number; key: string }[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^([a-z-]+):/.exec(l);
    if (m) keyLines.push({ line: i + 1, key: m[1]! });
  });
  return errors.map((e) => {
    if (e.line === undefined) return e.format();
    const key = keyLines.filter((k) => k.line <= e.line!).at(-1)?.key;
    const flag = key ? flags[key] : undefined;
    return flag ? `${flag}: ${e.message}${e.hint ? ` — ${e.hint}` : ''}` : e.format();
  });
}
