/**
 * What a verb may touch of the outside world, passed in so every verb is a function that tests
 * can call: the working directory, the environment, the three standard streams and the clock.
 */
import { createInterface } from 'node:readline';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface InStream {
  isTTY?: boolean;
  /** Reads one line (without its newline); null at end of input. */
  readLine(): Promise<string | null>;
}

export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
}

/** The real process. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: {
      isTTY: process.stdin.isTTY === true,
      readLine: () =>
        new Promise((resolve) => {
          const rl = createInterface({ input: process.stdin, terminal: false });
          let done = false;
          rl.once('line', (line) => {
            done = true;
            rl.close();
            resolve(line);
          });
          rl.once('close', () => {
            if (!done) resolve(null);
          });
        }),
    },
  };
}

/**
 * A problem the user must fix, with the exit status it stands for: 1 = validation or a
 * problem found, 2 = usage or configuration. `lines` are printed as they are (problem-matcher
 * lines); `message` gets the `error: ` prefix.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

/** `AGENT_SCHEDULER_NOW` (ISO 8601) pins the clock exactly as it does for the Action. */
export function clockOf(env: Io['env']): Date {
  const pinned = env.AGENT_SCHEDULER_NOW?.trim();
  if (!pinned) return new Date();
  const now = new Date(pinned);
  if (!/^\d{4}-\d\d-\d\dT/.test(pinned) || Number.isNaN(now.getTime())) {
    throw new CliError(
      `AGENT_SCHEDULER_NOW: "${pinned}" is not an ISO 8601 time — e.g. 2026-11-24T02:00:00Z, or unset it`,
    );
  }
  return now;
}

// ---- colour ---------------------------------------------------------------------------------

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain: Style = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
};

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`;

const ansi: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};

/** Colour only on a terminal, never with NO_COLOR (any value) or TERM=dumb. */
export function hasColor(stream: OutStream, env: Io['env']): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

export function styleFor(stream: OutStream, env: Io['env']): Style {
  return hasColor(stream, env) ? ansi : plain;
}

/** Visible width of a string that may carry ANSI colour codes. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

export function writeLines(stream: OutStream, lines: readonly string[]): void {
  if (lines.length > 0) stream.write(lines.join('\n') + '\n');
}
