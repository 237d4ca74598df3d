/**
 * `agent-scheduler validate [dir]` — every schedule file and the workflows they reference,
 * through the Action's own loader. Problems go to stderr one per line as
 * `file:line:col: message — hint` (the format editors and problem matchers read); exit 1.
 */
import { plural } from '../format.js';
import { styleFor, writeLines, type Io } from '../io.js';
import { dirLabel, loadLocal, type LocalOptions } from '../workspace.js';

export async function validate(
  dir: string | undefined,
  options: LocalOptions,
  io: Io,
): Promise<number> {
  const local = loadLocal(io, options, dir ?? '.');
  const where = dirLabel(local.dir);
  for (const note of local.notes) io.stderr.write(`note: ${note}\n`);
  if (local.errors.length > 0) {
    writeLines(
      io.stderr,
      local.errors.map((e) => e.format()),
    );
    const files = local.schedules.length + local.invalidNames.length;
    const summary =
      local.invalidNames.length > 0
        ? `${plural(local.errors.length, 'problem')} in ${local.invalidNames.length} of ${plural(files, 'schedule file')}`
        : plural(local.errors.length, 'problem');
    io.stderr.write(styleFor(io.stderr, io.env).red(summary) + '\n');
    return 1;
  }
  const style = styleFor(io.stdout, io.env);
  const enabled = local.schedules.filter((s) => s.enabled).length;
  const disabled = local.schedules.length - enabled;
  io.stdout.write(
    local.schedules.length === 0
      ? `${style.green('OK')}: no schedules in ${where}\n`
      : `${style.green('OK')}: ${plural(local.schedules.length, 'schedule')} valid in ${where} (${enabled} enabled, ${disabled} disabled)\n`,
  );
  return 0;
}
