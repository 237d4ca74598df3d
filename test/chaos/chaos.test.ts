/**
 * The bounded chaos run CI does on every change (`npm run chaos` runs more): seeded, so a
 * failure names its seed and a one-line reproduction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS } from './world.js';
import { runMany } from './run.js';

const RUNS = Number(process.env.CHAOS_RUNS ?? 200);
const SEED = Number(process.env.CHAOS_SEED ?? 20261124);

test(`${RUNS} seeded chaos runs: no double dispatch, nothing lost, nothing untrusted, state always readable`, async () => {
  const lines: string[] = [];
  const reports = await runMany(RUNS, SEED, 6, (line) => lines.push(line));
  console.log(lines.join('\n'));
  const failing = reports.filter((r) => r.violations.length > 0);
  assert.deepEqual(
    failing.map((r) => `seed ${r.seed}: ${r.violations.join('; ')} — ${r.repro}`),
    [],
  );
  const injected = new Set(reports.flatMap((r) => Object.keys(r.faults)));
  assert.deepEqual(
    FAULTS.filter((f) => !injected.has(f)),
    [],
    'every kind of fault was injected at least once',
  );
  assert.ok(reports.reduce((n, r) => n + r.dispatches, 0) > RUNS, 'the runs dispatched work');
});
