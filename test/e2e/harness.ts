/**
 * Runs the bundled Action (dist/index.js) the way a runner does: a child process with INPUT_*,
 * GITHUB_* and the file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against the simulator.
 * Shared by the e2e tests, the demo and the benchmark.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ACTION = join(REPO_ROOT, 'dist/index.js');

export interface SimLike {
  url: string;
  token: string;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error ...` workflow commands printed on stdout. */
  annotations: string[];
}

export interface RunOptions {
  sim: SimLike;
  workspace: string;
  /** AGENT_SCHEDULER_NOW. */
  now: string | Date;
  inputs?: Record<string, string>;
  eventName?: string;
  event?: Record<string, unknown>;
  env?: Record<string, string>;
  runId?: number;
  owner?: string;
  repo?: string;
  /** Kill the process when this line appears on stdout (crash tests). */
  killOn?: RegExp;
}

let runCounter = 1000;

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'as-run-'));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary');
  const eventPath = join(dir, 'event.json');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const owner = opts.owner ?? 'acme';
  const repo = opts.repo ?? 'widgets';
  writeFileSync(
    eventPath,
    JSON.stringify(
      opts.event ?? { repository: { default_branch: 'main', full_name: `${owner}/${repo}` } },
    ),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: `${owner}/${repo}`,
    GITHUB_API_URL: opts.sim.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: opts.eventName ?? 'schedule',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_RUN_ID: String(opts.runId ?? runCounter++),
    GITHUB_RUN_ATTEMPT: '1',
    AGENT_SCHEDULER_NOW: opts.now instanceof Date ? opts.now.toISOString() : opts.now,
    // The real retry/throttling plugins run; their waits are scaled from seconds to ms.
    AGENT_SCHEDULER_HTTP_TIME_SCALE: '1',
    INPUT_TOKEN: opts.sim.token,
    ...opts.env,
  };
  for (const [name, value] of Object.entries(opts.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const child = spawn(process.execPath, [ACTION], { env, cwd: opts.workspace });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (opts.killOn?.test(stdout) && child.exitCode === null) child.kill('SIGKILL');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 137)));
  const result: ActionRun = {
    code,
    stdout,
    stderr,
    outputs: parseFileCommand(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    annotations: stdout.split('\n').filter((l) => l.startsWith('::error')),
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter\nvalue\ndelimiter` records. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      out[name!] = rest.join('=');
    }
  }
  return out;
}

export interface WorkspaceSpec {
  /** file name (without dir) → YAML text, written under schedules/. */
  schedules?: Record<string, string>;
  /** file name → YAML text, written under .github/workflows/. */
  workflows?: Record<string, string>;
  /** Copy the repository's example schedules and target workflow instead. */
  examples?: boolean;
}

/** The agent workflow most tests dispatch: declares `prompt`, `scheduled-run` and `dry-run`. */
export const AGENT_WORKFLOW = `name: Agent
run-name: \${{ inputs.scheduled-run || 'manual run' }}
on:
  workflow_dispatch:
    inputs:
      prompt:
        description: What the agent should do
        required: true
        type: string
      scheduled-run:
        description: Filled by agent-scheduler
        required: false
        type: string
      dry-run:
        required: false
        type: boolean
        default: false
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ inputs.prompt }}"
`;

export function makeWorkspace(spec: WorkspaceSpec = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'as-ws-'));
  mkdirSync(join(dir, 'schedules'), { recursive: true });
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  if (spec.examples) {
    cpSync(join(REPO_ROOT, 'schedules'), join(dir, 'schedules'), { recursive: true });
    cpSync(
      join(REPO_ROOT, '.github/workflows/agent.yml'),
      join(dir, '.github/workflows/agent.yml'),
    );
  } else {
    writeFileSync(join(dir, '.github/workflows/agent.yml'), AGENT_WORKFLOW);
  }
  for (const [name, text] of Object.entries(spec.workflows ?? {})) {
    writeFileSync(join(dir, '.github/workflows', name), text);
  }
  for (const [name, text] of Object.entries(spec.schedules ?? {})) {
    writeFileSync(join(dir, 'schedules', name), text);
  }
  return dir;
}

export function writeSchedule(workspace: string, name: string, text: string): void {
  writeFileSync(join(workspace, 'schedules', name), text);
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
