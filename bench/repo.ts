/**
 * A benchmark scenario: the local GitHub simulator (127.0.0.1 only) plus a temporary checkout,
 * ticked by the real bundled Action (`node dist/index.js`, spawned like a runner does). Each tick
 * counts the calls it made, split into reads (GET) and writes (everything else).
 */
import { GitHubSimulator, type CallRecord } from '../test/github-sim/index.js';
import {
  AGENT_WORKFLOW,
  makeWorkspace,
  removeWorkspace,
  runAction,
  type ActionRun,
  type RunOptions,
} from '../test/e2e/harness.js';
import { since } from './format.js';

export interface TickCalls {
  reads: number;
  writes: number;
  /** `operationId ×n`, in order of first appearance. */
  ops: string[];
  /** Calls answered with a status ≥ 400 (`operationId status`). */
  failed: string[];
  operationIds: string[];
  code: number;
  outputs: Record<string, string>;
  /** Wall time of the whole child process. */
  wallMs: number;
  run: ActionRun;
}

export interface RepoSpec {
  /** Schedule file name → YAML. */
  schedules?: Record<string, string>;
  /** Extra target workflow file names (besides agent.yml), each a copy of the agent workflow. */
  workflows?: string[];
  start: Date;
}

export const OWNER = 'acme';
export const REPO = 'widgets';
export const WORKFLOW_INPUTS = ['prompt', 'scheduled-run', 'dry-run'];

export class BenchRepo {
  private constructor(
    readonly sim: GitHubSimulator,
    readonly workspace: string,
  ) {}

  static async create(spec: RepoSpec): Promise<BenchRepo> {
    const sim = await GitHubSimulator.start({
      owner: OWNER,
      repo: REPO,
      defaultBranch: 'main',
      now: spec.start,
    });
    if (!/^http:\/\/127\.0\.0\.1:\d+/.test(sim.url)) {
      await sim.stop();
      throw new Error(`the simulator must listen on 127.0.0.1, not ${sim.url}`);
    }
    sim.addWorkflow({
      path: '.github/workflows/agent.yml',
      name: 'Agent',
      inputs: WORKFLOW_INPUTS,
    });
    const workflows: Record<string, string> = {};
    for (const file of spec.workflows ?? []) {
      const name = file.replace(/\.ya?ml$/, '');
      workflows[file] = AGENT_WORKFLOW.replace(/^name: Agent$/m, `name: ${name}`);
      sim.addWorkflow({ path: `.github/workflows/${file}`, name, inputs: WORKFLOW_INPUTS });
    }
    const workspace = makeWorkspace({ schedules: spec.schedules ?? {}, workflows });
    return new BenchRepo(sim, workspace);
  }

  /** One tick at `now`; only this tick's calls are counted. */
  async tick(
    now: string,
    inputs: Record<string, string> = {},
    /** Runner environment beyond the defaults (run id, event, GITHUB_WORKFLOW_REF, …). */
    extra: Partial<RunOptions> = {},
  ): Promise<TickCalls> {
    this.sim.setNow(new Date(now));
    this.sim.resetCalls();
    const start = process.hrtime.bigint();
    const run = await runAction({
      ...extra,
      sim: this.sim,
      workspace: this.workspace,
      now,
      inputs,
    });
    const wallMs = since(start);
    return { ...summarizeCalls(this.sim.calls), code: run.code, outputs: run.outputs, wallMs, run };
  }

  /** OpenAPI mismatches and unknown routes seen so far (each is a bug somewhere). */
  problems(): string[] {
    return [
      ...this.sim.mismatches.map((m) => `OpenAPI mismatch: ${JSON.stringify(m).slice(0, 300)}`),
      ...this.sim.unknownRoutes.map((c) => `unknown route: ${c.method} ${c.path}`),
    ];
  }

  async close(): Promise<void> {
    await this.sim.stop();
    removeWorkspace(this.workspace);
  }
}

export function summarizeCalls(
  calls: readonly CallRecord[],
): Omit<TickCalls, 'code' | 'outputs' | 'wallMs' | 'run'> {
  const counts = new Map<string, number>();
  const failed: string[] = [];
  let reads = 0;
  let writes = 0;
  for (const c of calls) {
    if (c.method === 'GET' || c.method === 'HEAD') reads++;
    else writes++;
    const op = c.operationId ?? `${c.method} ${c.path}`;
    counts.set(op, (counts.get(op) ?? 0) + 1);
    if (c.status >= 400) failed.push(`${op} ${c.status}`);
  }
  return {
    reads,
    writes,
    ops: [...counts].map(([op, n]) => `${op} ×${n}`),
    failed,
    operationIds: calls.map((c) => c.operationId ?? `${c.method} ${c.path}`),
  };
}

/** A schedule file as most scenarios use it. */
export function scheduleYaml(cron: string, workflow = 'agent.yml', extra = ''): string {
  return `cron: "${cron}"\nworkflow: ${workflow}\ninputs:\n  prompt: hello\n${extra}`;
}

/** Zero-padded schedule names sort the way humans expect. */
export function scheduleName(i: number): string {
  return `s${String(i).padStart(5, '0')}`;
}
