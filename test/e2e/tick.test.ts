/**
 * The checker tick end to end: dist/index.js as a child process, against the simulator, with the
 * clock pinned by AGENT_SCHEDULER_NOW. Every scenario ends by asserting zero OpenAPI mismatches.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  daily,
  finishRuns,
  scenario,
  scheduledRuns,
  STATE_BRANCH,
  writesIn,
  type Scenario,
} from './helpers.js';

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});
async function make(spec: Parameters<typeof scenario>[0]) {
  const s = await scenario(spec);
  open.push(s);
  return s;
}

describe('a tick with due, not-due and invalid schedules side by side', () => {
  test('dispatches the due one once, reports the broken file with line and hint, and fails the step', async () => {
    const s = await make({
      schedules: {
        'due.yml': daily('0 7 * * *'),
        'later.yml': daily('0 20 * * *'),
        'broken.yml':
          'cron: "0 7 * * *"\nworkflow: agent.yml\ncolour: blue\ninputs:\n  prompt: x\n',
      },
    });
    const first = await s.tick('2026-11-23T00:00:00Z');
    assert.equal(first.outputs['dispatched-count'], '0', 'a new schedule starts from now');
    assert.equal(first.code, 1, 'an invalid file fails the step');

    const run = await s.tick('2026-11-23T07:01:00Z');
    assert.equal(run.code, 1);
    assert.equal(run.outputs['dispatched-count'], '1');
    assert.equal(run.outputs['error-count'], '1');
    assert.equal(run.outputs['next-due'], '2026-11-23T20:00:00Z');
    const dispatched = JSON.parse(run.outputs.dispatched!);
    assert.equal(dispatched.length, 1);
    assert.equal(dispatched[0].source, 'schedule:due');
    assert.equal(dispatched[0].name, 'due');
    assert.equal(dispatched[0].scheduled_for, '2026-11-23T07:00:00.000Z');
    assert.equal(dispatched[0].attempt, 1);
    assert.equal(dispatched[0].run_id, s.sim.runs[0]!.id);
    assert.match(dispatched[0].run_url, /\/actions\/runs\/\d+$/);

    assert.equal(s.sim.dispatches.length, 1);
    assert.equal(s.sim.dispatches[0]!.ref, 'main');
    assert.equal(s.sim.dispatches[0]!.inputs.prompt, 'hello');
    assert.deepEqual(scheduledRuns(s.sim)[0], {
      id: 'schedule:due@2026-11-23T07:00:00.000Z#1',
      source: 'schedule:due',
      scheduled_for: '2026-11-23T07:00:00.000Z',
      attempt: 1,
    });
    assert.equal(
      s.sim.runs[0]!.display_title,
      String(s.sim.dispatches[0]!.inputs['scheduled-run']),
    );

    const annotation = run.annotations.find((a) => a.includes('broken.yml'));
    assert.ok(annotation, 'an annotation names the broken file');
    assert.match(annotation!, /file=schedules\/broken\.yml,line=3/);
    assert.match(annotation!, /unknown key "colour"/);
    assert.match(run.summary, /### Dispatched[\s\S]*schedule:due/);
    assert.match(run.summary, /schedules\/broken\.yml:3:1/);
    assert.match(run.summary, /### Next \d+ occurrences/);
    assert.match(run.summary, /At 20:00/, 'the cron in plain English');
    await s.close();
  });
});

describe('the same tick twice', () => {
  test('dispatches once; the second tick writes nothing: two state reads, one issue-queue read, one runs list', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    const one = await s.tick('2026-11-23T07:01:00Z');
    assert.equal(one.code, 0, one.stdout);
    const mark = s.sim.calls.length;
    const two = await s.tick('2026-11-23T07:01:00Z');
    assert.equal(two.code, 0);
    assert.equal(two.outputs['dispatched-count'], '0');
    assert.equal(s.sim.dispatches.length, 1);
    assert.deepEqual(writesIn(s.sim, mark), [], 'a quiet tick writes nothing');
    assert.deepEqual(
      s.sim.calls.slice(mark).map((c) => c.operationId),
      // The run is still queued: reconciliation lists its workflow once (issue 4).
      ['git/get-ref', 'repos/get-content', 'issues/list-for-repo', 'actions/list-workflow-runs'],
    );
    assert.match(two.summary, /State: unchanged/);
    await s.close();
  });
});

describe('state branch bootstrap', () => {
  test('the first tick creates the branch as an orphan holding state.json and its README, with an audit message', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    assert.ok(!s.sim.branches.includes(STATE_BRANCH));
    const r = await s.tick('2026-11-23T00:00:00Z');
    assert.equal(r.code, 0, r.stdout);
    const log = s.sim.branchLog(STATE_BRANCH);
    assert.equal(log.length, 1);
    assert.deepEqual(log[0]!.parents, [], 'orphan: no parent');
    assert.match(log[0]!.message, /schedule:a starts from 2026-11-23T00:00:00/);
    assert.match(log[0]!.message, /Checker: \d+\.1/);
    const state = s.state();
    assert.equal(state.schedules.a!.since, '2026-11-23T00:00:00.000Z');
    const readme = s.sim.readBranchFile(STATE_BRANCH, 'README.md');
    assert.match(readme ?? '', /# agent-scheduler state/, 'a README for people beside state.json');
    assert.deepEqual(
      s.sim.calls.filter((c) => c.method !== 'GET').map((c) => c.operationId),
      ['git/create-tree', 'git/create-commit', 'git/create-ref'],
    );

    await s.tick('2026-11-23T07:00:30Z');
    const after = s.sim.branchLog(STATE_BRANCH);
    assert.equal(after.length, 3, 'claim commit + record commit');
    assert.match(
      after[1]!.message,
      /claim 1 occurrence[\s\S]*- claim schedule:a@2026-11-23T07:00:00.000Z#1/,
    );
    assert.match(
      after[0]!.message,
      /dispatched 1[\s\S]*- dispatched schedule:a@2026-11-23T07:00:00.000Z#1 → run \d+/,
    );
    const history = s.state().schedules.a!.history;
    assert.equal(history[0]!.outcome, 'dispatched');
    assert.equal(history[0]!.runId, s.sim.runs[0]!.id);
    assert.deepEqual(s.state().schedules.a!.claims, []);
    await s.close();
  });
});

describe('a ref-update conflict', () => {
  test('another writer moves the branch between read and write: re-read, re-plan, still exactly one dispatch', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    s.sim.raceRefUpdate(STATE_BRANCH);
    const r = await s.tick('2026-11-23T07:02:00Z');
    assert.equal(r.code, 0, r.stdout);
    assert.equal(s.sim.dispatches.length, 1);
    assert.ok(
      s.sim.calls.some((c) => c.operationId === 'git/update-ref' && c.status === 422),
      'the first compare-and-swap was rejected',
    );
    assert.match(r.summary, /Another checker wrote the state first/);
    assert.equal(s.state().schedules.a!.history[0]!.outcome, 'dispatched');
    await s.close();
  });
});

describe('the checker three hours late', () => {
  const hourly = (policy: string, window = '4h') =>
    `cron: "0 * * * *"\nworkflow: agent.yml\ncatch-up: ${policy}\ncatch-up-window: ${window}\ninputs:\n  prompt: ${policy}\n`;
  test('none, latest, all (and all with the default 1h window) each do what they promise', async () => {
    const s = await make({
      schedules: {
        'none.yml': hourly('none'),
        'latest.yml': hourly('latest'),
        'all.yml': hourly('all'),
        'all-1h.yml': `cron: "0 * * * *"\nworkflow: agent.yml\ncatch-up: all\ninputs:\n  prompt: all-1h\n`,
      },
    });
    await s.tick('2026-11-23T00:00:00Z');
    const r = await s.tick('2026-11-23T03:20:00Z');
    assert.equal(r.code, 0, r.stdout);
    const fired = scheduledRuns(s.sim)
      .map((x) => `${x.source} ${x.scheduled_for.slice(11, 16)}`)
      .sort();
    assert.deepEqual(fired, [
      'schedule:all 01:00',
      'schedule:all 02:00',
      'schedule:all 03:00',
      'schedule:all-1h 03:00',
      'schedule:latest 03:00',
    ]);
    const state = s.state();
    const skipped = (name: string) =>
      state.schedules[name]!.history.filter((h) => h.outcome === 'skipped').map(
        (h) => `${h.count ?? 1} ${h.reason}`,
      );
    assert.deepEqual(skipped('none'), ['3 missed (catch-up: none)']);
    assert.deepEqual(skipped('latest'), ['2 superseded (catch-up: latest)']);
    assert.deepEqual(skipped('all'), []);
    assert.deepEqual(skipped('all-1h'), ['2 outside the catch-up window (1h)']);
    assert.equal(r.outputs['skipped-count'], '7');
    await s.close();
  });
});

describe('DST days in America/New_York', () => {
  test('spring forward: 02:30 does not exist on 2026-03-08 and fires once at 03:00 EDT', async () => {
    const s = await make({
      start: '2026-03-07T12:00:00Z',
      schedules: { 'ny.yml': daily('30 2 * * *', 'timezone: America/New_York\n') },
    });
    await s.tick('2026-03-07T12:00:00Z');
    await s.tick('2026-03-08T06:59:00Z'); // 01:59 EST: not yet
    assert.equal(s.sim.dispatches.length, 0);
    const r = await s.tick('2026-03-08T07:01:00Z'); // 03:01 EDT
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.scheduled_for),
      ['2026-03-08T07:00:00.000Z'],
    );
    await s.tick('2026-03-08T08:00:00Z');
    assert.equal(s.sim.dispatches.length, 1, 'no second firing at 03:30 EDT');
    await s.close();
  });

  test('fall back: 01:30 happens twice on 2026-11-01 and fires once; */30 fires in both passes', async () => {
    const s = await make({
      start: '2026-10-31T12:00:00Z',
      schedules: {
        'once.yml': daily('30 1 * * *', 'timezone: America/New_York\n'),
        'interval.yml': daily('*/30 1 * * *', 'timezone: America/New_York\ncatch-up: all\n'),
      },
    });
    await s.tick('2026-10-31T12:00:00Z');
    for (const now of [
      '2026-11-01T05:05:00Z',
      '2026-11-01T05:35:00Z',
      '2026-11-01T06:05:00Z',
      '2026-11-01T06:35:00Z',
      '2026-11-01T08:00:00Z',
    ]) {
      finishRuns(s.sim); // the previous run ended, so overlap: skip does not hold the next one
      const r = await s.tick(now);
      assert.equal(r.code, 0, r.stdout);
    }
    const bySource = (src: string) =>
      scheduledRuns(s.sim)
        .filter((x) => x.source === src)
        .map((x) => x.scheduled_for);
    assert.deepEqual(bySource('schedule:once'), ['2026-11-01T05:30:00.000Z']);
    assert.deepEqual(bySource('schedule:interval'), [
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
    await s.close();
  });
});

