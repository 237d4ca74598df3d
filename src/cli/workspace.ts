/**
 * The local side the verbs share: the repository root, its schedule files (through the same
 * loader as the Action), and the next runs of a schedule computed exactly as the planner does.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jitterOffsetMs, scheduleToPlannable } from '../plan/index.js';
import { nextTimes } from '../plan/index.js';
import {
  loadSchedules,
  SCHEDULE_NAME,
  type LoadSchedulesResult,
  type Schedule,
} from '../schedules/index.js';
import { didYouMean, suggestName } from '../schedules/suggest.js';
import { timeZoneProblem } from '../time/zone.js';
import { CliError, type Io } from './io.js';

export const DEFAULT_SCHEDULES_DIR = 'schedules';
/** SPEC §7.10: files without `timezone:` are read in UTC by the CLI. */
export const DEFAULT_ZONE = 'UTC';

export interface LocalOptions {
  /** Directory of schedule files, relative to the root. */
  schedules?: string;
  /** Zone for files without `timezone:` (the Action's `timezone` input). */
  defaultTimezone?: string;
}

export interface Local extends LoadSchedulesResult {
  root: string;
  dir: string;
}

export function checkZone(zone: string, flag: string): void {
  const problem = timeZoneProblem(zone);
  if (problem) throw new CliError(`${flag} ${zone}: ${problem.message} — ${problem.hint}`);
}

export function loadLocal(io: Io, options: LocalOptions, root = io.cwd): Local {
  const dir = normalizeDir(options.schedules ?? DEFAULT_SCHEDULES_DIR);
  const defaultTimezone = options.defaultTimezone ?? DEFAULT_ZONE;
  checkZone(defaultTimezone, '--default-timezone');
  const abs = resolve(io.cwd, root);
  if (!existsSync(abs)) throw new CliError(`${root}: no such directory`);
  return { ...loadSchedules({ workspace: abs, dir, defaultTimezone }), root: abs, dir };
}

function normalizeDir(dir: string): string {
  return (
    dir
      .replace(/\\/g, '/')
      .replace(/^(\.\/)+/, '')
      .replace(/\/+$/, '') || '.'
  );
}

/** `schedules/<file>`, as the loader names files in its messages. */
export function inDir(dir: string, file: string): string {
  return dir === '.' ? file : `${dir}/${file}`;
}

/** `schedules/` — the directory as people read it in messages. */
export function dirLabel(dir: string): string {
  return dir === '.' ? './' : `${dir}/`;
}

/** The files that define `name` (`.yml` and/or `.yaml`), relative to the root. */
export function scheduleFilesOf(local: { root: string; dir: string }, name: string): string[] {
  return ['.yml', '.yaml']
    .map((ext) => inDir(local.dir, `${name}${ext}`))
    .filter((rel) => existsSync(join(local.root, rel)));
}

export function checkName(name: string): void {
  if (!SCHEDULE_NAME.test(name) || name.length > 100) {
    const better = suggestName(name).slice(0, 100);
    throw new CliError(
      `"${name}" is not a schedule name — names use a-z, 0-9, ".", "_" and "-", start with a letter or digit, and are at most 100 characters` +
        (better ? ` (try "${better}")` : ''),
    );
  }
}

/**
 * The valid schedule `name`, or an error: exit 1 with its problems when its file is broken,
 * exit 2 with a suggestion when there is no such schedule.
 */
export function requireSchedule(local: Local, name: string): Schedule {
  const found = local.schedules.find((s) => s.name === name);
  if (found) return found;
  if (local.invalidNames.includes(name)) {
    const files = scheduleFilesOf(local, name);
    const lines = local.errors.filter((e) => files.includes(e.source)).map((e) => e.format());
    throw new CliError(`schedule "${name}" has problems; fix them first`, 1, lines);
  }
  throw unknownSchedule(local, name);
}

export function unknownSchedule(local: Local, name: string): CliError {
  const names = [...local.schedules.map((s) => s.name), ...local.invalidNames];
  const hint = didYouMean(name, names);
  return new CliError(
    `no schedule named "${name}" in ${dirLabel(local.dir)}` +
      (hint ? ` — ${hint}` : names.length > 0 ? ` — run \`agent-scheduler list --all\`` : ''),
  );
}

/**
 * The next `count` scheduled times after `after` — jitter, start-at and end-at included — by
 * the planner's own arithmetic, so the CLI and the Action cannot disagree. Ignores `enabled`
 * (a paused schedule shows when it would run).
 */
export function nextRuns(schedule: Schedule, after: Date, count: number): Date[] {
  const p = scheduleToPlannable(schedule);
  return nextTimes({ p, off: jitterOffsetMs(p.source, p.jitterMs) }, after.getTime(), count).map(
    (t) => new Date(t),
  );
}

/** `2026-11-25T07:00:00Z` — ISO 8601 UTC without milliseconds when they are zero. */
export function iso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
