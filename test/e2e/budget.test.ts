/**
 * The rate-limit budget (issue 6, item 6), through dist/index.js: with the primary rate limit
 * nearly spent (low `x-ratelimit-remaining` on the answers the Action sees before it plans),
 * the tick dispatches the highest-priority due work first, defers the rest with the reason in
 * the summary ("rate limit: N requests left until HH:MM UTC"), and loses nothing: the next
 * tick, with the limit restored, dispatches what was deferred, and nothing is recorded skipped.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUESTS_PER_KIND, RESERVED_REQUESTS } from '../../src/github/budget.js';
import type { ActionRun } from './harness.js';
import { scenario, scheduledRuns, type Scenario } from './helpers.js';

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});

const every10 = (priority: string) =>
  `cron: "*/10 * * * *"\nworkflow: agent.yml\npriority: ${priority}\ninputs:\n  prompt: ${priority}\n`;

/**
 * Five schedules due at 00:10 and a run-at issue due at 00:05 (medium, like every issue). In
 * dispatch order: priority, then scheduled time, then source.
 */
async function crowded(): Promise<{ s: Scenario; order: string[] }> {
  const s = await scenario({
    start: '2026-11-23T00:00:00Z',
    schedules: {
      'lo.yml': every10('low'),
      'mb.yml': every10('medium'),
      'ma.yml': every10('medium'),
      'hi.yml': every10('high'),
      'ur.yml': every10('urgent'),
    },
  });
  open.push(s);
  const first = await s.tick('2026-11-23T00:00:30Z');
  assert.equal(first.code, 0, first.stdout);
  const issue = s.sim.addIssue({
    title: 'follow-up',
    body: '---\nrun-at: 2026-11-23T00:05:00Z\nworkflow: agent.yml\ninputs:\n  prompt: issue\n---\n',
    labels: ['run-at'],
    user: 'octocat',
    authorAssociation: 'OWNER',
    createdAt: new Date('2026-11-23T00:04:00Z'),
  });
  const at10 = '@2026-11-23T00:10:00.000Z#1';
  const order = [
    `schedule:ur${at10}`,
    `schedule:hi${at10}`,
    `issue:${issue.number}@2026-11-23T00:05:00.000Z#1`,
    `schedule:ma${at10}`,
    `schedule:mb${at10}`,
    `schedule:lo${at10}`,
  ];
  return { s, order };
}

