/**
 * The `agent-scheduler` command line: commander wiring only. Each verb lives in
 * `commands/<verb>.ts` as a function of (arguments, options, Io) → exit status.
 *
 * Exit status: 0 ok · 1 a validation problem or a failure found · 2 usage or configuration.
 */
import { messageOf } from '../errors.js';
import { Command, CommanderError, Option } from 'commander';
import { GitHubError } from '../github/errors.js';
import { add } from './commands/add.js';
import { at, DEFAULT_LABEL } from './commands/at.js';
import { list } from './commands/list.js';
import { next } from './commands/next.js';
import { remove } from './commands/remove.js';
import { DEFAULT_CHECKER, run } from './commands/run.js';
import { DEFAULT_STATE_BRANCH, status } from './commands/status.js';
import { update } from './commands/update.js';
import { validate } from './commands/validate.js';
import { CliError, hasColor, styleFor, type Io } from './io.js';
import { collect, collectKeyValue, duration, integer, repository, timeZone } from './options.js';
import { DEFAULT_SCHEDULES_DIR } from './workspace.js';

export const VERSION = '0.1.0';

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** `--schedules` and `--default-timezone`: where files are and how zone-less ones are read. */
function localOptions(cmd: Command): Command {
  return cmd
    .option('--schedules <dir>', 'directory of schedule files', DEFAULT_SCHEDULES_DIR)
    .option(
      '--default-timezone <zone>',
      "zone for files without `timezone:` (the Action's `timezone` input)",
      timeZone,
      'UTC',
    );
}

function remoteOptions(cmd: Command): Command {
  return cmd.option(
    '--repo <owner/name>',
    'repository (default: $GITHUB_REPOSITORY); token from $GITHUB_TOKEN or $GH_TOKEN',
    repository,
  );
}

/** The options every schedule key has, shared by `add` and `update`. */
function fieldOptions(cmd: Command, required: boolean): Command {
  // `add` checks the required ones itself: commander would report a missing mandatory option
  // before an unknown one, hiding "(Did you mean --cron?)" for `--cronn`.
  const need = required ? ' (required)' : '';
  return cmd
    .option('--cron <expr>', `5-field cron: minute hour day-of-month month day-of-week${need}`)
    .option('--workflow <file>', `target workflow file in .github/workflows${need}`)
    .option('--timezone <zone>', 'IANA zone the cron is read in (default: UTC)', timeZone)
    .option('--ref <branch>', 'branch or tag to run the workflow on (default: the default branch)')
    .option('--input <key=value>', 'a workflow_dispatch input (repeatable)', collectKeyValue)
    .addOption(
      new Option('--overlap <policy>', 'while the previous run is active').choices([
        'skip',
        'allow',
        'cancel-previous',
      ]),
    )
    .addOption(
      new Option('--catch-up <policy>', 'missed occurrences').choices(['none', 'latest', 'all']),
    )
    .option('--catch-up-window <duration>', 'drop missed occurrences older than this', duration)
    .option('--retries <n>', 're-dispatch failed runs up to n times (0-10)', integer(0, 10))
    .option('--retry-delay <duration>', 'wait before a retry', duration)
    .option('--timeout <duration>', 'cancel a run still active after this', duration)
    .addOption(
      new Option('--priority <level>', 'order when the per-tick budget is short').choices([
        'urgent',
        'high',
        'medium',
        'low',
      ]),
    )
    .option('--jitter <duration>', 'deterministic offset in [0, jitter) to spread load', duration)
    .option('--start-at <iso>', 'active from (ISO 8601 with offset)')
    .option('--end-at <iso>', 'active until (ISO 8601 with offset)')
    .option('--description <text>', 'free text');
}

