/**
 * API calls per tick, measured on the real bundled Action against the simulator:
 * schedules (issue 2), run-at issues (issue 3) and run reconciliation (issue 4).
 */
import { BenchRepo, scheduleName, scheduleYaml, type TickCalls } from './repo.js';

/** Day 0 of every scenario: the bootstrap tick runs at midnight, the measured ones after 07:00. */
export const T0 = '2026-11-23T00:00:00Z';
const DUE_CRON = '0 7 * * *';
const LATER_CRON = '0 20 * * *';
const DUE_TICK = '2026-11-23T07:01:00Z';
const STATE_BRANCH = 'agent-scheduler-state';

export interface CallsRow {
  section: 'schedules' | 'issues' | 'reconciliation' | 'relay';
  /** What the measured tick saw, in words. */
  situation: string;
  params: Record<string, number>;
  reads: number;
  writes: number;
  ops: string[];
  failed: string[];
  dispatched: number;
  exitCode: number;
  wallMs: number;
}

export interface SectionResult {
  rows: CallsRow[];
  /** Set when the bundled Action does not do this yet (no call of the kind the section counts). */
  notWired?: string;
  warnings: string[];
}

function row(
  section: CallsRow['section'],
  situation: string,
  params: Record<string, number>,
  t: TickCalls,
): CallsRow {
  return {
    section,
    situation,
    params,
    reads: t.reads,
    writes: t.writes,
    ops: t.ops,
    failed: t.failed,
    dispatched: Number(t.outputs['dispatched-count'] ?? 'NaN'),
    exitCode: t.code,
    wallMs: t.wallMs,
  };
}

/** Why a tick failed, in one line (the `::error` annotations, else the tail of stdout). */
function failure(t: TickCalls): string {
  const errors = t.run.annotations.map((a) => a.replace(/^::error[^:]*::/, '')).join('; ');
  const tail = (t.run.stderr || t.run.stdout).trim().split('\n').slice(-3).join(' / ');
  return (errors || tail).slice(0, 400);
}

function check(warnings: string[], label: string, t: TickCalls, expectDispatched?: number): void {
  if (t.code !== 0) warnings.push(`${label}: exit code ${t.code} — ${failure(t)}`);
  const dispatched = Number(t.outputs['dispatched-count'] ?? 'NaN');
  if (expectDispatched !== undefined && dispatched !== expectDispatched) {
    warnings.push(`${label}: dispatched ${dispatched}, expected ${expectDispatched}`);
  }
}

async function withRepo<T>(
  repo: BenchRepo,
  warnings: string[],
  label: string,
  body: (r: BenchRepo) => Promise<T>,
): Promise<T> {
  try {
    return await body(repo);
  } finally {
    for (const p of repo.problems()) warnings.push(`${label}: ${p}`);
    await repo.close();
  }
}

// ---- schedules ------------------------------------------------------------------------------

