/**
 * `agent-scheduler at <when> [--workflow …] [--input k=v]…` — opens a run-at issue (SPEC §2):
 * how an agent schedules its own follow-up from inside its workflow. The request is validated
 * locally first, with the Action's own issue parser (and the target workflow's declared inputs
 * when `.github/workflows` is here). Prints the issue's URL on stdout.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseRunAt, parseRunAtIssue, type WorkflowSource } from '../../issues/index.js';
import { formatInZone, formatUtc, formatZonedIso } from '../../time/index.js';
import { unreadableWorkflow, WorkflowLoader, WORKFLOWS_DIR } from '../../workflows/index.js';
import { localTime, relative } from '../format.js';
import { CliError, clockOf, type Io } from '../io.js';
import type { KeyValue } from '../options.js';
import { connect, type RemoteOptions } from '../remote.js';
import { DEFAULT_ZONE, iso } from '../workspace.js';
import { flagErrors } from './add.js';

export const DEFAULT_LABEL = 'run-at';

export interface AtOptions extends RemoteOptions {
  workflow?: string;
  input?: KeyValue[];
  title?: string;
  label?: string;
  timezone?: string;
  ref?: string;
  retries?: number;
  retryDelay?: string;
  timeout?: string;
  note?: string;
  dryRun?: boolean;
}

const AT_FLAGS: Record<string, string> = {
  'run-at': '<when>',
  workflow: '--workflow',
  ref: '--ref',
  timezone: '--timezone',
  retries: '--retries',
  'retry-delay': '--retry-delay',
  timeout: '--timeout',
  inputs: '--input',
};

/** Accepts any workflow and any inputs: for when the target cannot be read from here. */
export const ANY_WORKFLOW: WorkflowSource = {
  get: (ref) => ({ ok: true, workflow: unreadableWorkflow(String(ref)) }),
};

export async function at(when: string, options: AtOptions, io: Io): Promise<number> {
  const now = clockOf(io.env);
  const zone = options.timezone ?? DEFAULT_ZONE;
  const time = parseRunAt(when, now, zone, (v) => `\`${v}\``);
  if (!time.ok) throw new CliError(`<when> "${when}": ${time.message} — ${time.hint}`, 1);
  const runAt = time.at;

  const request: Record<string, unknown> = {
    'run-at': options.timezone ? formatZonedIso(runAt, zone) : iso(runAt),
  };
  if (options.workflow) request.workflow = options.workflow;
  if (options.ref) request.ref = options.ref;
  if (options.timezone) request.timezone = options.timezone;
  if (options.retries !== undefined) request.retries = options.retries;
  if (options.retryDelay) request['retry-delay'] = options.retryDelay;
  if (options.timeout) request.timeout = options.timeout;
  if (options.input && options.input.length > 0) request.inputs = Object.fromEntries(options.input);
  const note = options.note ?? `Requested with \`agent-scheduler at ${JSON.stringify(when)}\`.`;
  const body = `---\n${stringify(request, { lineWidth: 0 })}---\n${note}\n`;
  const label = options.label ?? DEFAULT_LABEL;
  const title =
    options.title ??
    `Run ${options.workflow ?? 'the default workflow'} at ${formatInZone(runAt, zone)}`;

  const haveWorkflows = existsSync(join(io.cwd, WORKFLOWS_DIR));
  const checked = Boolean(options.workflow) && haveWorkflows;
  if (!options.workflow) {
    io.stderr.write(
      "note: no --workflow: the checker's `workflow` input picks the target, so inputs are not checked here\n",
    );
  } else if (!haveWorkflows) {
    io.stderr.write(
      `note: no ${WORKFLOWS_DIR} here: ${options.workflow} and its inputs are not checked\n`,
    );
  }
  const parsed = parseRunAtIssue(
    {
      number: 0,
      title,
      body,
      state: 'open',
      labels: [label],
      user: null,
      author_association: 'OWNER',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    },
    {
      defaultTimezone: DEFAULT_ZONE,
      workflows: checked ? new WorkflowLoader(io.cwd) : ANY_WORKFLOW,
      ...(options.workflow ? {} : { defaultWorkflow: 'default.yml' }),
    },
  );
  if (!parsed.request) {
    throw new CliError('no issue opened', 1, flagErrors(parsed.errors, body, AT_FLAGS));
  }
  if (runAt.getTime() < now.getTime()) {
    io.stderr.write(
      `note: ${formatUtc(runAt)} is in the past: it runs at the checker's next tick\n`,
    );
  }
  if (options.dryRun) {
    io.stdout.write(`${title}\n\n${body}`);
    return 0;
  }

  const remote = connect(io, options);
  const issue = await remote.gateway.createIssue(title, body, [label]);
  io.stdout.write(`${issue.html_url}\n`);
  io.stderr.write(
    `Opened run-at issue #${issue.number} in ${remote.owner}/${remote.repo}: ${options.workflow ?? 'the default workflow'} runs at ${localTime(runAt, zone)} (${relative(runAt, now)}), at the first checker tick from then.\n`,
  );
  return 0;
}
