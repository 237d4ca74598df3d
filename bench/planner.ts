/**
 * In-process timings, no network: loading + validating N schedule files from disk, planning a
 * tick over them (previous tick 5 minutes earlier), and — in the same run, for scale — N raw
 * cron-parser `next()` calls over the same expressions and zones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { makeWorkspace, removeWorkspace } from '../test/e2e/harness.js';
import { planTick } from '../src/plan/index.js';
import { loadSchedules } from '../src/schedules/index.js';
import type { Schedule } from '../src/schedules/types.js';
import { emptyState } from '../src/state/document.js';
import { median, min, since } from './format.js';
import { scheduleName } from './repo.js';

export const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
] as const;

/** Every 5 minutes, hourly, daily, weekly — spread over minutes, hours and days. */
export function cronFor(i: number): string {
  const m = (i * 7) % 60;
  const h = (i * 5) % 24;
  switch (i % 4) {
    case 0:
      return '*/5 * * * *';
    case 1:
      return `${m} * * * *`;
    case 2:
      return `${m} ${h} * * *`;
    default:
      return `${m} ${h} * * ${i % 7}`;
  }
}

export function zoneFor(i: number): string {
  // Offset by i/4 so every cron kind meets every zone.
  return ZONES[(i + Math.floor(i / 4)) % ZONES.length]!;
}

export interface PlannerResult {
  schedules: number;
  runs: number;
  now: string;
  previousTick: string;
  load: { medianMs: number; minMs: number; samplesMs: number[]; valid: number; errors: number };
  plan: {
    medianMs: number;
    minMs: number;
    samplesMs: number[];
    dispatches: number;
    deferred: number;
    skips: number;
    changed: boolean;
  };
  cron: { medianMs: number; minMs: number; samplesMs: number[]; calls: number };
}

const NOW = new Date('2026-11-23T12:02:30Z');
const PREVIOUS = new Date(NOW.getTime() - 5 * 60_000);

export function benchPlanner(n: number, runs: number, loadRuns: number): PlannerResult {
  const workspace = makeWorkspace({});
  try {
    for (let i = 0; i < n; i++) {
      writeFileSync(
        join(workspace, 'schedules', `${scheduleName(i)}.yml`),
        `cron: "${cronFor(i)}"\ntimezone: ${zoneFor(i)}\nworkflow: agent.yml\ninputs:\n  prompt: review ${i}\n`,
      );
    }

    // 1. Load + validate from disk (YAML with positions, schema, cron, zone, workflow inputs).
    const loadSamples: number[] = [];
    let schedules: Schedule[] = [];
    let loadErrors = 0;
    for (let r = 0; r < loadRuns; r++) {
      const start = process.hrtime.bigint();
      const loaded = loadSchedules({ workspace });
      loadSamples.push(since(start));
      schedules = loaded.schedules;
      loadErrors = loaded.errors.length;
    }

    // 2. The planner: a state left by a tick 5 minutes ago, then plan `now`.
    const opts = { maxDispatches: 20, checker: '1.1', claimTtlMs: 600_000, historyLimit: 20 };
    const previous = planTick({ ...opts, schedules, state: emptyState(), now: PREVIOUS }).state;
    const planSamples: number[] = [];
    let last: ReturnType<typeof planTick> | undefined;
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      last = planTick({ ...opts, schedules, state: previous, now: NOW });
      planSamples.push(since(start));
    }

    // 3. Raw cron-parser, same expressions and zones, one next() each.
    const exprs = Array.from({ length: n }, (_, i) => [cronFor(i), zoneFor(i)] as const);
    const cronSamples: number[] = [];
    let sink = 0;
    for (const [expr, tz] of exprs.slice(0, 1000)) {
      // Warm the JIT (the planner's first call above warmed its own code paths).
      sink += CronExpressionParser.parse(expr, { tz, currentDate: NOW }).next().getTime();
    }
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      for (const [expr, tz] of exprs) {
        sink += CronExpressionParser.parse(expr, { tz, currentDate: NOW }).next().getTime();
      }
      cronSamples.push(since(start));
    }
    if (sink === 0) throw new Error('unreachable');

    return {
      schedules: n,
      runs,
      now: NOW.toISOString(),
      previousTick: PREVIOUS.toISOString(),
      load: {
        medianMs: median(loadSamples),
        minMs: min(loadSamples),
        samplesMs: loadSamples,
        valid: schedules.length,
        errors: loadErrors,
      },
      plan: {
        medianMs: median(planSamples),
        minMs: min(planSamples),
        samplesMs: planSamples,
        dispatches: last?.dispatches.length ?? 0,
        deferred: last?.deferred.length ?? 0,
        skips: last?.skips.length ?? 0,
        changed: last?.changed ?? false,
      },
      cron: {
        medianMs: median(cronSamples),
        minMs: min(cronSamples),
        samplesMs: cronSamples,
        calls: n,
      },
    };
  } finally {
    removeWorkspace(workspace);
  }
}
