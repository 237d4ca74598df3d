/**
 * The chaos harness: one seeded "run" drives a simulated stretch of days of checker ticks
 * against the GitHub simulator while injecting faults, then checks the scheduler's promises
 * from the simulator's own records (SPEC §4):
 *   - no occurrence (source, scheduled_for, attempt) is dispatched twice;
 *   - none is lost: every occurrence a fault-free checker saw inside its catch-up window fired;
 *   - nothing is dispatched for an untrusted or a cancelled run-at issue;
 *   - state.json on the state branch is always parseable.
 *
 * Ticks run in-process (the same modules the bundle is built from, real Octokit with its retry
 * and throttling plugins, real HTTP on loopback) so hundreds of runs fit in CI; the e2e suites
 * cover the bundled artefact itself.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/github/client.js';
import { GitHubGateway } from '../../src/github/gateway.js';
import type { Settings } from '../../src/inputs.js';
import { loadSchedules } from '../../src/schedules/index.js';
import { parseState } from '../../src/state/document.js';
import { StateStore } from '../../src/state/store.js';
import { CronSpec } from '../../src/time/cron.js';
import { runTick } from '../../src/tick.js';
import { WorkflowLoader } from '../../src/workflows/index.js';
import { GitHubSimulator, restClient } from '../github-sim/index.js';
import { AGENT_WORKFLOW } from '../e2e/harness.js';

export const STATE_BRANCH = 'agent-scheduler-state';
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRONS = [
  '*/30 * * * *',
  '0 * * * *',
  '15 */2 * * *',
  '0 9 * * *',
  '45 1 * * *',
  '30 2 * * *',
];
const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const WINDOW = 6 * HOUR;

export type FaultKind =
  | 'dispatch-502-after-effect'
  | 'dispatch-500'
  | 'get-ref-503'
  | 'commit-500'
  | 'secondary-rate-limit'
  | 'too-many-requests'
  | 'ref-race'
  | 'slow'
  | 'late-checker'
  | 'twin-checkers'
  | 'force-push'
  | 'delete-branch'
  | 'workflow-404'
  | 'unexpected-inputs';

export const FAULTS: FaultKind[] = [
  'dispatch-502-after-effect',
  'dispatch-500',
  'get-ref-503',
  'commit-500',
  'secondary-rate-limit',
  'too-many-requests',
  'ref-race',
  'slow',
  'late-checker',
  'twin-checkers',
  'force-push',
  'delete-branch',
  'workflow-404',
  'unexpected-inputs',
];

export interface RunOptions {
  seed: number;
  ticks?: number;
  schedules?: number;
  /** Probability that a tick gets a fault. */
  faultRate?: number;
}

export interface RunReport {
  seed: number;
  ticks: number;
  faults: Record<string, number>;
  dispatches: number;
  violations: string[];
  /** A one-line reproduction. */
  repro: string;
}

interface ScheduleSpec {
  name: string;
  cron: string;
  timezone: string;
}

