/**
 * `agent-scheduler list [--all] [--json]` — each schedule with its cron in plain English, zone,
 * whether it is enabled, and its next runs in local time ("in 3h 12m"), computed from
 * AGENT_SCHEDULER_NOW when it is set, exactly as the checker would.
 */
import type { Schedule } from '../../schedules/index.js';
import { describeCron, formatZonedIso } from '../../time/index.js';
import { localTime, plural, printJson, relative, table } from '../format.js';
import { clockOf, styleFor, writeLines, type Io } from '../io.js';
import { dirLabel, iso, loadLocal, nextRuns, type LocalOptions } from '../workspace.js';

export interface ListOptions extends LocalOptions {
  all?: boolean;
  json?: boolean;
  /** How many next runs per schedule (default 3). */
  runs?: number;
}

export function runJson(at: Date, zone: string, now: Date) {
  return { at: iso(at), local: formatZonedIso(at, zone), relative: relative(at, now) };
}

export async function list(options: ListOptions, io: Io): Promise<number> {
  const now = clockOf(io.env);
  const local = loadLocal(io, options);
  const count = options.runs ?? 3;
  const shown = local.schedules.filter((s) => options.all || s.enabled);
  const hidden = local.schedules.length - shown.length;
  const runsOf = (s: Schedule) => (s.enabled ? nextRuns(s, now, count) : []);

  writeLines(
    io.stderr,
    local.errors.map((e) => e.format()),
  );
  if (options.json) {
    printJson(io.stdout, {
      now: iso(now),
      schedules: shown.map((s) => ({
        name: s.name,
        file: s.file,
        cron: s.cron,
        cron_description: describeCron(s.cron),
        timezone: s.timezone,
        enabled: s.enabled,
        workflow: s.workflow,
        ...(s.description !== undefined ? { description: s.description } : {}),
        next_runs: runsOf(s).map((at) => runJson(at, s.timezone, now)),
      })),
      ...(hidden > 0 ? { hidden_disabled: hidden } : {}),
      errors: local.errors.map((e) => ({
        file: e.source,
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.column !== undefined ? { column: e.column } : {}),
        message: e.message,
        ...(e.hint !== undefined ? { hint: e.hint } : {}),
      })),
    });
    return local.errors.length > 0 ? 1 : 0;
  }

  const style = styleFor(io.stdout, io.env);
  const lines: string[] = [];
  if (shown.length === 0) {
    lines.push(
      local.schedules.length === 0
        ? `No schedules in ${dirLabel(local.dir)}. Add one: agent-scheduler add <name> --cron "0 9 * * 1-5" --workflow agent.yml`
        : `No enabled schedules (${plural(hidden, 'disabled one')}: agent-scheduler list --all).`,
    );
  } else {
    const rows = shown.map((s) => {
      const runs = runsOf(s);
      return [
        style.bold(s.name),
        `${s.cron}\n${style.dim(describeCron(s.cron))}`,
        s.timezone,
        s.enabled ? 'yes' : style.yellow('no'),
        s.enabled
          ? runs.length > 0
            ? runs.map((at) => localTime(at, s.timezone)).join('\n')
            : style.dim('none (window ended)')
          : style.dim('paused'),
        runs.map((at) => relative(at, now)).join('\n'),
      ];
    });
    lines.push(
      ...table(['NAME', 'SCHEDULE', 'ZONE', 'ENABLED', 'NEXT RUNS', ''], rows).map((l, i) =>
        i === 0 ? style.bold(l) : l,
      ),
    );
    if (hidden > 0)
      lines.push(
        '',
        style.dim(`${plural(hidden, 'disabled schedule')} not shown (--all shows them)`),
      );
  }
  if (local.errors.length > 0) {
    lines.push(
      '',
      style.red(
        `${plural(local.invalidNames.length || local.errors.length, 'file')} with problems not listed (see above; agent-scheduler validate)`,
      ),
    );
  }
  writeLines(io.stdout, lines);
  return local.errors.length > 0 ? 1 : 0;
}