export async function scheduleCalls(
  sizes: readonly number[],
  dues: readonly number[],
  log: (line: string) => void,
): Promise<SectionResult> {
  const rows: CallsRow[] = [];
  const warnings: string[] = [];
  const inputs = { 'max-dispatches': '50' };
  for (const n of sizes) {
    for (const k of dues) {
      if (k > n) continue;
      const schedules: Record<string, string> = {};
      for (let i = 0; i < n; i++) {
        schedules[`${scheduleName(i)}.yml`] = scheduleYaml(i < k ? DUE_CRON : LATER_CRON);
      }
      const label = `schedules n=${n} due=${k}`;
      log(`  ${label}`);
      const repo = await BenchRepo.create({ schedules, start: new Date(T0) });
      await withRepo(repo, warnings, label, async (r) => {
        const boot = await r.tick(T0, inputs);
        check(warnings, `${label} bootstrap`, boot, 0);
        if (k === dues[0]) {
          rows.push(
            row(
              'schedules',
              'first tick (bootstrap: every schedule starts from now)',
              { schedules: n, due: 0 },
              boot,
            ),
          );
          if (boot.writes !== 3) {
            warnings.push(
              `${label} bootstrap: ${boot.writes} writes (expected 3: tree, commit, ref)`,
            );
          }
        }
        const t = await r.tick(DUE_TICK, inputs);
        check(warnings, label, t, k);
        rows.push(
          row(
            'schedules',
            k === 0 ? 'quiet tick (nothing due, nothing changed)' : `${k} due`,
            { schedules: n, due: k },
            t,
          ),
        );
        if (k === 0 && t.writes > 0)
          warnings.push(`${label}: a quiet tick wrote ${t.writes} time(s): ${t.ops.join(', ')}`);
        if (k === 0 && t.reads !== 3) {
          const expected = new Set(['git/get-ref', 'repos/get-content', 'issues/list-for-repo']);
          const extra = t.ops.filter((o) => !expected.has(o.replace(/ ×\d+$/, '')));
          warnings.push(
            `${label}: a quiet tick made ${t.reads} reads, expected 3 (the state's ref and file, the run-at issue list); besides those: ${extra.join(', ') || 'none'}`,
          );
        }
        if (k > 0 && t.writes !== 6 + k) {
          warnings.push(
            `${label}: ${t.writes} writes, expected ${6 + k} (claim commit 3 + ${k} dispatches + record commit 3)`,
          );
        }
        if (k === dues[dues.length - 1] && k > 0) {
          const again = await r.tick(DUE_TICK, inputs);
          check(warnings, `${label} repeated`, again, 0);
          rows.push(
            row(
              'schedules',
              `the ${k}-due tick again (${k} runs queued, nothing due)`,
              { schedules: n, due: 0 },
              again,
            ),
          );
          if (again.writes > 0)
            warnings.push(
              `${label} repeated: wrote ${again.writes} time(s): ${again.ops.join(', ')}`,
            );
        }
      });
    }
  }
  // Reads must not grow with the number of schedule files.
  for (const k of dues) {
    const byN = rows.filter(
      (r) =>
        r.params.due === k && !r.situation.startsWith('first') && !r.situation.includes('again'),
    );
    const reads = new Set(byN.map((r) => r.reads));
    if (reads.size > 1) {
      warnings.push(
        `reads grow with schedule count at ${k} due: ${byN.map((r) => `${r.params.schedules} → ${r.reads}`).join(', ')}`,
      );
    }
  }
  return { rows, warnings };
}

// ---- run-at issues ------------------------------------------------------------------------------

const DUE_AT = '2026-11-23T07:00:00Z';
const LATER_AT = '2026-12-24T09:00:00Z';

export function issueBody(runAt: string): string {
  return `---\nrun-at: ${runAt}\nworkflow: agent.yml\ninputs:\n  prompt: x\n---\n`;
}

export async function issueCalls(
  counts: readonly number[],
  dues: readonly number[],
  log: (line: string) => void,
): Promise<SectionResult> {
  const rows: CallsRow[] = [];
  const warnings: string[] = [];
  const inputs = { 'max-dispatches': '50', workflow: 'agent.yml' };
  for (const n of counts) {
    for (const d of dues) {
      if (d > n) continue;
      const label = `issues n=${n} due=${d}`;
      log(`  ${label}`);
      const repo = await BenchRepo.create({ start: new Date(T0) });
      for (let i = 0; i < n; i++) {
        repo.sim.addIssue({
          title: `Run-at request ${i}`,
          body: issueBody(i < d ? DUE_AT : LATER_AT),
          labels: ['run-at'],
          user: 'octocat',
          authorAssociation: 'OWNER',
          createdAt: new Date('2026-11-22T23:00:00Z'),
        });
      }
      const stop = await withRepo(repo, warnings, label, async (r) => {
        const boot = await r.tick(T0, inputs);
        if (!boot.operationIds.includes('issues/list-for-repo')) return true;
        check(warnings, `${label} bootstrap`, boot, 0);
        if (d === dues[0]) {
          rows.push(
            row(
              'issues',
              'first tick (first sight: acknowledge every issue)',
              { issues: n, due: 0 },
              boot,
            ),
          );
        }
        const t = await r.tick(DUE_TICK, inputs);
        check(warnings, label, t, d);
        rows.push(
          row(
            'issues',
            d === 0 ? 'nothing due (steady state)' : `${d} due`,
            { issues: n, due: d },
            t,
          ),
        );
        if (d === 0 && t.writes > 0) {
          warnings.push(
            `${label}: a tick with nothing due and nothing changed wrote ${t.writes} time(s): ${t.ops.join(', ')}`,
          );
        }
        const pages = Math.max(1, Math.ceil(n / 100));
        const listed = t.operationIds.filter((o) => o === 'issues/list-for-repo').length;
        if (listed !== pages) {
          warnings.push(
            `${label}: ${listed} issue-list call(s), expected ${pages} (one per 100 issues)`,
          );
        }
        return false;
      });
      if (stop) {
        return { rows: [], warnings, notWired: 'n/a (issues not wired yet)' };
      }
    }
  }
  return { rows, warnings };
}