export async function chaosRun(options: RunOptions): Promise<RunReport> {
  const random = rng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const tickCount = options.ticks ?? 10;
  const faultRate = options.faultRate ?? 0.5;
  const start = new Date(Date.UTC(2026, 2, 7, Math.floor(random() * 24))); // around the US DST day
  const sim = await GitHubSimulator.start({
    owner: 'acme',
    repo: 'widgets',
    defaultBranch: 'main',
    now: start,
  });
  sim.addWorkflow({
    path: '.github/workflows/agent.yml',
    name: 'Agent',
    inputs: ['prompt', 'scheduled-run', 'dry-run'],
  });
  const workspace = mkdtempSync(join(tmpdir(), 'as-chaos-'));
  mkdirSync(join(workspace, 'schedules'), { recursive: true });
  mkdirSync(join(workspace, '.github/workflows'), { recursive: true });
  writeFileSync(join(workspace, '.github/workflows/agent.yml'), AGENT_WORKFLOW);
  const specs: ScheduleSpec[] = [];
  for (let i = 0; i < (options.schedules ?? 3); i++) {
    const spec = { name: `s${i}`, cron: pick(CRONS), timezone: pick(ZONES) };
    specs.push(spec);
    writeFileSync(
      join(workspace, 'schedules', `${spec.name}.yml`),
      `cron: "${spec.cron}"\ntimezone: ${spec.timezone}\nworkflow: agent.yml\ncatch-up: all\ncatch-up-window: 6h\noverlap: allow\ninputs:\n  prompt: chaos ${i}\n`,
    );
  }
  // Run-at issues: a trusted one-shot, an untrusted one, and one cancelled before it is due.
  const created = new Date(start.getTime() + 1000);
  const trusted = sim.addIssue({
    title: 'trusted',
    body: issueBody('in 3h'),
    labels: ['run-at'],
    user: 'alice',
    authorAssociation: 'MEMBER',
    createdAt: created,
  });
  const untrusted = sim.addIssue({
    title: 'untrusted',
    body: issueBody('in 1h'),
    labels: ['run-at'],
    user: 'mallory',
    authorAssociation: 'NONE',
    createdAt: created,
  });
  const cancelled = sim.addIssue({
    title: 'cancelled',
    body: issueBody('in 20h'),
    labels: ['run-at'],
    user: 'alice',
    authorAssociation: 'OWNER',
    createdAt: created,
  });

  const report: RunReport = {
    seed: options.seed,
    ticks: 0,
    faults: {},
    dispatches: 0,
    violations: [],
    repro: `npm run chaos -- --seed ${options.seed} --runs 1 --ticks ${tickCount}`,
  };
  let now = start.getTime();
  /** Fault-free windows in which a checker completed: occurrences due there must fire. */
  let stateResetAt = start.getTime();
  const octokit = restClient(sim);
  let runCounter = options.seed * 1000;

  const tick = (at: number, fault?: FaultKind) =>
    inProcessTick(sim, workspace, new Date(at), `${++runCounter}.1`, fault === 'slow');

  try {
    await tick(now); // bootstrap: everything starts from now
    report.ticks++;
    for (let i = 0; i < tickCount; i++) {
      now += (20 + Math.floor(random() * 100)) * MIN;
      const fault = random() < faultRate ? pick(FAULTS) : undefined;
      if (fault) report.faults[fault] = (report.faults[fault] ?? 0) + 1;
      if (i === Math.floor(tickCount / 2)) sim.closeIssue(cancelled.number, 'not_planned');
      // Earlier runs finish, some badly.
      for (const run of sim.runs) {
        if (run.status !== 'completed' && random() < 0.7)
          sim.completeRun(run.id, random() < 0.8 ? 'success' : 'failure');
      }
      switch (fault) {
        case 'dispatch-502-after-effect':
          sim.injectFault({
            operationId: 'actions/create-workflow-dispatch',
            status: 502,
            applyEffect: true,
          });
          break;
        case 'dispatch-500':
          sim.injectFault({ operationId: 'actions/create-workflow-dispatch', status: 500 });
          break;
        case 'get-ref-503':
          sim.injectFault({ operationId: 'git/get-ref', status: 503, times: 2 });
          break;
        case 'commit-500':
          sim.injectFault({ operationId: 'git/create-commit', status: 500 });
          break;
        case 'secondary-rate-limit':
          sim.injectSecondaryRateLimit({ operationId: 'git/update-ref', retryAfter: 1 });
          break;
        case 'too-many-requests':
          sim.injectSecondaryRateLimit({
            operationId: 'issues/list-for-repo',
            retryAfter: 1,
            status: 429,
          });
          break;
        case 'ref-race':
          sim.raceRefUpdate(STATE_BRANCH);
          break;
        case 'late-checker':
          now += (2 + Math.floor(random() * 4)) * HOUR;
          break;
        case 'force-push': {
          const text = sim.readBranchFile(STATE_BRANCH, 'state.json');
          if (text)
            sim.writeBranchFiles(
              STATE_BRANCH,
              { 'state.json': '{"version": 1, "garbage": [' },
              { orphan: true, message: 'oops' },
            );
          stateResetAt = now;
          break;
        }
        case 'delete-branch':
          if (sim.branchHead(STATE_BRANCH))
            await octokit.rest.git.deleteRef({
              owner: 'acme',
              repo: 'widgets',
              ref: `heads/${STATE_BRANCH}`,
            });
          stateResetAt = now;
          break;
        case 'workflow-404':
          sim.injectFault({ operationId: 'actions/create-workflow-dispatch', status: 404 });
          break;
        case 'unexpected-inputs':
          sim.injectFault({
            operationId: 'actions/create-workflow-dispatch',
            status: 422,
            body: { message: 'Unexpected inputs provided: ["x"]' },
          });
          break;
        default:
          break;
      }
      if (fault === 'twin-checkers') {
        await Promise.all([tick(now), tick(now)]);
        report.ticks += 2;
      } else {
        await tick(now, fault);
        report.ticks++;
      }
      sim.clearFaults();
      checkStateParses(sim, report, now);
    }
    // Healing: two fault-free ticks close together, inside everyone's window.
    now += 10 * MIN;
    await tick(now);
    now += 10 * MIN;
    await tick(now);
    report.ticks += 2;
    checkStateParses(sim, report, now);
    checkInvariants(sim, specs, report, {
      start: start.getTime(),
      stateResetAt,
      end: now,
      trusted: trusted.number,
      untrusted: untrusted.number,
      cancelled: cancelled.number,
    });
    if (sim.mismatches.length > 0) {
      report.violations.push(`OpenAPI mismatches: ${JSON.stringify(sim.mismatches.slice(0, 2))}`);
    }
  } finally {
    await sim.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  report.dispatches = sim.dispatches.length;
  return report;
}

function issueBody(runAt: string): string {
  return `---\nrun-at: ${runAt}\nworkflow: agent.yml\ninputs:\n  prompt: issue\n---\n`;
}

async function inProcessTick(
  sim: GitHubSimulator,
  workspace: string,
  now: Date,
  checker: string,
  slow: boolean,
): Promise<void> {
  sim.setNow(now);
  if (slow) sim.injectFault({ operationId: 'git/get-ref', delayMs: 30 });
  const settings: Settings = {
    token: sim.token,
    mode: 'tick',
    schedulesDir: 'schedules',
    issueLabel: 'run-at',
    stateBranch: STATE_BRANCH,
    defaultWorkflow: 'agent.yml',
    timezone: 'UTC',
    trustedAuthors: ['github-actions[bot]'],
    dryRun: false,
    maxDispatches: 20,
    lookaheadMs: 0,
    relay: false,
    failOnError: true,
    claimTtlMs: 10 * MIN,
    historyLimit: 20,
    owner: 'acme',
    repo: 'widgets',
    apiUrl: sim.url,
    workspace,
    checker,
    eventName: 'schedule',
    event: { repository: { default_branch: 'main' } },
    now,
    httpTimeScaleMs: 1,
  };
  const gateway = new GitHubGateway(
    createClient({ token: sim.token, baseUrl: sim.url, log: () => undefined, timeScaleMs: 1 }),
    'acme',
    'widgets',
  );
  const workflows = new WorkflowLoader(workspace);
  const loaded = loadSchedules({ workspace, dir: 'schedules', defaultTimezone: 'UTC', workflows });
  try {
    await runTick({
      settings,
      gateway,
      store: new StateStore(gateway, STATE_BRANCH),
      schedules: loaded.schedules,
      configErrors: loaded.errors,
      invalidNames: loaded.invalidNames,
      workflows,
      log: () => undefined,
    });
  } catch {
    // A tick that dies on an unrecoverable API error is what a failed job is: the next one
    // picks up. The invariants below judge whether anything was lost or doubled.
  }
}

function checkStateParses(sim: GitHubSimulator, report: RunReport, now: number): void {
  const text = sim.readBranchFile(STATE_BRANCH, 'state.json');
  if (text === undefined) return;
  try {
    parseState(text);
  } catch (error) {
    // A person's force-push of garbage is the one allowed source (the next write replaces it).
    if (!text.includes('"garbage"'))
      report.violations.push(
        `state.json unreadable at ${new Date(now).toISOString()}: ${String(error)}`,
      );
  }
}

interface Facts {
  start: number;
  stateResetAt: number;
  end: number;
  trusted: number;
  untrusted: number;
  cancelled: number;
}

function checkInvariants(
  sim: GitHubSimulator,
  specs: ScheduleSpec[],
  report: RunReport,
  facts: Facts,
): void {
  const seen = new Map<string, number>();
  for (const d of sim.dispatches) {
    let run: { id?: string; source?: string; scheduled_for?: string; attempt?: number };
    try {
      run = JSON.parse(String(d.inputs['scheduled-run'] ?? '{}'));
    } catch {
      report.violations.push(
        `unparseable scheduled-run input ${String(d.inputs['scheduled-run'])}`,
      );
      continue;
    }
    const key = `${run.source}@${run.scheduled_for}#${run.attempt}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (run.source === `issue:${facts.untrusted}`)
      report.violations.push(`untrusted issue #${facts.untrusted} was dispatched`);
    if (run.source === `issue:${facts.cancelled}`)
      report.violations.push(`cancelled issue #${facts.cancelled} was dispatched`);
  }
  for (const [key, count] of seen)
    if (count > 1) report.violations.push(`dispatched ${count}× ${key}`);
  // Dispatches GitHub refused for good (404 workflow, 422 inputs) are accounted for, not lost.
  const refused = new Set<string>();
  for (const call of sim.calls) {
    if (
      call.operationId !== 'actions/create-workflow-dispatch' ||
      call.status < 400 ||
      call.status >= 500
    )
      continue;
    const body = call.requestBody as { inputs?: Record<string, unknown> } | undefined;
    try {
      const run = JSON.parse(String(body?.inputs?.['scheduled-run'] ?? '{}')) as { id?: string };
      if (run.id) refused.add(run.id);
    } catch {
      // not ours
    }
  }

  // Lost: every occurrence in the last window before the healing ticks, after the last state
  // reset, must have fired (attempt 1).
  const from = Math.max(facts.end - 20 * MIN - WINDOW + 30 * MIN, facts.stateResetAt + MIN);
  for (const spec of specs) {
    const due = CronSpec.parse(spec.cron, spec.timezone).between(
      new Date(from),
      new Date(facts.end - 20 * MIN),
    );
    for (const at of due) {
      const key = `schedule:${spec.name}@${at.toISOString()}#1`;
      if (!seen.has(key) && !refused.has(key)) report.violations.push(`lost ${key}`);
    }
  }
}
