/**
 * `relay: true` (issue 4, item 8): the checker holding the lease waits through its lookahead
 * window, hands the lease over and dispatches its own workflow as its successor; every other
 * checker ticks once and leaves; the cron trigger only restarts a broken relay; two relays never
 * both stay alive. The bundled Action runs as a child process with a pinned clock, so every wait
 * is virtual. A relay "still running" is modelled by killing its process right after it took
 * the lease (the simulator still reports its run in progress).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { restClient } from '../github-sim/index.js';
import { gate } from './gate.js';
import { runAction, type ActionRun } from './harness.js';
import { daily, scenario, STATE_BRANCH, type Scenario } from './helpers.js';

const CHECKER = '.github/workflows/agent-scheduler.yml';
const WORKFLOW_REF = `acme/widgets/${CHECKER}@refs/heads/main`;
const RELAY = { lookahead: '10m', relay: 'true' };
const T = (hhmmss: string) => `2026-11-24T${hhmmss}Z`;

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});

async function relayScenario(): Promise<Scenario> {
  const s = await scenario({
    start: T('09:00:00'),
    schedules: { 'five.yml': daily('*/5 * * * *', 'overlap: allow\n') },
  });
  s.sim.addWorkflow({ path: CHECKER, name: 'agent-scheduler', inputs: ['run-now', 'dry-run'] });
  open.push(s);
  // A first, ordinary tick: the schedule starts from here.
  const first = await s.tick(T('09:50:00'));
  assert.equal(first.code, 0, first.stdout);
  return s;
}

interface RelayRunOptions {
  runId?: number;
  eventName?: string;
  inputs?: Record<string, string>;
  killOn?: RegExp;
  env?: Record<string, string>;
}

function relayTick(s: Scenario, now: string, o: RelayRunOptions = {}): Promise<ActionRun> {
  return s.tick(
    now,
    { ...RELAY, ...o.inputs },
    {
      ...(o.runId !== undefined ? { runId: o.runId } : {}),
      eventName: o.eventName ?? 'schedule',
      env: { GITHUB_WORKFLOW_REF: WORKFLOW_REF, ...o.env },
      ...(o.killOn ? { killOn: o.killOn } : {}),
    },
  );
}

/** Dispatches of the checker itself (successors), in order. */
function successors(s: Scenario) {
  return s.sim.dispatches.filter((d) => d.workflowPath === CHECKER);
}

/** `schedule:five` occurrences dispatched, as `HH:MM:SS` of their scheduled time. */
function fired(s: Scenario): string[] {
  return s.sim.dispatches
    .filter((d) => d.workflowPath !== CHECKER)
    .map((d) => JSON.parse(String(d.inputs['scheduled-run'])) as { scheduled_for: string })
    .map((r) => r.scheduled_for.slice(11, 19));
}

interface RelayJson {
  holder?: string;
  since: string;
  expiresAt: string;
  handedOverBy?: string;
  handovers: number;
  chainSince: string;
  lastGapMs?: number;
  restartReason?: string;
}

function lease(s: Scenario): RelayJson | undefined {
  return (s.state() as unknown as { relay?: RelayJson }).relay;
}

/** A checker run the simulator knows (so its status can be read): dispatched and started. */
async function checkerRun(s: Scenario): Promise<number> {
  const { data } = await restClient(s.sim).rest.actions.createWorkflowDispatch({
    owner: 'acme',
    repo: 'widgets',
    workflow_id: 'agent-scheduler.yml',
    ref: 'main',
    return_run_details: true,
  } as Parameters<ReturnType<typeof restClient>['rest']['actions']['createWorkflowDispatch']>[0]);
  const runId = (data as unknown as { workflow_run_id: number }).workflow_run_id;
  s.sim.startRun(runId);
  return runId;
}