// ---- reconciliation -------------------------------------------------------------------------------

export async function reconciliationCalls(
  workflowCounts: readonly number[],
  runCounts: readonly number[],
  log: (line: string) => void,
): Promise<SectionResult> {
  const rows: CallsRow[] = [];
  const warnings: string[] = [];
  for (const w of workflowCounts) {
    for (const n of runCounts) {
      const label = `reconciliation workflows=${w} runs=${n}`;
      log(`  ${label}`);
      const files = w === 1 ? ['agent.yml'] : Array.from({ length: w }, (_, i) => `agent-${i}.yml`);
      const schedules: Record<string, string> = {};
      for (let i = 0; i < n; i++) {
        schedules[`${scheduleName(i)}.yml`] = scheduleYaml(DUE_CRON, files[i % w]!);
      }
      const repo = await BenchRepo.create({
        schedules,
        workflows: files.filter((f) => f !== 'agent.yml'),
        start: new Date(T0),
      });
      const inputs = { 'max-dispatches': String(Math.min(1000, n + 10)) };
      const stop = await withRepo(repo, warnings, label, async (r) => {
        check(warnings, `${label} bootstrap`, await r.tick(T0, inputs), 0);
        check(warnings, `${label} dispatch`, await r.tick(DUE_TICK, inputs), n);
        const runs = r.sim.runs.map((x) => x.id);
        if (runs.length !== n) warnings.push(`${label}: ${runs.length} runs exist, expected ${n}`);

        const queued = await r.tick('2026-11-23T07:06:00Z', inputs);
        if (!queued.operationIds.includes('actions/list-workflow-runs')) return true;
        check(warnings, `${label} queued`, queued, 0);
        rows.push(
          row(
            'reconciliation',
            `${n} unfinished (queued, unchanged)`,
            { workflows: w, unfinished: n },
            queued,
          ),
        );
        const lists = queued.operationIds.filter((o) => o === 'actions/list-workflow-runs').length;
        if (lists > w * Math.max(1, Math.ceil(n / w / 100))) {
          warnings.push(
            `${label}: ${lists} run-list calls for ${n} runs in ${w} workflow(s) (expected one per workflow)`,
          );
        }
        if (queued.writes > 0) {
          warnings.push(
            `${label}: runs still queued, yet the tick wrote ${queued.writes} time(s): ${queued.ops.join(', ')}`,
          );
        }

        for (const id of runs.slice(0, Math.ceil(runs.length / 2))) r.sim.startRun(id);
        const started = await r.tick('2026-11-23T07:11:00Z', inputs);
        check(warnings, `${label} started`, started, 0);
        rows.push(
          row(
            'reconciliation',
            `${n} unfinished (half went queued → in_progress)`,
            { workflows: w, unfinished: n },
            started,
          ),
        );
        if (started.writes > 0) {
          warnings.push(
            `${label}: an intermediate status change (queued → in_progress) was written (${started.writes} writes)`,
          );
        }

        for (const id of runs) r.sim.completeRun(id, 'success');
        const done = await r.tick('2026-11-23T07:16:00Z', inputs);
        check(warnings, `${label} completed`, done, 0);
        const recorded = recordedConclusions(r);
        if (recorded !== n) {
          warnings.push(
            `${label}: ${recorded} of ${n} finished runs have their conclusion recorded`,
          );
        }
        rows.push(
          row(
            'reconciliation',
            `${n} finished since the last tick (${recorded}/${n} conclusions recorded)`,
            { workflows: w, unfinished: n },
            done,
          ),
        );

        if (n === runCounts[0]) {
          const idle = await r.tick('2026-11-23T07:21:00Z', inputs);
          check(warnings, `${label} idle`, idle, 0);
          rows.push(
            row(
              'reconciliation',
              '0 unfinished (all runs recorded)',
              { workflows: w, unfinished: 0 },
              idle,
            ),
          );
          if (idle.writes > 0) warnings.push(`${label} idle: wrote ${idle.writes} time(s)`);
        }
        return false;
      });
      if (stop) {
        return { rows: [], warnings, notWired: 'n/a (reconciliation not wired yet)' };
      }
    }
  }
  rows.sort(
    (a, b) =>
      a.params.workflows! - b.params.workflows! || a.params.unfinished! - b.params.unfinished!,
  );
  return { rows, warnings };
}