describe('dry run, run-now and validate mode', () => {
  test('dry-run plans and reports but neither dispatches nor writes state', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    const head = s.sim.branchHead(STATE_BRANCH);
    const mark = s.sim.calls.length;
    const r = await s.tick('2026-11-23T07:01:00Z', { 'dry-run': 'true' });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(s.sim.dispatches.length, 0);
    assert.equal(s.sim.branchHead(STATE_BRANCH), head);
    assert.deepEqual(writesIn(s.sim, mark), []);
    assert.match(r.summary, /\(dry run\)[\s\S]*### Would dispatch \(dry run\)[\s\S]*schedule:a/);
    // The real tick afterwards still fires it: dry-run changed nothing.
    await s.tick('2026-11-23T07:02:00Z');
    assert.equal(s.sim.dispatches.length, 1);
    await s.close();
  });

  test('run-now fires a schedule immediately as manual and leaves its cron cadence alone', async () => {
    const s = await make({ schedules: { 'a.yml': daily('0 7 * * *') } });
    await s.tick('2026-11-23T00:00:00Z');
    const r = await s.tick('2026-11-23T03:00:00Z', { 'run-now': 'a' });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.source),
      ['manual:a'],
    );
    assert.equal(JSON.parse(r.outputs.dispatched!)[0].source, 'manual:a');
    finishRuns(s.sim); // a manual run still in progress would make 07:00 an overlap skip (§7.9)
    await s.tick('2026-11-23T07:01:00Z');
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.source),
      ['manual:a', 'schedule:a'],
    );
    const bad = await s.tick('2026-11-23T08:00:00Z', { 'run-now': 'nope' });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /run-now/);
    await s.close();
  });

  test('validate mode annotates files and issues; no dispatch, no comment, no state write', async () => {
    const s = await make({
      schedules: {
        'ok.yml': daily('0 7 * * *'),
        'bad.yml': 'cron: "0 7 * * *"\nworkflow: nope.yml\n',
      },
    });
    const issue = s.sim.addIssue({
      title: 'later',
      body: '---\nrun-at: in 2h\nworkflow: agent.yml\ninputz:\n  prompt: x\n---\n',
      labels: ['run-at'],
      user: 'octocat',
      authorAssociation: 'OWNER',
    });
    const r = await s.tick('2026-11-23T00:00:00Z', { mode: 'validate' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /::error [^\n]*file=schedules\/bad\.yml,line=2/);
    assert.match(r.summary, /\(validate\)/);
    assert.match(
      r.summary,
      /issue #\d+:4:1` \| unknown key "inputz"/,
      'the issue error names its line',
    );
    assert.match(r.summary, /`ok` next 5 runs \(UTC\): 2026-11-23T07:00Z, 2026-11-24T07:00Z/);
    assert.deepEqual(
      s.sim.calls.map((c) => c.operationId),
      ['issues/list-for-repo'],
      'only the queue is read',
    );
    assert.equal(s.sim.comments(issue.number).length, 0);

    // Without a token, files only and no API call at all.
    s.sim.resetCalls();
    const offline = await s.tick(
      '2026-11-23T00:00:00Z',
      { mode: 'validate', token: '' },
      { env: { INPUT_TOKEN: '' } },
    );
    assert.equal(offline.code, 1);
    assert.equal(s.sim.calls.length, 0);
    await s.close();
  });
});

describe('reads do not grow with the number of schedule files', () => {
  test('a quiet tick over 1 or 40 schedules costs the same three reads', async () => {
    const counts: number[] = [];
    for (const n of [1, 40]) {
      const schedules: Record<string, string> = {};
      for (let i = 0; i < n; i++) schedules[`s${i}.yml`] = daily('0 7 * * *');
      const s = await make({ schedules });
      await s.tick('2026-11-23T00:00:00Z');
      const mark = s.sim.calls.length;
      await s.tick('2026-11-23T01:00:00Z');
      counts.push(s.sim.calls.length - mark);
      await s.close();
    }
    assert.deepEqual(counts, [3, 3]);
  });
});