describe('relay: a chain of checkers, each waiting through its window', () => {
  test('start → handover → handover: every occurrence once, on time; one successor per relay', async () => {
    const s = await relayScenario();

    // A cron-started checker, 20 s late for 10:00, finds no lease and starts the relay.
    const a = await relayTick(s, T('10:00:20'), { runId: 5001 });
    assert.equal(a.code, 0, a.stdout + a.stderr);
    assert.equal(a.outputs['relay-role'], 'relay');
    assert.match(a.summary, /This checker started the relay: no relay was running\./);
    assert.deepEqual(fired(s), ['10:00:00', '10:05:00', '10:10:00']);
    assert.equal(successors(s).length, 1, 'one successor, at the end of the window');
    const s1 = successors(s)[0]!;
    assert.deepEqual([s1.ref, s1.inputs], ['main', {}]);
    assert.match(
      a.summary,
      new RegExp(
        `Handed over: dispatched \`agent-scheduler.yml\` on \`main\` → \\[run ${s1.runId}\\]`,
      ),
    );
    assert.match(a.stdout, /waiting for 2026-11-24T10:02:20.000Z \(relay\)/, 'polls between dues');
    let l = lease(s)!;
    assert.equal(l.holder, undefined);
    assert.equal(l.handedOverBy, '5001.1');
    assert.equal(l.since, '2026-11-24T10:10:20.000Z', 'handed over at the window end');
    assert.equal(l.expiresAt, '2026-11-24T10:20:20.000Z', 'a successor has claim-ttl to take it');

    // The successor starts 30 s later (GitHub queued it) and takes the lease.
    const b = await relayTick(s, T('10:10:50'), {
      runId: s1.runId,
      eventName: 'workflow_dispatch',
    });
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.equal(b.outputs['relay-role'], 'relay');
    assert.match(b.summary, /took the lease over: handed over by 5001\.1/);
    assert.deepEqual(fired(s), ['10:00:00', '10:05:00', '10:10:00', '10:15:00', '10:20:00']);
    assert.equal(successors(s).length, 2);

    const c = await relayTick(s, T('10:21:05'), {
      runId: successors(s)[1]!.runId,
      eventName: 'workflow_dispatch',
    });
    assert.equal(c.code, 0, c.stdout + c.stderr);
    assert.deepEqual(fired(s).slice(5), ['10:25:00', '10:30:00']);
    assert.equal(successors(s).length, 3);
    l = lease(s)!;
    assert.equal(l.handovers, 2);
    assert.equal(l.chainSince, '2026-11-24T10:00:20.000Z', 'one chain, never restarted');
    assert.equal(l.lastGapMs, 15_000, 'the last handover gap: 10:20:50 → 10:21:05');
    assert.equal(l.restartReason, undefined);

    // Firing lateness in the state: only the first occurrence of a chain and the one caught in
    // a handover gap are late; the rest fired at their second.
    const history = s.state().schedules.five!.history as unknown as {
      scheduledFor: string;
      outcome: string;
      lateMs?: number;
    }[];
    const late = Object.fromEntries(
      history
        .filter((h) => h.outcome === 'dispatched')
        .map((h) => [h.scheduledFor.slice(11, 19), h.lateMs]),
    );
    assert.deepEqual(late, {
      '10:00:00': 20_000,
      '10:05:00': 0,
      '10:10:00': 0,
      '10:15:00': 0,
      '10:20:00': 0,
      '10:25:00': 0,
      '10:30:00': 0,
    });

    // The audit log and the state branch's README tell the story.
    const messages = s.sim.branchLog(STATE_BRANCH).map((c) => c.message.split('\n')[0] ?? '');
    assert.equal(messages.filter((m) => /relay lease taken \(start\)/.test(m)).length, 1);
    assert.equal(messages.filter((m) => /relay lease taken \(handover\)/.test(m)).length, 2);
    assert.equal(messages.filter((m) => /relay handed over/.test(m)).length, 3);
    const readme = s.sim.readBranchFile(STATE_BRANCH, 'README.md') ?? '';
    assert.match(readme, /\*\*Relay:\*\* handed over by \d+\.1 at 2026-11-24 10:31:05 UTC/);
    assert.match(readme, /2 handovers, last handover gap 15s/);
    await s.close();
  });
});

