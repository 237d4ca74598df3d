/**
 * `npm run chaos -- --runs N --seed S [--ticks T]`: N seeded chaos runs (see world.ts); prints a
 * table of faults injected and violations found, and a one-line reproduction for each failing
 * seed. Exit 1 when any invariant was broken.
 */
import { chaosRun, type RunReport } from './world.js';

/** Runs in flight at once: a tick mostly waits on loopback HTTP, so runs overlap well. */
export const CONCURRENCY = 8;

export async function runMany(
  runs: number,
  seed: number,
  ticks: number,
  log: (line: string) => void = console.log,
): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  let next = 0;
  const worker = async () => {
    while (next < runs) {
      const i = next++;
      reports[i] = await chaosRun({ seed: seed + i, ticks });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, runs) }, worker));
  const faults: Record<string, number> = {};
  for (const r of reports)
    for (const [k, v] of Object.entries(r.faults)) faults[k] = (faults[k] ?? 0) + v;
  const failing = reports.filter((r) => r.violations.length > 0);
  log(
    `chaos: ${runs} runs from seed ${seed}, ${reports.reduce((n, r) => n + r.ticks, 0)} ticks, ${reports.reduce((n, r) => n + r.dispatches, 0)} dispatches`,
  );
  log(
    `faults injected: ${Object.entries(faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  log(`violations: ${failing.length === 0 ? 'none' : ''}`);
  for (const r of failing)
    log(`  seed ${r.seed}: ${r.violations.slice(0, 3).join('; ')}\n    reproduce: ${r.repro}`);
  return reports;
}

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

if (process.argv[1]?.endsWith('run.ts')) {
  const reports = await runMany(arg('runs', 500), arg('seed', 1), arg('ticks', 10));
  process.exit(reports.some((r) => r.violations.length > 0) ? 1 : 0);
}
