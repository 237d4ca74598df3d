/**
 * Racing checkers (issue 6, item 2; SPEC §4): N copies of dist/index.js tick the same
 * repository at the same instant against one simulator. Every trial has several due schedule
 * occurrences (one of them `catch-up: all` with two) and a fresh run-at issue already due; each
 * must be dispatched exactly once, every loser must exit 0, and the state branch must stay a
 * single line of commits (each one's parent is the head it replaced).
 *
 * Even trials line the checkers up (all read the same head, then race for one compare-and-
 * swap); odd trials let them interleave as they start. Each trial costs one Action process per
 * checker (~0.3 s of CPU just to load the bundle). The default is issue 6's ≥ 100 trials:
 * 60 × 2 + 40 × 5. RACE_TRIALS_2 / RACE_TRIALS_5 override it (e.g. fewer while iterating).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gate } from './gate.js';
import { runAction, type ActionRun } from './harness.js';
import { finishRuns, scenario, scheduledRuns, STATE_BRANCH, type Scenario } from './helpers.js';

const TRIALS_2 = Number(process.env.RACE_TRIALS_2 ?? 60);
const TRIALS_5 = Number(process.env.RACE_TRIALS_5 ?? 40);
/** One trial every 20 minutes of simulated time. */
const STEP_MS = 20 * 60_000;
const START = Date.parse('2026-11-23T00:00:00Z');

const SCHEDULES = {
  // Due every trial; the 10-past occurrence between trials is superseded (catch-up: latest).
  'alpha.yml': 'cron: "*/10 * * * *"\nworkflow: agent.yml\npriority: high\ninputs:\n  prompt: a\n',
  // Two occurrences due every trial.
  'beta.yml':
    'cron: "*/10 * * * *"\nworkflow: agent.yml\ncatch-up: all\noverlap: allow\ninputs:\n  prompt: b\n',
  'gamma.yml': 'cron: "*/20 * * * *"\nworkflow: agent.yml\npriority: low\ninputs:\n  prompt: c\n',
  // Due every third trial (the one just after the hour).
  'delta.yml': 'cron: "0 * * * *"\nworkflow: agent.yml\npriority: urgent\ninputs:\n  prompt: d\n',
};

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});

/** Every successful ref move, checked as it happens: the new head's parent is the old head. */
function watchHistory(s: Scenario): { moves: number; breaks: string[] } {
  const seen = { moves: 0, breaks: [] as string[] };
  let head: string | undefined;
  s.sim.onCall((call) => {
    const moved =
      (call.operationId === 'git/update-ref' || call.operationId === 'git/create-ref') &&
      call.status >= 200 &&
      call.status < 300;
    const ref = (call.requestBody as { ref?: unknown } | undefined)?.ref;
    const branch = call.operationId === 'git/create-ref' ? String(ref) : call.path;
    if (!moved || !branch.includes(STATE_BRANCH)) return;
    const log = s.sim.branchLog(STATE_BRANCH);
    const tip = log[0];
    if (!tip) return;
    const expected = head === undefined ? [] : [head];
    if (JSON.stringify(tip.parents) !== JSON.stringify(expected)) {
      seen.breaks.push(`${tip.sha.slice(0, 7)} has parents ${tip.parents.join(',')}, not ${head}`);
    }
    head = tip.sha;
    seen.moves++;
  });
  return seen;
}

function expectedIds(at: number, issue: number): string[] {
  const iso = (t: number) => new Date(t).toISOString();
  const tenMin = Math.floor(at / 600_000) * 600_000;
  const ids = [
    `schedule:alpha@${iso(tenMin)}#1`,
    `schedule:beta@${iso(tenMin - 600_000)}#1`,
    `schedule:beta@${iso(tenMin)}#1`,
    `schedule:gamma@${iso(Math.floor(at / 1_200_000) * 1_200_000)}#1`,
    `issue:${issue}@${iso(at - 30_000)}#1`,
  ];
  const hour = Math.floor(at / 3_600_000) * 3_600_000;
  if (at - hour < STEP_MS) ids.push(`schedule:delta@${iso(hour)}#1`);
  return ids.sort();
}

