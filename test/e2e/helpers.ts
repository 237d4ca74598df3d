/** Scenario helpers for the e2e tests: a simulator + checkout, and readers of what happened. */
import assert from 'node:assert/strict';
import { GitHubSimulator } from '../github-sim/index.js';
import {
  makeWorkspace,
  removeWorkspace,
  runAction,
  type ActionRun,
  type WorkspaceSpec,
} from './harness.js';

export const STATE_BRANCH = 'agent-scheduler-state';

export interface Scenario {
  sim: GitHubSimulator;
  workspace: string;
  tick(
    now: string,
    inputs?: Record<string, string>,
    extra?: Partial<Parameters<typeof runAction>[0]>,
  ): Promise<ActionRun>;
  state(): StateJson;
  close(): Promise<void>;
}

export interface StateJson {
  schedules: Record<
    string,
    {
      cursor: string;
      since: string;
      claims: unknown[];
      history: { id: string; outcome: string; reason?: string; count?: number; runId?: number }[];
    }
  >;
  issues: Record<string, unknown>;
}

export async function scenario(spec: WorkspaceSpec & { start?: string } = {}): Promise<Scenario> {
  const sim = await GitHubSimulator.start({
    owner: 'acme',
    repo: 'widgets',
    defaultBranch: 'main',
    now: new Date(spec.start ?? '2026-11-23T00:00:00Z'),
  });
  sim.addWorkflow({
    path: '.github/workflows/agent.yml',
    name: 'Agent',
    inputs: ['prompt', 'scheduled-run', 'dry-run'],
  });
  const workspace = makeWorkspace(spec);
  return {
    sim,
    workspace,
    async tick(now, inputs = {}, extra = {}) {
      sim.setNow(new Date(now));
      return runAction({ sim, workspace, now, inputs, ...extra });
    },
    state() {
      const text = sim.readBranchFile(STATE_BRANCH, 'state.json');
      assert.ok(text, 'state.json exists on the state branch');
      return JSON.parse(text) as StateJson;
    },
    async close() {
      assert.deepEqual(
        sim.mismatches,
        [],
        'every request and response matched the OpenAPI description',
      );
      assert.deepEqual(
        sim.unknownRoutes.map((c) => `${c.method} ${c.path}`),
        [],
        'no unknown routes',
      );
      await sim.stop();
      removeWorkspace(workspace);
    },
  };
}

/** `scheduled-run` JSON of every run, parsed. */
export function scheduledRuns(
  sim: GitHubSimulator,
): { id: string; source: string; scheduled_for: string; attempt: number }[] {
  return sim.dispatches.map((d) => JSON.parse(String(d.inputs?.['scheduled-run'] ?? '{}')));
}

/**
 * Completes every run still queued or in progress (issue 4: the checker follows runs, and an
 * unfinished one keeps `overlap: skip` from dispatching the next occurrence).
 */
export function finishRuns(sim: GitHubSimulator, conclusion = 'success'): void {
  for (const run of sim.runs) if (run.status !== 'completed') sim.completeRun(run.id, conclusion);
}

export function writesIn(sim: GitHubSimulator, fromIndex = 0): string[] {
  return sim.calls
    .slice(fromIndex)
    .filter((c) => c.method !== 'GET')
    .map((c) => `${c.method} ${c.operationId}`);
}

export const daily = (cron: string, extra = '') =>
  `cron: "${cron}"\nworkflow: agent.yml\ninputs:\n  prompt: hello\n${extra}`;
