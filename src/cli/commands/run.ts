/**
 * `agent-scheduler run <name>` — fires a schedule now: dispatches the checker workflow with
 * `run-now=<name>` (SPEC §7.9). The schedule must exist and be valid here first; the checker
 * reads it from the branch it runs on.
 */
import { clockOf, styleFor, writeLines, type Io } from '../io.js';
import { connect, type RemoteOptions } from '../remote.js';
import { checkName, loadLocal, requireSchedule, type LocalOptions } from '../workspace.js';

export const DEFAULT_CHECKER = 'agent-scheduler.yml';

export interface RunOptions extends LocalOptions, RemoteOptions {
  checkerWorkflow?: string;
  ref?: string;
  dryRun?: boolean;
}

export async function run(name: string, options: RunOptions, io: Io): Promise<number> {
  checkName(name);
  clockOf(io.env);
  const local = loadLocal(io, options);
  const schedule = requireSchedule(local, name);
  const remote = connect(io, options);
  const checker = options.checkerWorkflow ?? DEFAULT_CHECKER;
  const ref = options.ref ?? (await remote.gateway.getDefaultBranch());
  const inputs: Record<string, string> = { 'run-now': name };
  if (options.dryRun) inputs['dry-run'] = 'true';
  const result = await remote.gateway.dispatchWorkflow(checker, ref, inputs);

  const style = styleFor(io.stdout, io.env);
  writeLines(io.stdout, [
    `${style.green('Dispatched')} ${checker} on ${ref} in ${remote.owner}/${remote.repo} with run-now=${name}${options.dryRun ? ' (dry run)' : ''}`,
    result.runUrl
      ? `checker run: ${result.runUrl}`
      : `the checker run will appear under Actions → ${checker}`,
    `It dispatches ${schedule.workflow} for ${name} as manual:${name}, whatever the cron and overlap say.`,
  ]);
  return 0;
}