/** The Deferred table's rows: source → reason. */
function deferredRows(summary: string): Map<string, string> {
  const section = /### Deferred to the next tick\n([\s\S]*?)\n\n(?:###|State:|>)/.exec(summary);
  const rows = new Map<string, string>();
  for (const line of section?.[1]?.split('\n') ?? []) {
    const m = /^\| `([^`]+)` \| [^|]+ \| \w+ \| (.+) \|$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

const ids = (s: Scenario, from = 0) =>
  scheduledRuns(s.sim)
    .slice(from)
    .map((r) => r.id);

function assertNothingSkipped(s: Scenario, r: ActionRun): void {
  assert.equal(r.outputs['skipped-count'], '0');
  for (const [name, entry] of Object.entries(s.state().schedules)) {
    assert.deepEqual(
      entry.history.filter((h) => h.outcome !== 'dispatched').map((h) => h.outcome),
      [],
      `${name}: nothing recorded but dispatches`,
    );
  }
}

describe('a nearly spent primary rate limit', () => {
  test('dispatches the highest-priority work first, defers the rest with the reason, and the next tick sends it', async () => {
    const { s, order } = await crowded();
    const resetAt = new Date(Date.now() + 45 * 60_000);
    s.sim.setRateLimit(26, { limit: 5000, resetAt });

    const low = await s.tick('2026-11-23T00:11:00Z');
    assert.equal(low.code, 0, `a deferral is not an error\n${low.stdout}`);
    assert.equal(low.outputs['error-count'], '0');
    const k = Number(low.outputs['dispatched-count']);
    assert.ok(k >= 1 && k < order.length, `some, not all, dispatched (${k})`);
    assert.deepEqual(ids(s), order.slice(0, k), 'the highest-priority ones, in order');

    // The summary says what waits and why; the numbers are the ones the budget was made from.
    const rows = deferredRows(low.summary);
    assert.deepEqual(
      [...rows.keys()],
      order.slice(k).map((id) => id.split('@')[0]!),
    );
    const reasons = new Set(rows.values());
    assert.equal(reasons.size, 1, [...reasons].join(' / '));
    const reason = [...reasons][0]!;
    const m = /^rate limit: (\d+) requests left until (\d\d:\d\d) UTC$/.exec(reason);
    assert.ok(m, reason);
    const left = Number(m[1]);
    assert.equal(m[2], resetAt.toISOString().slice(11, 16), 'when the window resets');
    // The longest prefix of the order whose cost fits in what is left minus the reserve.
    const cost = order.map(
      (id) => REQUESTS_PER_KIND[id.startsWith('issue:') ? 'issue' : 'schedule'],
    );
    let fits = 0;
    for (let spent = 0; fits < cost.length && spent + cost[fits]! <= left - RESERVED_REQUESTS;)
      spent += cost[fits++]!;
    assert.equal(k, fits, `${left} left → ${k} dispatches`);
    assert.match(
      low.summary,
      new RegExp(`\\*\\*${k} dispatched\\*\\* · 0 skipped · ${6 - k} deferred`),
    );
    assert.equal(low.outputs['next-due'], '2026-11-23T00:11:00Z', 'something is due now');
    assert.ok(s.sim.rateLimit.remaining > 0, 'the tick left requests to spare');
    console.log(
      `# budget: ${left} requests left when planning → ${k} of ${order.length} dispatched; ${s.sim.rateLimit.remaining} left after the tick`,
    );
    for (const entry of Object.values(s.state().schedules)) {
      assert.deepEqual(entry.claims, [], 'no claim left for the deferred');
    }

    // The limit is restored: the next tick sends exactly what was deferred.
    s.sim.setRateLimit(5000);
    const next = await s.tick('2026-11-23T00:13:00Z');
    assert.equal(next.code, 0, next.stdout);
    assert.deepEqual(ids(s, k), order.slice(k), 'the deferred ones, highest priority first');
    assert.doesNotMatch(next.summary, /### Deferred/);
    assert.deepEqual(ids(s).sort(), [...order].sort(), 'each due occurrence exactly once');
    assertNothingSkipped(s, next);
    await s.close();
  });

  test('with almost nothing left: nothing dispatched, nothing claimed, nothing lost', async () => {
    const { s, order } = await crowded();
    s.sim.setRateLimit(12, { resetAt: new Date(Date.now() + 10 * 60_000) });
    const low = await s.tick('2026-11-23T00:11:00Z');
    assert.equal(low.code, 0, low.stdout);
    assert.equal(low.outputs['dispatched-count'], '0');
    assert.equal(s.sim.dispatches.length, 0);
    const rows = deferredRows(low.summary);
    assert.equal(rows.size, order.length);
    for (const reason of rows.values())
      assert.match(reason, /^rate limit: \d requests? left until/);

    s.sim.setRateLimit(5000);
    const next = await s.tick('2026-11-23T00:12:00Z');
    assert.equal(next.code, 0, next.stdout);
    assert.deepEqual(ids(s), order);
    assertNothingSkipped(s, next);
    await s.close();
  });

  test('plenty left: max-dispatches is the only budget, and the reason says so', async () => {
    const { s, order } = await crowded();
    const r = await s.tick('2026-11-23T00:11:00Z', { 'max-dispatches': '2' });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(ids(s), order.slice(0, 2));
    const rows = deferredRows(r.summary);
    assert.deepEqual(new Set(rows.values()), new Set(['over max-dispatches (2 per tick)']));
    await s.close();
  });
});