describe('relay: followers and restarts', () => {
  test('while a relay holds the lease, other checkers tick once and leave; a relay seen ended is restarted', async () => {
    const s = await relayScenario();
    const relayRun = await checkerRun(s);
    // The relay takes the lease, then "keeps running" (its process is gone, its run is not).
    const a = await relayTick(s, T('10:00:10'), { runId: relayRun, killOn: /relay: lease taken/ });
    assert.equal(a.code, 137);
    assert.equal(lease(s)?.holder, `${relayRun}.1`);
    const dispatchesBefore = successors(s).length;

    // The cron trigger and an issue event: followers. They still fire what is due now.
    const cron = await relayTick(s, T('10:05:30'), { runId: 7001 });
    assert.equal(cron.code, 0, cron.stdout);
    assert.equal(cron.outputs['relay-role'], 'follower');
    assert.match(
      cron.summary,
      new RegExp(
        `follower: relay ${relayRun}\\.1 holds the lease until 2026-11-24T10:20:10\\.000Z`,
      ),
    );
    assert.doesNotMatch(cron.stdout, /waiting for/, 'a follower does not wait');
    // (The relay was stopped before its first tick, so 10:00 was superseded: catch-up latest.)
    assert.deepEqual(fired(s), ['10:05:00']);
    const issueEvent = await relayTick(s, T('10:06:00'), { runId: 7002, eventName: 'issues' });
    assert.equal(issueEvent.outputs['relay-role'], 'follower');
    assert.equal(successors(s).length, dispatchesBefore, 'followers dispatch no successor');
    assert.equal(lease(s)?.holder, `${relayRun}.1`, 'followers leave the lease alone');
    // One extra read per follower: the holder's run, to see whether it ended.
    const holderReads = s.sim.calls.filter(
      (c) => c.operationId === 'actions/get-workflow-run' && c.path.endsWith(`/${relayRun}`),
    );
    assert.equal(holderReads.length, 2);

    // The relay's job ends without handing over (cancelled, timed out): the next cron-started
    // checker sees its run completed and restarts the relay at once — not at lease expiry.
    s.sim.completeRun(relayRun, 'cancelled');
    const restart = await relayTick(s, T('10:08:00'), { runId: 7003 });
    assert.equal(restart.code, 0, restart.stdout);
    assert.equal(restart.outputs['relay-role'], 'relay');
    assert.match(
      restart.summary,
      new RegExp(`restarted the relay: relay ${relayRun}\\.1 ended without handing over`),
    );
    assert.deepEqual(fired(s), ['10:05:00', '10:10:00', '10:15:00']);
    assert.equal(successors(s).length, dispatchesBefore + 1);
    const l = lease(s)!;
    assert.equal(l.chainSince, '2026-11-24T10:08:00.000Z', 'a restart begins a new chain');
    assert.equal(l.handovers, 0);
    await s.close();
  });

  test("a follower that cannot read the relay's run takes it as alive and still ticks", async () => {
    const s = await relayScenario();
    const relayRun = await checkerRun(s);
    await relayTick(s, T('10:00:10'), { runId: relayRun, killOn: /relay: lease taken/ });
    s.sim.completeRun(relayRun, 'cancelled');
    s.sim.injectFault({ operationId: 'actions/get-workflow-run', status: 500, times: 10 });
    const r = await relayTick(s, T('10:05:30'), { runId: 7101 });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.outputs['relay-role'], 'follower', 'unknown is not ended');
    assert.match(r.stdout, new RegExp(`could not read the relay's run ${relayRun}`));
    assert.deepEqual(fired(s), ['10:05:00']);
    await s.close();
  });

  test('a relay whose run cannot be seen keeps its lease until it expires; then cron restarts it', async () => {
    const s = await relayScenario();
    const a = await relayTick(s, T('10:00:10'), { runId: 8001, killOn: /relay: lease taken/ });
    assert.equal(a.code, 137);
    const before = await relayTick(s, T('10:20:09'), { runId: 8002 });
    assert.equal(before.outputs['relay-role'], 'follower', 'one second before expiry');
    const afterExpiry = await relayTick(s, T('10:20:10'), { runId: 8003 });
    assert.equal(afterExpiry.outputs['relay-role'], 'relay');
    assert.match(
      afterExpiry.summary,
      /restarted the relay: the lease of relay 8001\.1 expired at 2026-11-24T10:20:10\.000Z/,
    );
    assert.equal(successors(s).length, 1);
    assert.match(lease(s)?.restartReason ?? '', /expired/);
    await s.close();
  });

  test('a relay killed between handing over and dispatching: the next checker takes the handover', async () => {
    const s = await relayScenario();
    const a = await relayTick(s, T('10:00:00'), {
      runId: 9001,
      killOn: /relay: lease handed over/,
    });
    assert.equal(a.code, 137);
    assert.equal(successors(s).length, 0, 'killed before the successor was dispatched');
    assert.equal(lease(s)?.handedOverBy, '9001.1');
    // The cron trigger 4 minutes later takes the handed-over lease: the relay lives on.
    const cron = await relayTick(s, T('10:14:00'), { runId: 9002 });
    assert.equal(cron.outputs['relay-role'], 'relay');
    assert.match(cron.summary, /took the lease over: handed over by 9001\.1/);
    assert.equal(successors(s).length, 1);
    assert.deepEqual(fired(s), ['10:00:00', '10:05:00', '10:10:00', '10:15:00', '10:20:00']);
    await s.close();
  });

  test('a successor that cannot be dispatched fails the step, and the next checker restarts the relay', async () => {
    const s = await relayScenario();
    s.sim.injectFault({
      operationId: 'actions/create-workflow-dispatch',
      pathIncludes: 'agent-scheduler.yml',
      status: 503,
      times: 5,
    });
    const a = await relayTick(s, T('10:00:00'), { runId: 9101 });
    assert.equal(a.code, 1, 'fail-on-error: the owner is told');
    assert.match(a.summary, /could not dispatch the successor \(agent-scheduler\.yml on main\)/);
    assert.deepEqual(fired(s), ['10:00:00', '10:05:00', '10:10:00'], 'the window still fired');
    assert.equal(successors(s).length, 0);
    s.sim.clearFaults();
    const cron = await relayTick(s, T('10:25:00'), { runId: 9102 });
    assert.equal(cron.outputs['relay-role'], 'relay');
    assert.match(
      cron.summary,
      /restarted the relay: 9101\.1 handed over at 2026-11-24T10:10:00\.000Z but no successor took the lease/,
    );
    // 10:15 and 10:20 fell in the broken stretch: superseded (catch-up: latest), never doubled.
    assert.deepEqual(fired(s).slice(3), ['10:25:00', '10:30:00', '10:35:00']);
    assert.equal(successors(s).length, 1);
    await s.close();
  });
});

