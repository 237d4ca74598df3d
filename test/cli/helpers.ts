/**
 * Runs the bundled CLI (dist/cli.js) the way a user does: a child process in a temporary
 * repository, with a clean environment (no inherited GITHUB_TOKEN) and the clock pinned.
 * Always spawned asynchronously: the GitHub simulator answers on this process's event loop.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/harness.js';

export const CLI = join(REPO_ROOT, 'dist/cli.js');
/** A Tuesday evening in UTC; 17:48 in New York. */
export const NOW = '2026-11-24T22:48:00Z';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is a pipe: never a TTY). */
  input?: string;
}

export async function cli(args: string[], options: CliOptions): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.cwd,
    AGENT_SCHEDULER_NOW: NOW,
    AGENT_SCHEDULER_HTTP_TIME_SCALE: '1',
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(options.input ?? '');
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 137)));
  return { code, stdout, stderr };
}

export function read(workspace: string, path: string): string {
  return readFileSync(join(workspace, path), 'utf8');
}

export function scheduleFiles(workspace: string): string[] {
  return readdirSync(join(workspace, 'schedules')).sort();
}

/** A schedule file for the agent workflow. */
export function schedule(cron: string, extra = ''): string {
  return `cron: "${cron}"\nworkflow: agent.yml\ninputs:\n  prompt: hello\n${extra}`;
}
