/**
 * On-time firing with `lookahead`: the checker waits in the job and dispatches at the due
 * second. The clock is pinned (AGENT_SCHEDULER_NOW), so the wait is virtual: no real sleeping.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { daily, scenario, scheduledRuns, type Scenario } from './helpers.js';

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});

test('an occurrence due within the lookahead fires at its second, with zero lateness', async () => {
  const s = await scenario({
    schedules: {
      'a.yml': daily('0 7 * * *'),
      'five.yml': daily('*/5 * * * *', 'catch-up: all\noverlap: allow\n'),
    },
  });
  open.push(s);
  await s.tick('2026-11-23T06:53:00Z');
  const r = await s.tick('2026-11-23T06:55:30Z', { lookahead: '12m' });
  assert.equal(r.code, 0, r.stdout);
  const fired = scheduledRuns(s.sim).map((x) => `${x.source} ${x.scheduled_for}`);
  assert.deepEqual(fired.sort(), [
    'schedule:a 2026-11-23T07:00:00.000Z',
    'schedule:five 2026-11-23T06:55:00.000Z',
    'schedule:five 2026-11-23T07:00:00.000Z',
    'schedule:five 2026-11-23T07:05:00.000Z',
  ]);
  // The passes after the first ran at the due second: late 0s.
  const lateness = [
    ...r.summary.matchAll(/\| `schedule:\w+` \| 2026-11-23 (07:0\d) UTC \| (\S+) \|/g),
  ].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(lateness.sort(), ['07:00 0s', '07:00 0s', '07:05 0s']);
  assert.equal(r.outputs['dispatched-count'], '4');
  assert.equal(r.outputs['next-due'], '2026-11-23T07:10:00Z');
  assert.match(r.stdout, /waiting for 2026-11-23T07:00:00.000Z \(lookahead\)/);
  await s.close();
});

test('without lookahead the tick does not wait', async () => {
  const s = await scenario({ schedules: { 'a.yml': daily('0 7 * * *') } });
  open.push(s);
  await s.tick('2026-11-23T06:53:00Z');
  const r = await s.tick('2026-11-23T06:55:30Z');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(s.sim.dispatches.length, 0);
  assert.doesNotMatch(r.stdout, /lookahead/);
  await s.close();
});
