/**
 * `agent-scheduler remove <name>… [--force]` — deletes schedule files. On a terminal it asks
 * first; when stdin is not a terminal (a script, an agent) it refuses without `--force`.
 * Every name is checked before anything is deleted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, styleFor, writeLines, type Io } from '../io.js';
import {
  checkName,
  loadLocal,
  scheduleFilesOf,
  unknownSchedule,
  type LocalOptions,
} from '../workspace.js';

export interface RemoveOptions extends LocalOptions {
  force?: boolean;
}

export async function remove(names: string[], options: RemoveOptions, io: Io): Promise<number> {
  names.forEach(checkName);
  const local = loadLocal(io, options);
  const files: string[] = [];
  for (const name of new Set(names)) {
    const found = scheduleFilesOf(local, name);
    if (found.length === 0) throw unknownSchedule(local, name);
    files.push(...found);
  }

  if (!options.force) {
    if (!io.stdin.isTTY) {
      throw new CliError(
        `not removing ${files.join(', ')} without confirmation: stdin is not a terminal — add --force`,
      );
    }
    io.stderr.write(`Remove ${files.join(', ')}? [y/N] `);
    const answer = (await io.stdin.readLine())?.trim().toLowerCase() ?? '';
    if (answer !== 'y' && answer !== 'yes') {
      io.stderr.write('Nothing removed.\n');
      return 1;
    }
  }
  const style = styleFor(io.stdout, io.env);
  for (const file of files) rmSync(join(local.root, file));
  writeLines(io.stdout, [
    ...files.map((f) => `${style.green('Removed')} ${f}`),
    'Commit and push: the checker stops firing it from its next tick.',
  ]);
  return 0;
}
