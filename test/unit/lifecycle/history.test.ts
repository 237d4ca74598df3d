/** The report of what ran (src/report/history.ts): golden and pattern tests with a pinned now. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { oneShotPlannable } from '../../../src/plan/plannable.js';
import {
  historyStats,
  renderGantt,
  renderRunHistory,
  renderStateReadme,
  resultOf,
} from '../../../src/report/history.js';
import type { RunRecord } from '../../../src/state/document.js';
import {
  at,
  claim,
  dispatched,
  entry,
  iso,
  makeSchedule,
  oid,
  plannable,
  stateWith,
} from './helpers.js';

const s = makeSchedule({ cron: '0 * * * *' });
const url = (id: number) => `https://github.com/acme/widgets/actions/runs/${id}`;
const history: RunRecord[] = [
  dispatched('06:00', '06:00:05', { runId: 6, runUrl: url(6) }),
  {
    id: oid('05:00', 2),
    scheduledFor: iso('05:00'),
    attempt: 2,
    outcome: 'dispatched',
    at: iso('05:20'),
    lateMs: 20 * 60_000,
    runId: 52,
    runUrl: url(52),
    conclusion: 'success',
  },
  dispatched('05:00', '05:00:40', { runId: 5, runUrl: url(5), conclusion: 'failure' }),
  dispatched('04:00', '04:00:10', {
    runId: 4,
    runUrl: url(4),
    conclusion: 'timed_out',
    reason: 'cancelled by agent-scheduler: still in_progress after its timeout (30m)',
    approximate: true,
  }),
  {
    id: oid('03:00'),
    scheduledFor: iso('03:00'),
    attempt: 1,
    outcome: 'skipped',
    reason: 'previous run #2 still in_progress (overlap: skip)',
    at: iso('03:00:30'),
    count: 2,
  },
  {
    ...dispatched('02:00', '02:00:20'),
    outcome: 'dispatch-failed',
    reason: 'HTTP 422 | bad input',
  },
];
const state = stateWith({
  nightly: entry(s, '00:00', '06:00', {
    history,
    claims: [claim('07:00', '07:00:01')],
    pending: [
      {
        id: oid('05:00', 3),
        scheduledFor: iso('05:00'),
        attempt: 3,
        notBefore: iso('06:40'),
        reason: 'retry',
      },
    ],
  }),
});

describe('historyStats', () => {
  test('success rate over concluded runs; lateness of first attempts; failures and skips', () => {
    assert.deepEqual(historyStats(history), {
      concluded: 3,
      succeeded: 1,
      rate: 1 / 3,
      dispatchFailures: 1,
      skipped: 2,
      lateness: { median: 10_000, max: 40_000 },
    });
    assert.equal(historyStats([]).rate, null);
  });
});

describe('renderRunHistory', () => {
  test('golden: one source with its runs, links, rate, lateness, owed retry and live claim', () => {
    const md = renderRunHistory(state, at('06:30'), {
      inFlight: { 'schedule:nightly': [{ runId: 6, status: 'in_progress' }] },
    });
    assert.equal(
      md,
      [
        '### Recent runs',
        '',
        '#### `schedule:nightly`',
        '',
        '**Success rate:** 1 of 3 (33%) · **Lateness:** median 10s, max 40s · **Dispatch failures:** 1 · **Skipped:** 2',
        '',
        '- Retry owed: attempt 3 of the 2026-03-09 05:00 UTC occurrence, not before 2026-03-09 06:40 UTC',
        '- Being dispatched: `schedule:nightly@2026-03-09T07:00:00.000Z#1` (claimed by checker 77.1, lease until 2026-03-09 07:10:01 UTC)',
        '',
        '| Scheduled for | Attempt | Result | Run | Late |',
        '|---|---|---|---|---|',
        `| 2026-03-09 06:00 UTC | 1 | ⏳ in_progress | [#6](${url(6)}) | 5s |`,
        `| 2026-03-09 05:00 UTC | 2 | ✅ success | [#52](${url(52)}) | 20m |`,
        `| 2026-03-09 05:00 UTC | 1 | ❌ failure | [#5](${url(5)}) | 40s |`,
        `| 2026-03-09 04:00 UTC | 1 | ⏱️ timed_out — cancelled by agent-scheduler: still in_progress after its timeout (30m) | [#4](${url(4)}) (matched by time) | 10s |`,
        '| 2026-03-09 03:00 UTC |  | ⏭️ skipped ×2 — previous run #2 still in_progress (overlap: skip) | — |  |',
        '',
        '_1 older record(s) on the state branch._',
        '',
      ].join('\n'),
    );
  });

  test('nothing recorded: no section; a dispatch failure cell escapes the pipe', () => {
    assert.equal(renderRunHistory(stateWith({ a: entry(s, '00:00') }), at('06:00')), '');
    const md = renderRunHistory(state, at('06:30'), { runsPerSource: 10 });
    assert.match(md, /❌ dispatch failed — HTTP 422 \\\| bad input/);
    assert.match(md, /\| ⏳ dispatched \|/, 'without live status');
  });

  test('resultOf: ambiguous failures and cancelled outcomes', () => {
    assert.equal(
      resultOf({ ...history[5]!, ambiguous: true, reason: 'HTTP 502' }),
      '⚠️ dispatch failed, checking whether a run started — HTTP 502',
    );
    assert.equal(resultOf({ ...history[0]!, conclusion: 'cancelled' }), '🚫 cancelled');
    assert.equal(resultOf({ ...history[0]!, conclusion: 'unknown' }), '❔ unknown');
  });
});

describe('renderGantt', () => {
  test('golden: milestones per source in the next 24 hours, one bar for a dense schedule', () => {
    const daily = plannable({ name: 'nightly', cron: '0 2 * * *' });
    const dense = plannable({ name: 'poll', cron: '*/5 * * * *' });
    const target = {
      workflow: 'agent.yml',
      inputs: {},
      acceptsScheduledRun: true,
      priority: 'medium' as const,
    };
    const issue = oneShotPlannable({ key: '42', at: at('09:30'), fingerprint: 'v', target });
    const later = oneShotPlannable({
      key: '43',
      at: at('2026-03-11T09:30:00Z'),
      fingerprint: 'v',
      target,
    });
    const off = plannable({ name: 'paused', enabled: false });
    const md = renderGantt([dense, daily, issue, later, off], at('06:02'), { state });
    assert.equal(
      md,
      [
        '```mermaid',
        'gantt',
        '  title Next 24 hours (UTC)',
        '  dateFormat YYYY-MM-DD HH:mm',
        '  axisFormat %H:%M',
        '  section issue 42',
        '  09h30 :milestone, 2026-03-09 09:30, 0m',
        '  section nightly',
        '  02h00 :milestone, 2026-03-10 02:00, 0m',
        '  section poll',
        '  288 runs :2026-03-09 06:05, 2026-03-10 06:00',
        '  section retries',
        '  schedule nightly attempt 3 :milestone, 2026-03-09 06:40, 0m',
        '```',
        '',
      ].join('\n'),
    );
    assert.equal(renderGantt([later], at('06:02')), '', 'nothing in the horizon');
  });
});

describe('renderStateReadme', () => {
  test('an overview table, the next 24 hours and the recent runs', () => {
    const md = renderStateReadme(state, at('06:30'), {
      plannables: [plannable({ name: 'nightly', cron: '0 7 * * *' })],
    });
    assert.match(
      md,
      /^# agent-scheduler state\n\nGenerated by agent-scheduler at 2026-03-09 06:30 UTC \(checker 0\.1\)/,
    );
    assert.match(md, /\[`state\.json`\]\(state\.json\)/);
    assert.match(
      md,
      /\| `schedule:nightly` \| 2026-03-09 06:00 UTC \| ⏳ dispatched \| \[#6\]\([^)]+\) \| 1 of 3 \(33%\) \| retry #3 \|/,
    );
    assert.match(
      md,
      /## Next 24 hours\n\n```mermaid\ngantt[\s\S]*section nightly\n {2}07h00 :milestone/,
    );
    assert.match(md, /## Recent runs\n\n### `schedule:nightly`/);
    assert.ok(md.endsWith('\n') && !md.includes('\n\n\n'));
    assert.equal(
      renderStateReadme(stateWith({}), at('06:30')).split('\n').at(-2),
      'Nothing has been scheduled yet.',
    );
  });
});