describe('relay: two checkers racing for the lease', () => {
  test('lined up on the same state, exactly one becomes the relay and one successor is dispatched', async () => {
    const s = await relayScenario();
    const proxy = await gate(s.sim.url);
    const TRIALS = 6;
    const roles: string[] = [];
    try {
      for (let trial = 0; trial < TRIALS; trial++) {
        // Trial 0 races for no lease at all; then odd trials race for a fresh handover (a
        // minute after it) and even ones for an expired one (a restart).
        const previous = lease(s);
        const startAt = !previous
          ? Date.parse(T('10:00:30'))
          : trial % 2 === 1
            ? Date.parse(previous.since) + 60_000
            : Date.parse(previous.expiresAt) + 30_000;
        s.sim.setNow(new Date(startAt));
        const successorsBefore = successors(s).length;
        const firedBefore = fired(s).length;
        proxy.arm(2);
        const runs = await Promise.all(
          [0, 1].map((i) =>
            runAction({
              sim: { url: proxy.url, token: s.sim.token },
              workspace: s.workspace,
              now: new Date(startAt).toISOString(),
              runId: 20_000 + trial * 10 + i,
              inputs: RELAY,
              env: { GITHUB_WORKFLOW_REF: WORKFLOW_REF },
            }),
          ),
        );
        for (const r of runs) assert.equal(r.code, 0, r.stdout + r.stderr);
        const trialRoles = runs.map((r) => r.outputs['relay-role']).sort();
        roles.push(trialRoles.join('+'));
        assert.deepEqual(trialRoles, ['follower', 'relay'], `trial ${trial}`);
        assert.equal(successors(s).length, successorsBefore + 1, `trial ${trial}: one successor`);
        const ids = fired(s).slice(firedBefore);
        assert.equal(new Set(ids).size, ids.length, `trial ${trial}: no double dispatch`);
      }
      assert.ok(proxy.met >= TRIALS, `the gate lined the checkers up (${proxy.met})`);
    } finally {
      await proxy.close();
    }
    assert.equal(roles.length, TRIALS);
    await s.close();
  });
});

describe('relay: settings and dry run', () => {
  test('relay needs lookahead and a workflow ref it can dispatch; errors name the input', async () => {
    const s = await relayScenario();
    const noWindow = await relayTick(s, T('10:00:00'), { inputs: { lookahead: '0m' } });
    assert.equal(noWindow.code, 1);
    assert.match(noWindow.stdout, /input relay: relay needs a lookahead window/);
    const pr = await relayTick(s, T('10:00:00'), {
      env: { GITHUB_WORKFLOW_REF: `acme/widgets/${CHECKER}@refs/pull/7/merge` },
    });
    assert.equal(pr.code, 1);
    assert.match(pr.stdout, /cannot tell which workflow to dispatch as the successor/);
    assert.equal(s.sim.dispatches.length, 0);
    await s.close();
  });

  test('a state.json that cannot be read is reported, not silently replaced by the lease', async () => {
    const s = await relayScenario();
    s.sim.writeBranchFiles(
      STATE_BRANCH,
      { 'state.json': '{"version": 1, "garbage": [' },
      { orphan: true, message: 'oops' },
    );
    const r = await relayTick(s, T('10:00:00'), { runId: 9301 });
    assert.equal(r.code, 1, 'the owner is told');
    assert.match(r.stdout, /state\.json is not valid JSON/);
    assert.equal(r.outputs['relay-role'], 'relay');
    assert.equal(lease(s)?.handedOverBy, '9301.1', 'the relay went on');
    await s.close();
  });

  test('dry run says what the relay would do and writes nothing', async () => {
    const s = await relayScenario();
    const head = s.sim.branchHead(STATE_BRANCH);
    const r = await relayTick(s, T('10:00:00'), { inputs: { 'dry-run': 'true' } });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.outputs['relay-role'], 'relay');
    assert.match(
      r.summary,
      /This checker would start the relay: no relay was running \(dry run: nothing written\)/,
    );
    assert.equal(s.sim.branchHead(STATE_BRANCH), head);
    assert.equal(s.sim.dispatches.length, 0);
    await s.close();
  });
});