async function race(checkers: number, trials: number, runIdBase: number): Promise<void> {
  const s = await scenario({ start: new Date(START).toISOString(), schedules: SCHEDULES });
  open.push(s);
  const history = watchHistory(s);
  const proxy = await gate(s.sim.url);
  const started = Date.now();

  /** All checkers at once; every one must succeed (the losers have nothing left to do). */
  const tickAll = async (at: number, trial: number): Promise<ActionRun[]> => {
    s.sim.setNow(new Date(at));
    if (trial % 2 === 0) proxy.arm(checkers); // lined up on even trials, free-running on odd
    const runs = await Promise.all(
      Array.from({ length: checkers }, (_, i) =>
        runAction({
          sim: { url: proxy.url, token: s.sim.token },
          workspace: s.workspace,
          now: new Date(at).toISOString(),
          runId: runIdBase + trial * 10 + i,
        }),
      ),
    );
    runs.forEach((r, i) => {
      assert.equal(
        r.code,
        0,
        `trial ${trial}, checker ${i}: exit ${r.code}\n${r.stdout}\n${r.stderr}`,
      );
    });
    return runs;
  };

  // Trial 0: a first tick for everybody at once — the state branch is created by one of them
  // (the others get "Reference already exists"), the schedules start from now.
  await tickAll(START + 30_000, 0);
  assert.equal(s.sim.dispatches.length, 0, 'new schedules start from now');

  for (let trial = 1; trial <= trials; trial++) {
    const at = START + trial * STEP_MS + 60_000;
    finishRuns(s.sim); // overlap: skip would (rightly) hold back a schedule whose run is queued
    const issue = s.sim.addIssue({
      title: `follow-up ${trial}`,
      body: `---\nrun-at: ${new Date(at - 30_000).toISOString()}\nworkflow: agent.yml\ninputs:\n  prompt: trial ${trial}\n---\n`,
      labels: ['run-at'],
      user: 'octocat',
      authorAssociation: 'OWNER',
      createdAt: new Date(at - 60_000),
    });
    const before: number = s.sim.dispatches.length;
    const runs = await tickAll(at, trial);
    const ids: string[] = scheduledRuns(s.sim)
      .slice(before)
      .map((r) => r.id)
      .sort();
    assert.deepEqual(
      ids,
      expectedIds(at, issue.number),
      `trial ${trial} (${checkers} checkers at ${new Date(at).toISOString()}): exactly one dispatch per due occurrence`,
    );
    const counts = runs.map((r) => Number(r.outputs['dispatched-count'] ?? 'NaN'));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      ids.length,
      `trial ${trial}: the outputs add up (${counts.join('+')})`,
    );
    const kinds = s.sim
      .comments(issue.number)
      .map((c) => /agent-scheduler:(\w+)/.exec(c.body)?.[1]);
    assert.deepEqual(kinds, ['ack', 'dispatched'], `trial ${trial}: one comment of each kind`);
  }

  const all = scheduledRuns(s.sim).map((r) => r.id);
  assert.equal(new Set(all).size, all.length, 'no occurrence dispatched twice over all trials');
  assert.deepEqual(history.breaks, [], 'the state branch history is linear');
  const log = s.sim.branchLog(STATE_BRANCH);
  assert.equal(log.length, history.moves, 'every commit that landed is on the branch');
  for (let i = 0; i < log.length; i++) {
    assert.deepEqual(log[i]!.parents, log[i + 1] ? [log[i + 1]!.sha] : [], `commit ${i}`);
  }
  const state = s.state();
  for (const [name, entry] of Object.entries(state.schedules)) {
    assert.deepEqual(entry.claims, [], `${name}: no claim left behind`);
  }
  const ms = Date.now() - started;
  const conflicts = s.sim.calls.filter(
    (c) => c.operationId === 'git/update-ref' && c.status === 422,
  ).length;
  console.log(
    `# race: ${checkers} checkers × ${trials} trials: ${all.length} dispatches, ${log.length} commits, ` +
      `${conflicts} lost compare-and-swaps, ${proxy.met} lined-up starts, ${ms} ms (${Math.round(ms / (trials + 1))} ms/trial)`,
  );
  assert.ok(conflicts > 0, 'the checkers really raced');
  await proxy.close();
  await s.close();
}

describe('racing checkers at the same instant', () => {
  test(`2 checkers × ${TRIALS_2} trials: exactly one dispatch per due occurrence`, async () => {
    await race(2, TRIALS_2, 200_000);
  });

  test(`5 checkers × ${TRIALS_5} trials: exactly one dispatch per due occurrence`, async () => {
    await race(5, TRIALS_5, 500_000);
  });
});
