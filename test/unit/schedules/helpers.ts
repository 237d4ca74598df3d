/** Temporary workspaces for schedule and workflow tests: schedules/ and .github/workflows/. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The realistic agent workflow the example schedules target (test/fixtures/workspace). */
export const AGENT_WORKFLOW = readFileSync(
  new URL('../../fixtures/workspace/.github/workflows/agent.yml', import.meta.url),
  'utf8',
);

export interface WorkspaceFiles {
  /** schedules/<name> → content (string or bytes). */
  schedules?: Record<string, string | Uint8Array>;
  /** .github/workflows/<name> → content; default: `agent.yml` = AGENT_WORKFLOW. */
  workflows?: Record<string, string>;
  /** Any other repository-relative path → content. */
  files?: Record<string, string | Uint8Array>;
}

export function makeWorkspace(files: WorkspaceFiles = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'agent-scheduler-test-'));
  made.push(root);
  const write = (rel: string, content: string | Uint8Array): void => {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  };
  for (const [name, content] of Object.entries(
    files.workflows ?? { 'agent.yml': AGENT_WORKFLOW },
  )) {
    write(`.github/workflows/${name}`, content);
  }
  for (const [name, content] of Object.entries(files.schedules ?? {}))
    write(`schedules/${name}`, content);
  for (const [rel, content] of Object.entries(files.files ?? {})) write(rel, content);
  return root;
}

/** A scratch directory outside any workspace (for symlinks that point away). */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-scheduler-outside-'));
  made.push(dir);
  return dir;
}

/** The smallest valid schedule for the agent workflow. */
export const MINIMAL = "cron: '0 2 * * *'\nworkflow: agent.yml\ninputs:\n  prompt: hello\n";

/** Milliseconds `fn` takes. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}
