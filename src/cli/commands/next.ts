/**
 * `agent-scheduler next <name> [-n 5] [--json]` — the next runs of one schedule, in its zone
 * and in UTC, jitter and active window included (the planner's arithmetic).
 */
import { describeCron, formatUtc } from '../../time/index.js';
import { localTime, printJson, relative, table } from '../format.js';
import { clockOf, styleFor, writeLines, type Io } from '../io.js';
import {
  checkName,
  loadLocal,
  nextRuns,
  requireSchedule,
  type LocalOptions,
} from '../workspace.js';
import { runJson } from './list.js';

export interface NextOptions extends LocalOptions {
  count?: number;
  json?: boolean;
}

export async function next(name: string, options: NextOptions, io: Io): Promise<number> {
  checkName(name);
  const now = clockOf(io.env);
  const local = loadLocal(io, options);
  const schedule = requireSchedule(local, name);
  const runs = nextRuns(schedule, now, options.count ?? 5);

  if (options.json) {
    printJson(io.stdout, {
      name: schedule.name,
      file: schedule.file,
      cron: schedule.cron,
      cron_description: describeCron(schedule.cron),
      timezone: schedule.timezone,
      enabled: schedule.enabled,
      now: runJson(now, schedule.timezone, now).at,
      next_runs: runs.map((at) => runJson(at, schedule.timezone, now)),
    });
    return 0;
  }

  const style = styleFor(io.stdout, io.env);
  const lines = [
    `${style.bold(schedule.name)}: ${schedule.cron} (${describeCron(schedule.cron)}) in ${schedule.timezone}`,
  ];
  if (schedule.jitterMs > 0) lines.push(style.dim("times include the schedule's jitter"));
  if (!schedule.enabled) {
    lines.push(
      style.yellow(
        `disabled: nothing runs until it is enabled (agent-scheduler update ${schedule.name} --enabled); it would run at:`,
      ),
    );
  }
  if (runs.length === 0) {
    lines.push(style.dim('no more runs (its end-at has passed)'));
  } else {
    lines.push(
      ...table(
        null,
        runs.map((at, i) => [
          String(i + 1).padStart(2),
          localTime(at, schedule.timezone),
          localTime(at, schedule.timezone).endsWith(formatUtc(at)) ? '' : style.dim(formatUtc(at)),
          relative(at, now),
        ]),
      ),
    );
  }
  writeLines(io.stdout, lines);
  return 0;
}
