/**
 * `npm run bench` — measured figures for the README and the issues' closing notes:
 *   1. dist/index.js size and cold start (validate mode, empty checkout) beside `node -e 0`;
 *   2. planner time for 10,000 schedules beside 10,000 raw cron-parser next() calls, and the
 *      time to load + validate 10,000 schedule files;
 *   3. API calls per tick (reads / writes) for 10 and 1,000 schedules with 0, 1 and 10 due;
 *   4. run-at issues: calls per tick with 0, 100 and 250 open issues, 0, 1 and 10 due;
 *   5. reconciliation: calls per tick with 0, 10 and 100 unfinished runs across 1 and 10 workflows;
 *   6. relay: calls per relay job (10 and 60 minute windows) and per follower tick.
 * Every API call goes to the local simulator on 127.0.0.1, through the real bundled Action.
 * Prints Markdown tables, then a JSON blob. `--quick` does a smaller run.
 * Progress goes to stderr, so stdout is the report alone.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { ACTION } from '../test/e2e/harness.js';
import { bundleSize, coldStart } from './bundle.js';
import {
  issueCalls,
  reconciliationCalls,
  relayCalls,
  scheduleCalls,
  type CallsRow,
  type SectionResult,
} from './calls.js';
import { bytes, count, ms, perItem, since, table } from './format.js';
import { benchPlanner, ZONES } from './planner.js';

interface Config {
  quick: boolean;
  coldRuns: number;
  plannerSchedules: number;
  plannerRuns: number;
  loadRuns: number;
  scheduleSizes: number[];
  scheduleDues: number[];
  issueCounts: number[];
  issueDues: number[];
  reconcileWorkflows: number[];
  reconcileRuns: number[];
  relayWindows: number[];
}

function config(argv: readonly string[]): Config {
  const quick = argv.includes('--quick');
  return quick
    ? {
        quick,
        coldRuns: 3,
        plannerSchedules: 2_000,
        plannerRuns: 3,
        loadRuns: 1,
        scheduleSizes: [10, 1_000],
        scheduleDues: [0, 1, 10],
        issueCounts: [0, 100],
        issueDues: [0, 1],
        reconcileWorkflows: [1, 10],
        reconcileRuns: [10],
        relayWindows: [10],
      }
    : {
        quick,
        coldRuns: 10,
        plannerSchedules: 10_000,
        plannerRuns: 5,
        loadRuns: 3,
        scheduleSizes: [10, 1_000],
        scheduleDues: [0, 1, 10],
        issueCounts: [0, 100, 250],
        issueDues: [0, 1, 10],
        reconcileWorkflows: [1, 10],
        reconcileRuns: [10, 100],
        relayWindows: [10, 60],
      };
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function timedSection<T>(name: string, body: () => Promise<T> | T): Promise<T> {
  progress(`[bench] ${name}…`);
  const start = process.hrtime.bigint();
  const result = await body();
  progress(`[bench] ${name}: ${(since(start) / 1000).toFixed(1)} s`);
  return result;
}

function callsTable(rows: readonly CallsRow[], first: { header: string; key: string }): string {
  return table(
    [first.header, 'situation', 'reads', 'writes', 'dispatched', 'exit', 'calls by operation'],
    rows.map((r) => [
      count(r.params[first.key] ?? 0),
      r.situation,
      String(r.reads),
      String(r.writes),
      Number.isNaN(r.dispatched) ? '–' : String(r.dispatched),
      String(r.exitCode),
      r.ops.join(', ') + (r.failed.length ? ` (non-2xx: ${r.failed.join(', ')})` : ''),
    ]),
  );
}

function sectionText(result: SectionResult, first: { header: string; key: string }): string {
  return result.notWired ?? callsTable(result.rows, first);
}

async function main(): Promise<void> {
  const cfg = config(process.argv.slice(2));
  if (!existsSync(ACTION)) {
    console.error('dist/index.js is missing: run `npm run bundle` first.');
    process.exitCode = 1;
    return;
  }
  const started = process.hrtime.bigint();
  const bundle = bundleSize();
  const cold = await timedSection('cold start', () => coldStart(cfg.coldRuns));
  const planner = await timedSection('planner', () =>
    benchPlanner(cfg.plannerSchedules, cfg.plannerRuns, cfg.loadRuns),
  );
  const schedules = await timedSection('calls: schedules', () =>
    scheduleCalls(cfg.scheduleSizes, cfg.scheduleDues, progress),
  );
  const issues = await timedSection('calls: run-at issues', () =>
    issueCalls(cfg.issueCounts, cfg.issueDues, progress),
  );
  const reconciliation = await timedSection('calls: reconciliation', () =>
    reconciliationCalls(cfg.reconcileWorkflows, cfg.reconcileRuns, progress),
  );
  const relay = await timedSection('calls: relay', () => relayCalls(cfg.relayWindows, progress));
  const totalMs = since(started);

  const warnings = [
    ...schedules.warnings,
    ...issues.warnings,
    ...reconciliation.warnings,
    ...relay.warnings,
  ];
  if (cold.connections > 0) {
    warnings.push(`validate mode opened ${cold.connections} connection(s) to the API URL`);
  }
  if (cold.failure) warnings.push(`validate mode did not exit 0: ${cold.failure}`);
  if (planner.load.errors > 0) {
    warnings.push(`${planner.load.errors} of the generated schedule files failed to load`);
  }
  const n = planner.schedules;
  const out: string[] = [];
  out.push(
    `# agent-scheduler benchmark${cfg.quick ? ' (--quick)' : ''}`,
    '',
    `Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}. Every API call went to the local simulator (127.0.0.1) through the bundled Action.`,
    '',
    '## Bundle and cold start',
    '',
    table(
      ['measure', 'value'],
      [
        ['`dist/index.js` size', bytes(bundle.bytes)],
        [
          `cold start: \`node dist/index.js\`, validate mode, empty checkout, no token (no API call; median of ${cold.runs}, ${cold.tool})`,
          `${ms(cold.action.medianMs)} (min ${ms(cold.action.minMs)})`,
        ],
        [
          `\`node -e 0\` (median of ${cold.runs})`,
          `${ms(cold.node.medianMs)} (min ${ms(cold.node.minMs)})`,
        ],
        ['the Action over bare Node', ms(cold.action.medianMs - cold.node.medianMs)],
      ],
    ),
    '',
    `## Planner (in-process, ${count(n)} schedules)`,
    '',
    `Crons: \`*/5 * * * *\`, hourly, daily, weekly; zones ${ZONES.join(', ')}. Plan at ${planner.now}, previous tick ${planner.previousTick} (5 minutes earlier), max-dispatches 20.`,
    '',
    table(
      ['what', 'median', 'min', 'per schedule', 'runs'],
      [
        [
          `load + validate ${count(n)} schedule files from disk (\`loadSchedules\`; ${count(planner.load.valid)} valid)`,
          ms(planner.load.medianMs),
          ms(planner.load.minMs),
          perItem(planner.load.medianMs, n),
          String(planner.load.samplesMs.length),
        ],
        [
          `\`planTick\` over ${count(n)} schedules (${planner.plan.dispatches} dispatched, ${count(planner.plan.deferred)} deferred, ${planner.plan.skips} skips)`,
          ms(planner.plan.medianMs),
          ms(planner.plan.minMs),
          perItem(planner.plan.medianMs, n),
          String(planner.plan.samplesMs.length),
        ],
        [
          `${count(n)} raw \`CronExpressionParser.parse(expr, {tz, currentDate}).next()\``,
          ms(planner.cron.medianMs),
          ms(planner.cron.minMs),
          perItem(planner.cron.medianMs, n),
          String(planner.cron.samplesMs.length),
        ],
        [
          '`planTick` ÷ raw cron-parser',
          `${(planner.plan.medianMs / planner.cron.medianMs).toFixed(1)}×`,
          '',
          '',
          '',
        ],
      ],
    ),
    '',
    '## API calls per tick — schedules',
    '',
    'Reads are GETs, writes everything else. The first tick bootstraps; the measured tick runs at 07:01 with k schedules on `0 7 * * *` and the rest on `0 20 * * *`; max-dispatches 50.',
    '',
    callsTable(schedules.rows, { header: 'schedule files', key: 'schedules' }),
    '',
    '## API calls per tick — run-at issues',
    '',
    'Open issues labelled `run-at` by a trusted author (OWNER); the due ones have `run-at` 07:00, the rest a month later; input `workflow: agent.yml`.',
    '',
    sectionText(issues, { header: 'open issues', key: 'issues' }),
    '',
    '## API calls per tick — reconciliation',
    '',
    'Unfinished runs were dispatched by the Action itself (one schedule each, spread over the workflows); measured ticks are 5 minutes apart with nothing due.',
    '',
    sectionText(reconciliation, { header: 'workflows', key: 'workflows' }),
    '',
    '## API calls — relay',
    '',
    'One `*/5` schedule; `relay: true`. A relay job is counted whole: taking the lease, every pass of its window (each due second, and a poll at least every 2 minutes), the handover and the successor dispatch. A follower is a cron- or issue-started checker while another relay holds the lease.',
    '',
    callsTable(relay.rows, { header: 'window (min)', key: 'window' }),
    '',
    '## Looked wrong',
    '',
    warnings.length ? warnings.map((w) => `- ${w}`).join('\n') : '- nothing',
    '',
    `Total bench time: ${(totalMs / 1000).toFixed(1)} s.`,
    '',
    '```json',
    JSON.stringify(
      {
        quick: cfg.quick,
        node: process.version,
        cpus: cpus().length,
        totalMs: Math.round(totalMs),
        bundle,
        coldStart: cold,
        planner,
        calls: {
          schedules: schedules.rows,
          issues: issues.notWired ?? issues.rows,
          reconciliation: reconciliation.notWired ?? reconciliation.rows,
          relay: relay.rows,
        },
        warnings,
      },
      (_key, value: unknown) => (typeof value === 'number' ? round(value) : value),
      2,
    ),
    '```',
  );
  console.log(out.join('\n'));
}

function round(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Math.round(value * 100) / 100;
}

await main();
