/**
 * `schedules/` in the checkout → validated Schedules plus every problem found (SPEC §1).
 * Synchronous: a handful of small files, read once per tick. One bad file never stops the rest.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError, messageOf } from '../errors.js';
import { WorkflowLoader } from '../workflows/loader.js';
import { isInside, readWorkspaceText, tryRealpath } from './files.js';
import { parseScheduleText, scheduleNameOf } from './parse.js';
import type { Schedule } from './types.js';
import { DEFAULT_YAML_LIMITS } from './yaml.js';

export interface LoadSchedulesOptions {
  /** The checkout (`GITHUB_WORKSPACE`). */
  workspace: string;
  /** Directory of schedule files, relative to the workspace. Default `schedules`. */
  dir?: string;
  /** Zone for files without `timezone:` (the action's `timezone` input). Default `UTC`. */
  defaultTimezone?: string;
  /** Target workflows; default: a new loader over `<workspace>/.github/workflows`. */
  workflows?: WorkflowLoader;
}

export interface LoadSchedulesResult {
  /** Valid schedules, sorted by name. */
  schedules: Schedule[];
  /** Every problem, each naming its file (and line and column when it has them). */
  errors: ConfigError[];
  /** Names of schedule files that exist but failed to load (their state should be kept). */
  invalidNames: string[];
  /** Remarks that are not errors (a numeric workflow id whose inputs cannot be checked). */
  notes: string[];
}

const SCHEDULE_FILE = /\.ya?ml$/i;

export function loadSchedules(options: LoadSchedulesOptions): LoadSchedulesResult {
  const result: LoadSchedulesResult = { schedules: [], errors: [], invalidNames: [], notes: [] };
  const workspace = resolve(options.workspace);
  const dirName = options.dir ?? 'schedules';
  const dirAbs = isAbsolute(dirName) ? dirName : join(workspace, dirName);
  const dirRel = toPosix(relative(workspace, dirAbs)) || '.';
  const workspaceReal = tryRealpath(workspace);
  if (workspaceReal === undefined) {
    result.errors.push(
      new ConfigError({ source: dirRel, message: `workspace ${workspace} does not exist` }),
    );
    return result;
  }

  const dirReal = tryRealpath(dirAbs);
  if (dirReal === undefined) return result; // no schedules/ directory: nothing scheduled
  if (!isInside(workspaceReal, dirReal)) {
    result.errors.push(
      new ConfigError({
        source: dirRel,
        message: 'the schedules directory is outside the repository',
        hint: 'point the `schedules` input at a directory inside the checkout',
      }),
    );
    return result;
  }
  let names: string[];
  try {
    names = readdirSync(dirReal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') {
      result.errors.push(
        new ConfigError({
          source: dirRel,
          message: `${dirRel} is a file, not a directory of schedules`,
          hint: 'schedules live one per file in a directory: schedules/<name>.yml',
        }),
      );
    } else {
      result.errors.push(
        new ConfigError({
          source: dirRel,
          message: `cannot list ${dirRel}: ${code ?? String(error)}`,
        }),
      );
    }
    return result;
  }

  const workflows = options.workflows ?? new WorkflowLoader(workspace);
  const candidates = names.filter((n) => SCHEDULE_FILE.test(n)).sort();

  // Two files for one name (`a.yml` and `a.yaml`): neither is loaded.
  const byName = new Map<string, string[]>();
  for (const n of candidates) {
    const key = scheduleNameOf(n);
    byName.set(key, [...(byName.get(key) ?? []), n]);
  }

  for (const fileName of candidates) {
    const source = dirRel === '.' ? fileName : `${dirRel}/${fileName}`;
    const name = scheduleNameOf(fileName);
    const fail = (errors: ConfigError[]): void => {
      result.errors.push(...errors);
      if (!result.invalidNames.includes(name)) result.invalidNames.push(name);
    };
    try {
      const read = readWorkspaceText(
        workspaceReal,
        join(dirAbs, fileName),
        source,
        DEFAULT_YAML_LIMITS.maxBytes,
      );
      if (read.kind === 'skip') continue; // a directory named like a schedule
      const twins = byName.get(name) ?? [];
      if (twins.length > 1) {
        fail([
          new ConfigError({
            source,
            message: `two files define schedule "${name}": ${twins.map((t) => (dirRel === '.' ? t : `${dirRel}/${t}`)).join(' and ')}`,
            hint: 'remove or rename one of them',
          }),
        ]);
        continue;
      }
      if (read.kind === 'error') {
        fail([read.error]);
        continue;
      }
      const parsed = parseScheduleText(read.text, source, {
        defaultTimezone: options.defaultTimezone ?? 'UTC',
        workflows,
      });
      result.notes.push(...parsed.notes);
      if (parsed.schedule) result.schedules.push(parsed.schedule);
      else fail(parsed.errors);
    } catch (error) {
      // A bug of ours must not take the other schedules down with this file.
      fail([
        new ConfigError({
          source,
          message: `could not be loaded: ${messageOf(error)}`,
        }),
      ]);
    }
  }
  result.schedules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return result;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
