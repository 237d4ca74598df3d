/**
 * Not a test: times planTick for 10,000 schedules with a 5-minute gap since the last tick.
 * Run: npx tsx test/unit/plan/bench-planner.ts
 */
import { planTick } from '../../../src/plan/planner.js';
import { scheduleToPlannable } from '../../../src/plan/plannable.js';
import { settle, makeSchedule } from './helpers.js';
import { emptyState } from '../../../src/state/document.js';

const zones = [
  'UTC',
  'UTC',
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
];
const schedules = Array.from({ length: 10_000 }, (_, i) => {
  const kind = i % 3;
  const cron =
    kind === 0 ? '*/5 * * * *' : kind === 1 ? `${i % 60} * * * *` : `${i % 60} ${i % 24} * * *`;
  return makeSchedule({
    name: `s${i}`,
    cron,
    timezone: zones[i % zones.length]!,
    catchUp: (['latest', 'all', 'none'] as const)[i % 3]!,
    priority: (['low', 'medium', 'high', 'urgent'] as const)[i % 4]!,
    jitterMs: i % 5 === 0 ? 60_000 : 0,
  });
});
const opts = { maxDispatches: 20, checker: '1.1', claimTtlMs: 600_000, historyLimit: 20 };

const plannables = schedules.map(scheduleToPlannable);
let t = performance.now();
const p0 = planTick({
  ...opts,
  plannables,
  state: emptyState(),
  now: new Date('2026-03-09T05:55:20Z'),
});
console.log(`first sight (10k new entries): ${(performance.now() - t).toFixed(0)} ms`);

t = performance.now();
const p1 = planTick({ ...opts, schedules, state: p0.state, now: new Date('2026-03-09T06:00:20Z') });
console.log(
  `5-minute gap, from Schedules: ${(performance.now() - t).toFixed(0)} ms — ${p1.dispatches.length} dispatched, ${p1.deferred.length} deferred, ${p1.skips.length} skips`,
);

t = performance.now();
planTick({
  ...opts,
  plannables,
  state: p0.state,
  now: new Date('2026-03-09T06:00:20Z'),
});
console.log(`5-minute gap, prebuilt plannables: ${(performance.now() - t).toFixed(0)} ms`);

const all = planTick({
  ...opts,
  maxDispatches: 1e9,
  plannables,
  state: p0.state,
  now: new Date('2026-03-09T06:00:20Z'),
});
const s1 = settle(all);
t = performance.now();
const p3 = planTick({ ...opts, plannables, state: s1, now: new Date('2026-03-09T06:00:20Z') });
console.log(
  `quiet tick (everything decided): ${(performance.now() - t).toFixed(0)} ms — changed=${p3.changed}`,
);
t = performance.now();
const p4 = planTick({ ...opts, plannables, state: s1, now: new Date('2026-03-09T06:01:20Z') });
console.log(
  `1 minute later: ${(performance.now() - t).toFixed(0)} ms — ${p4.dispatches.length} dispatched, ${p4.deferred.length} deferred`,
);

t = performance.now();
const down = planTick({
  ...opts,
  plannables,
  state: p0.state,
  now: new Date('2026-03-12T06:00:20Z'),
});
console.log(
  `checker down 3 days: ${(performance.now() - t).toFixed(0)} ms — ${down.skips.length} skip folds, ${down.deferred.length} deferred`,
);