/** Run records in the state that carry a final conclusion. */
function recordedConclusions(repo: BenchRepo): number {
  const text = repo.sim.readBranchFile(STATE_BRANCH, 'state.json');
  if (!text) return 0;
  const doc = JSON.parse(text) as {
    schedules?: Record<string, { history?: { runId?: number; conclusion?: string }[] }>;
  };
  let n = 0;
  for (const entry of Object.values(doc.schedules ?? {})) {
    n += (entry.history ?? []).filter((h) => h.runId !== undefined && h.conclusion).length;
  }
  return n;
}

// ---- relay ---------------------------------------------------------------------------------------

const CHECKER = '.github/workflows/agent-scheduler.yml';
const RELAY_ENV = { GITHUB_WORKFLOW_REF: `acme/widgets/${CHECKER}@refs/heads/main` };

/**
 * `relay: true`: what one relay job costs over its whole window (take the lease, a tick at each
 * due second and every 2 minutes, hand over, dispatch the successor), and what a follower tick
 * costs while a relay holds the lease — beside a plain quiet tick without relay.
 */
export async function relayCalls(
  windowsMin: readonly number[],
  log: (line: string) => void,
): Promise<SectionResult> {
  const rows: CallsRow[] = [];
  const warnings: string[] = [];
  for (const minutes of windowsMin) {
    const label = `relay window=${minutes}m`;
    log(`  ${label}`);
    const repo = await BenchRepo.create({
      schedules: { 'five.yml': scheduleYaml('*/5 * * * *', 'agent.yml', 'overlap: allow\n') },
      start: new Date(T0),
    });
    repo.sim.addWorkflow({ path: CHECKER, name: 'agent-scheduler', inputs: ['run-now'] });
    const inputs = { lookahead: `${minutes}m`, relay: 'true' };
    await withRepo(repo, warnings, label, async (r) => {
      check(warnings, `${label} bootstrap`, await r.tick(T0), 0);
      check(warnings, `${label} catch-up`, await r.tick('2026-11-23T06:56:00Z'), 1);
      r.sim.runs.forEach((run) => r.sim.completeRun(run.id));
      check(warnings, `${label} conclusions`, await r.tick('2026-11-23T06:57:00Z'), 0);
      const plain = await r.tick('2026-11-23T06:58:00Z');
      check(warnings, `${label} plain`, plain, 0);
      if (minutes === windowsMin[0]) {
        rows.push(
          row('relay', 'plain quiet tick, no relay (for comparison)', { window: 0 }, plain),
        );
      }
      const due = minutes / 5;
      const start = await r.tick('2026-11-23T07:00:00Z', inputs, { runId: 70_001, env: RELAY_ENV });
      check(warnings, `${label} start`, start, due + 1);
      rows.push(
        row(
          'relay',
          `relay job, chain start: take lease, ${minutes} min window (${due + 1} due), hand over, dispatch successor`,
          { window: minutes },
          start,
        ),
      );
      const successor = r.sim.dispatches.find((d) => d.workflowPath === CHECKER);
      if (!successor) {
        warnings.push(`${label}: no successor was dispatched`);
        return;
      }
      // The successor takes the lease over 30 s after the handover; killed once it holds it,
      // so that followers meet a live relay.
      const handoverAt = new Date(Date.parse('2026-11-23T07:00:00Z') + minutes * 60_000 + 30_000);
      await r.tick(handoverAt.toISOString(), inputs, {
        runId: successor.runId,
        eventName: 'workflow_dispatch',
        env: RELAY_ENV,
        killOn: /relay: lease taken/,
      });
      r.sim.startRun(successor.runId);
      const follower = await r.tick(new Date(handoverAt.getTime() + 60_000).toISOString(), inputs, {
        runId: 70_002,
        env: RELAY_ENV,
      });
      check(warnings, `${label} follower`, follower);
      if (follower.outputs['relay-role'] !== 'follower') {
        warnings.push(`${label}: the follower's role was ${follower.outputs['relay-role']}`);
      }
      rows.push(
        row(
          'relay',
          'follower tick while a relay holds the lease (cron or issue event)',
          { window: minutes },
          follower,
        ),
      );
    });
  }
  return { rows, warnings };
}