export function buildProgram(io: Io, done: (code: number) => void): Command {
  const errStyle = styleFor(io.stderr, io.env);
  const program = new Command('agent-scheduler')
    .description(
      'Manage agent-scheduler schedules (schedules/*.yml) and run-at issues from a terminal.',
    )
    .version(VERSION, '-V, --version')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(errStyle.red(s)),
      getOutHasColors: () => hasColor(io.stdout, io.env),
      getErrHasColors: () => hasColor(io.stderr, io.env),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit status: 0 ok, 1 a problem was found, 2 usage or configuration error.\n' +
        'Times are computed from AGENT_SCHEDULER_NOW when it is set (ISO 8601).\n' +
        examples([
          'agent-scheduler validate',
          'agent-scheduler list',
          'agent-scheduler add nightly --cron "0 2 * * 1-5" --timezone America/New_York --workflow agent.yml --input prompt="Review yesterday\'s PRs"',
          'agent-scheduler at "in 2h" --workflow agent.yml --input prompt="Check PR #123 again"',
        ]),
    );

  // commander calls an action with (...arguments, options, command). Options are untyped
  // there; each verb declares the shape it reads.
  const action =
    (fn: (args: [never], options: never, io: Io) => Promise<number>) =>
    async (...args: unknown[]) => {
      const options = args[args.length - 2];
      const positional = args.slice(0, -2) as [never];
      done(await fn(positional, options as never, io));
    };

  localOptions(
    program
      .command('validate')
      .description(
        'check every schedule file and the workflows they target; one `file:line:col: message — hint` line per problem',
      )
      .argument('[dir]', 'repository root', '.')
      .addHelpText(
        'after',
        examples([
          'agent-scheduler validate',
          'agent-scheduler validate path/to/repo --default-timezone Europe/Berlin',
        ]),
      ),
  ).action(action(([dir], o, io) => validate(dir, o, io)));

  localOptions(
    program
      .command('list')
      .alias('ls')
      .description('schedules with their cron in plain English, zone and next runs')
      .option('-a, --all', 'include disabled schedules')
      .option('--runs <n>', 'next runs shown per schedule', integer(1, 50), 3)
      .option('--json', 'print one JSON document')
      .addHelpText(
        'after',
        examples([
          'agent-scheduler list',
          'agent-scheduler list --all --json',
          'AGENT_SCHEDULER_NOW=2026-11-25T06:00:00Z agent-scheduler list',
        ]),
      ),
  ).action(action((_, o, io) => list(o, io)));

  localOptions(
    program
      .command('next')
      .description('the next runs of one schedule, in its zone and in UTC')
      .argument('<name>', 'schedule name (file name without .yml)')
      .option('-n, --count <n>', 'how many runs', integer(1, 1000), 5)
      .option('--json', 'print one JSON document')
      .addHelpText(
        'after',
        examples([
          'agent-scheduler next nightly-review',
          'agent-scheduler next nightly-review -n 10 --json',
        ]),
      ),
  ).action(action(([name], o, io) => next(name, o, io)));

  localOptions(
    fieldOptions(
      program
        .command('add')
        .description('write schedules/<name>.yml after validating it (never overwrites)')
        .argument('<name>', 'schedule name: a-z, 0-9, ".", "_" and "-"'),
      true,
    )
      .option('--disabled', 'write it paused (enabled: false)')
      .option('--dry-run', 'print the file instead of writing it')
      .addHelpText(
        'after',
        examples([
          'agent-scheduler add nightly-review --cron "0 2 * * 1-5" --timezone America/New_York --workflow agent.yml --input prompt="Review the PRs merged yesterday"',
          'agent-scheduler add triage --cron "0 * * * *" --workflow agent.yml --input prompt="Triage new issues" --priority low --jitter 5m',
        ]),
      ),
  ).action(action(([name], o, io) => add(name, o, io)));

  localOptions(
    fieldOptions(
      program
        .command('update')
        .description('change a schedule in place, keeping its comments and formatting')
        .argument('<name>', 'schedule name'),
      false,
    )
      .option('--remove-input <key>', 'remove an input (repeatable)', collect)
      .option('--unset <key>', 'remove an optional key, e.g. timeout (repeatable)', collect)
      .addOption(new Option('--enabled', 'resume it (it starts from now)').conflicts('disabled'))
      .addOption(new Option('--disabled', 'pause it').conflicts('enabled'))
      .option('--dry-run', 'print the result instead of writing it')
      .addHelpText(
        'after',
        examples([
          'agent-scheduler update nightly-review --cron "0 3 * * 1-5"',
          'agent-scheduler update nightly-review --input prompt="Review and label" --remove-input dry-run',
          'agent-scheduler update dependency-audit --enabled',
        ]),
      ),
  ).action(action(([name], o, io) => update(name, o, io)));

  localOptions(
    program
      .command('remove')
      .alias('rm')
      .description('delete schedule files (asks on a terminal; needs --force otherwise)')
      .argument('<name...>', 'schedule names')
      .option('-f, --force', 'do not ask')
      .addHelpText(
        'after',
        examples(['agent-scheduler remove old-report', 'agent-scheduler remove a b --force']),
      ),
  ).action(action(([names], o, io) => remove(names, o, io)));

  remoteOptions(
    localOptions(
      program
        .command('run')
        .description('fire a schedule now: dispatch the checker workflow with run-now=<name>')
        .argument('<name>', 'schedule name')
        .option('--checker-workflow <file>', 'the checker workflow', DEFAULT_CHECKER)
        .option('--ref <branch>', 'branch to run the checker on (default: the default branch)')
        .option('--dry-run', 'ask the checker for a dry run (its `dry-run` input)')
        .addHelpText(
          'after',
          examples([
            'agent-scheduler run nightly-review',
            'GH_TOKEN=$(gh auth token) agent-scheduler run nightly-review --repo acme/widgets --dry-run',
          ]),
        ),
    ),
  ).action(action(([name], o, io) => run(name, o, io)));

  remoteOptions(
    program
      .command('at')
      .description(
        'open a run-at issue: run a workflow once at <when> (how an agent schedules itself)',
      )
      .argument(
        '<when>',
        '"in 2h", "+90m", "2026-11-25T09:00:00Z", or "2026-11-25 09:00" with --timezone',
      )
      .option('--workflow <file>', "target workflow (default: the checker's `workflow` input)")
      .option('--input <key=value>', 'a workflow_dispatch input (repeatable)', collectKeyValue)
      .option('--title <text>', 'issue title')
      .option('--label <name>', 'run-at label', DEFAULT_LABEL)
      .option('--timezone <zone>', 'zone of a local <when> (default: UTC)', timeZone)
      .option('--ref <branch>', 'branch to run the workflow on')
      .option('--retries <n>', 're-dispatch a failed run up to n times (0-10)', integer(0, 10))
      .option('--retry-delay <duration>', 'wait before a retry', duration)
      .option('--timeout <duration>', 'cancel the run if still active after this', duration)
      .option('--note <text>', 'free text below the front matter')
      .option('--dry-run', 'print the issue instead of opening it')
      .addHelpText(
        'after',
        '\nThe issue URL is printed on stdout. Inside a workflow, pass the token:\n' +
          '  env: { GH_TOKEN: ${{ github.token }} }   # with `permissions: issues: write`\n' +
          examples([
            'agent-scheduler at "in 2h" --workflow agent.yml --input prompt="Check whether PR #123 is green and merge it"',
            'agent-scheduler at "2026-11-25 09:00" --timezone Europe/Paris --workflow agent.yml --input prompt="Morning check"',
          ]),
      ),
  ).action(action(([when], o, io) => at(when, o, io)));

  remoteOptions(
    localOptions(
      program
        .command('status')
        .description(
          'last runs and outcomes (from the state branch), what is next, pending run-at issues',
        )
        .option('--state-branch <branch>', 'branch holding state.json', DEFAULT_STATE_BRANCH)
        .option('--label <name>', 'run-at label', DEFAULT_LABEL)
        .option(
          '--trusted-authors <logins>',
          "the checker's `trusted-authors` input (commas)",
          (v: string) =>
            v
              .split(/[,\n]/)
              .map((x) => x.trim())
              .filter(Boolean),
        )
        .option('--limit <n>', 'runs shown per schedule', integer(1, 100), 3)
        .option('--json', 'print one JSON document')
        .addHelpText(
          'after',
          examples(['agent-scheduler status --repo acme/widgets', 'agent-scheduler status --json']),
        ),
    ),
  ).action(action((_, o, io) => status(o, io)));

  return program;
}

/** Runs the command line; resolves to the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  const style = styleFor(io.stderr, io.env);
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return 2;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; every parse error is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      for (const line of error.lines) io.stderr.write(`${line}\n`);
      io.stderr.write(style.red(`error: ${error.message}`) + '\n');
      return error.exitCode;
    }
    if (error instanceof GitHubError) {
      const message = error.message.replace('(input `token`)', '(GITHUB_TOKEN or GH_TOKEN)');
      io.stderr.write(style.red(`error: ${message}`) + '\n');
      return 1;
    }
    const message = messageOf(error);
    io.stderr.write(style.red(`error: ${message}`) + '\n');
    return 1;
  }
}
