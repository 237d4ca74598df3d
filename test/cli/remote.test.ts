/**
 * The remote verbs — run, at, status — as `node dist/cli.js …` child processes against the
 * GitHub simulator (GITHUB_API_URL), with the clock pinned. Every scenario ends with zero
 * OpenAPI mismatches and no unknown routes.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import { parseRunAtIssue } from '../../src/issues/index.js';
import { loadSchedules } from '../../src/schedules/index.js';
import { WorkflowLoader } from '../../src/workflows/index.js';
import { makeWorkspace, removeWorkspace, runAction } from '../e2e/harness.js';
import { GitHubSimulator } from '../github-sim/index.js';
import { cli, NOW, schedule, type CliOptions } from './helpers.js';

const STATE_BRANCH = 'agent-scheduler-state';

const workspaces: string[] = [];
const sims: GitHubSimulator[] = [];
after(async () => {
  workspaces.forEach(removeWorkspace);
  for (const sim of sims) await sim.stop().catch(() => undefined);
});
afterEach(() => {
  for (const sim of sims) {
    assert.deepEqual(
      sim.mismatches,
      [],
      'every request and response matched the OpenAPI description',
    );
    assert.deepEqual(
      sim.unknownRoutes.map((c) => `${c.method} ${c.path}`),
      [],
      'no unknown routes',
    );
  }
});

async function setup(spec: Parameters<typeof makeWorkspace>[0] = { examples: true }) {
  const sim = await GitHubSimulator.start({
    owner: 'acme',
    repo: 'widgets',
    defaultBranch: 'main',
    now: new Date(NOW),
  });
  sims.push(sim);
  sim.addWorkflow({
    path: '.github/workflows/agent.yml',
    name: 'Agent',
    inputs: ['prompt', 'scheduled-run', 'dry-run'],
  });
  sim.addWorkflow({
    path: '.github/workflows/agent-scheduler.yml',
    name: 'agent-scheduler',
    inputs: ['run-now', 'dry-run'],
  });
  const ws = makeWorkspace(spec);
  workspaces.push(ws);
  const env = {
    GITHUB_API_URL: sim.url,
    GITHUB_TOKEN: sim.token,
    GITHUB_REPOSITORY: 'acme/widgets',
  };
  const run = (args: string[], extra: Partial<CliOptions> = {}) =>
    cli(args, { cwd: ws, ...extra, env: { ...env, ...extra.env } });
  return { sim, ws, run };
}

describe('run', () => {
  test('dispatches the checker workflow with run-now=<name> on the default branch', async () => {
    const { sim, run } = await setup();
    const r = await run(['run', 'nightly-review']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.dispatches.length, 1);
    const d = sim.dispatches[0]!;
    assert.equal(d.workflowPath, '.github/workflows/agent-scheduler.yml');
    assert.equal(d.ref, 'main');
    assert.deepEqual(d.inputs, { 'run-now': 'nightly-review' });
    assert.equal(
      r.stdout,
      [
        'Dispatched agent-scheduler.yml on main in acme/widgets with run-now=nightly-review',
        `checker run: https://github.com/acme/widgets/actions/runs/${d.runId}`,
        'It dispatches agent.yml for nightly-review as manual:nightly-review, whatever the cron and overlap say.',
        '',
      ].join('\n'),
    );
  });

  test('--ref, --dry-run, --checker-workflow and --repo; GH_TOKEN works too', async () => {
    const { sim, run } = await setup();
    sim.addWorkflow({ path: '.github/workflows/checker.yml', inputs: ['run-now', 'dry-run'] });
    const r = await run(
      [
        'run',
        'weekly-report',
        '--ref',
        'main',
        '--dry-run',
        '--checker-workflow',
        'checker.yml',
        '--repo',
        'acme/widgets',
      ],
      { env: { GITHUB_TOKEN: undefined, GH_TOKEN: sim.token, GITHUB_REPOSITORY: undefined } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.dispatches[0]!.workflowPath, '.github/workflows/checker.yml');
    assert.deepEqual(sim.dispatches[0]!.inputs, { 'run-now': 'weekly-report', 'dry-run': 'true' });
  });

  test('an unknown or broken schedule is refused before any API call', async () => {
    const { sim, run, ws } = await setup({
      schedules: { 'ok.yml': schedule('0 1 * * *'), 'broken.yml': 'cron: "0 1 * * *"\n' },
    });
    sim.resetCalls();
    const unknown = await run(['run', 'ko']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no schedule named "ko" in schedules\/ — did you mean `ok`\?/);
    const broken = await run(['run', 'broken']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^schedules\/broken\.yml:1:1: /m);
    assert.equal(sim.calls.length, 0);
    assert.equal(sim.dispatches.length, 0);
    assert.ok(ws);
  });

  test('a failed dispatch is one error line, exit 1', async () => {
    const { sim, run } = await setup();
    const r = await run(['run', 'nightly-review', '--checker-workflow', 'missing.yml']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: dispatching missing\.yml on main failed: HTTP 404 /);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.equal(sim.dispatches.length, 0);
  });
});

describe('missing configuration', () => {
  test('no token, no repository: one clear line, exit 2, nothing sent', async () => {
    const { sim, run } = await setup();
    sim.resetCalls();
    const noToken = await run(['at', 'in 2h', '--workflow', 'agent.yml', '--input', 'prompt=x'], {
      env: { GITHUB_TOKEN: undefined },
    });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /^error: no token: set GITHUB_TOKEN or GH_TOKEN .*\n$/);
    const noRepo = await run(['status'], { env: { GITHUB_REPOSITORY: undefined } });
    assert.equal(noRepo.code, 2);
    assert.equal(
      noRepo.stderr,
      'error: no repository: pass --repo owner/name or set GITHUB_REPOSITORY\n',
    );
    const neither = await run(['run', 'nightly-review'], {
      env: { GITHUB_REPOSITORY: undefined, GITHUB_TOKEN: undefined },
    });
    assert.equal(neither.code, 2);
    assert.equal(neither.stderr.split('\n').length, 2, 'one line');
    assert.match(neither.stderr, /no token: .*; no repository: /);
    const badRepo = await run(['status', '--repo', 'widgets']);
    assert.equal(badRepo.code, 2);
    assert.match(badRepo.stderr, /expected owner\/name/);
    assert.equal(sim.calls.length, 0);
    assert.equal(sim.issues.length, 0);
  });

  test('a rejected token: exit 1 with the reason', async () => {
    const { run } = await setup();
    const r = await run(['status'], { env: { GITHUB_TOKEN: 'ghp_wrong' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: .*HTTP 401 .*GITHUB_TOKEN or GH_TOKEN/);
  });
});

describe('at', () => {
  test('opens a run-at issue whose front matter the Action parses to the same instant', async () => {
    const { sim, run, ws } = await setup();
    const r = await run([
      'at',
      'in 2h',
      '--workflow',
      'agent.yml',
      '--input',
      'prompt=Check whether PR #123 is green and merge it',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.issues.length, 1);
    const issue = sim.issues[0]!;
    assert.equal(r.stdout, `https://github.com/acme/widgets/issues/${issue.number}\n`);
    assert.equal(
      r.stderr,
      `Opened run-at issue #${issue.number} in acme/widgets: agent.yml runs at Wed 2026-11-25 00:48 UTC (in 2h), at the first checker tick from then.\n`,
    );
    assert.deepEqual(issue.labels, ['run-at']);
    assert.equal(issue.title, 'Run agent.yml at 2026-11-25 00:48 UTC');
    assert.equal(
      issue.body,
      [
        '---',
        'run-at: 2026-11-25T00:48:00Z',
        'workflow: agent.yml',
        'inputs:',
        '  prompt: "Check whether PR #123 is green and merge it"',
        '---',
        'Requested with `agent-scheduler at "in 2h"`.',
        '',
      ].join('\n'),
    );
    // The Action's own parser, reading the issue as GitHub serves it, agrees.
    const parsed = parseRunAtIssue(
      { ...issue, user: { login: issue.user }, labels: issue.labels },
      { defaultTimezone: 'UTC', workflows: new WorkflowLoader(ws) },
    );
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.request!.runAt!.toISOString(), '2026-11-25T00:48:00.000Z');
    assert.deepEqual(parsed.request!.inputs, {
      prompt: 'Check whether PR #123 is green and merge it',
    });
  });

  test('a local time with --timezone, a custom title and label, retries and a note', async () => {
    const { sim, run } = await setup();
    const r = await run([
      'at',
      '2026-11-25 09:00',
      '--timezone',
      'Europe/Paris',
      '--workflow',
      'agent.yml',
      '--input',
      'prompt=Morning check',
      '--title',
      'Morning check',
      '--label',
      'later',
      '--retries',
      '2',
      '--note',
      'Opened by the nightly agent.',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const issue = sim.issues[0]!;
    assert.equal(issue.title, 'Morning check');
    assert.deepEqual(issue.labels, ['later']);
    assert.equal(
      issue.body,
      '---\nrun-at: 2026-11-25T09:00:00+01:00\nworkflow: agent.yml\ntimezone: Europe/Paris\nretries: 2\ninputs:\n  prompt: Morning check\n---\nOpened by the nightly agent.\n',
    );
    assert.match(r.stderr, /runs at Wed 2026-11-25 09:00 CET \(in 9h 12m\)/);
  });

  test('a bad time or an undeclared input: exit 1, no issue opened', async () => {
    const { sim, run } = await setup();
    const when = await run(['at', 'in 2 hours', '--workflow', 'agent.yml', '--input', 'prompt=x']);
    assert.equal(when.code, 1);
    assert.equal(
      when.stderr,
      'error: <when> "in 2 hours": "in 2 hours" is not a time — write `in 2h`\n',
    );
    const input = await run(['at', '+90m', '--workflow', 'agent.yml', '--input', 'promt=x']);
    assert.equal(input.code, 1);
    assert.match(
      input.stderr,
      /^--input: input "promt" is not declared by workflow agent\.yml — did you mean `prompt`\?/m,
    );
    assert.match(input.stderr, /error: no issue opened\n$/);
    const workflow = await run(['at', '+90m', '--workflow', 'agnet.yml']);
    assert.equal(workflow.code, 1);
    assert.match(
      workflow.stderr,
      /^--workflow: workflow "agnet\.yml" not found in \.github\/workflows — did you mean `agent\.yml`\?/m,
    );
    const kv = await run(['at', '+90m', '--input', 'novalue']);
    assert.equal(kv.code, 2);
    assert.match(kv.stderr, /expected key=value/);
    assert.equal(sim.issues.length, 0);
  });

  test('--dry-run prints the issue; without --workflow the checker’s default applies', async () => {
    const { sim, run } = await setup();
    const r = await run(['at', '+90m', '--input', 'anything=goes', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'Run the default workflow at 2026-11-25 00:18 UTC\n\n---\nrun-at: 2026-11-25T00:18:00Z\ninputs:\n  anything: goes\n---\nRequested with `agent-scheduler at "+90m"`.\n',
    );
    assert.match(r.stderr, /note: no --workflow: the checker's `workflow` input picks the target/);
    assert.equal(sim.issues.length, 0);
  });
});

describe('status', () => {
  test('no state branch yet: says so, exit 0', async () => {
    const { run } = await setup();
    const r = await run(['status']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^acme\/widgets: no state yet — the branch agent-scheduler-state does not exist, so the checker has not run/,
    );
    assert.match(r.stdout, /^nightly-review +Wed 2026-11-25 02:00 EST \(in 8h 12m\) +none yet$/m);
    assert.match(r.stdout, /^No open run-at issues \(label run-at\)\.$/m);
  });

  test('last runs with outcomes and run URLs, next due, due-now, and pending run-at issues', async () => {
    const { sim, run, ws } = await setup({
      schedules: {
        'nightly.yml': schedule('0 2 * * 1-5', 'timezone: America/New_York\n'),
        'due.yml': schedule('0 22 * * *'),
      },
    });
    const loaded = loadSchedules({ workspace: ws });
    const fp = (name: string) => loaded.schedules.find((s) => s.name === name)!.fingerprint;
    const state = {
      version: 1,
      updatedAt: '2026-11-24T07:02:00.000Z',
      updatedBy: '1002.1',
      schedules: {
        nightly: {
          fingerprint: fp('nightly'),
          since: '2026-11-20T00:00:00.000Z',
          cursor: '2026-11-24T07:00:00.000Z',
          claims: [],
          history: [
            {
              id: 'schedule:nightly@2026-11-24T07:00:00.000Z#1',
              scheduledFor: '2026-11-24T07:00:00.000Z',
              attempt: 1,
              outcome: 'dispatched',
              at: '2026-11-24T07:02:00.000Z',
              runId: 7,
              runUrl: 'https://github.com/acme/widgets/actions/runs/7',
              conclusion: 'failure',
            },
            {
              id: 'schedule:nightly@2026-11-23T07:00:00.000Z#1',
              scheduledFor: '2026-11-23T07:00:00.000Z',
              attempt: 1,
              outcome: 'skipped',
              reason: 'overlap: the previous run is still in progress',
              at: '2026-11-23T07:01:00.000Z',
            },
          ],
        },
        due: {
          fingerprint: fp('due'),
          since: '2026-11-20T00:00:00.000Z',
          cursor: '2026-11-23T22:00:00.000Z',
          claims: [],
          history: [],
        },
        gone: {
          fingerprint: 'x',
          since: '2026-11-20T00:00:00.000Z',
          cursor: '2026-11-20T00:00:00.000Z',
          claims: [],
          history: [],
        },
      },
      issues: {},
    };
    sim.writeBranchFiles(
      STATE_BRANCH,
      { 'state.json': JSON.stringify(state, null, 2) },
      { orphan: true },
    );
    const issue = sim.addIssue({
      title: 'Check PR 123',
      body: '---\nrun-at: 2026-11-25T01:00:00Z\nworkflow: agent.yml\ninputs:\n  prompt: Check PR 123\n---\n',
      labels: ['run-at'],
      user: 'alice',
      authorAssociation: 'MEMBER',
    });
    sim.addIssue({
      title: 'From a stranger',
      body: '---\nrun-at: in 1h\nworkflow: agent.yml\ninputs:\n  prompt: x\n---\n',
      labels: ['run-at'],
      user: 'mallory',
      authorAssociation: 'NONE',
    });
    sim.addIssue({
      title: 'Broken',
      body: 'run at noon please',
      labels: ['run-at'],
      user: 'alice',
      authorAssociation: 'MEMBER',
    });

    const r = await run(['status']);
    assert.equal(r.code, 0, r.stderr);
    const head = sim.branchHead(STATE_BRANCH)!;
    const lines = r.stdout.split('\n');
    assert.equal(
      lines[0],
      `acme/widgets · agent-scheduler-state @ ${head.slice(0, 7)} · last written 2026-11-24 07:02 UTC (15h 46m ago) by checker 1002.1`,
    );
    assert.match(r.stdout, /^SCHEDULE +NEXT +LAST RUNS$/m);
    assert.match(r.stdout, /^due +due now \(the next tick fires it\) +none yet$/m);
    assert.match(r.stdout, /^gone +no file here +none yet$/m);
    assert.match(
      r.stdout,
      /^nightly +Wed 2026-11-25 02:00 EST \(in 8h 12m\) +Tue 2026-11-24 02:00 EST {2}dispatched → failure {2}https:\/\/github\.com\/acme\/widgets\/actions\/runs\/7$/m,
    );
    assert.match(
      r.stdout,
      /^ +Mon 2026-11-23 02:00 EST {2}skipped {2}overlap: the previous run is still in progress$/m,
    );
    assert.match(r.stdout, /^RUN-AT ISSUE +RUNS AT +WORKFLOW +TITLE$/m);
    assert.match(
      r.stdout,
      new RegExp(
        `^#${issue.number} +Wed 2026-11-25 01:00 UTC \\(in 2h 12m\\) +agent\\.yml +Check PR 123$`,
        'm',
      ),
    );
    assert.match(r.stdout, /^#\d+ +invalid request \(1 problem; see the issue\) +Broken$/m);
    assert.match(
      r.stdout,
      /^#\d+ +ignored: mallory is not an owner, member or collaborator .* +From a stranger$/m,
    );

    const json = await run(['status', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.repository, 'acme/widgets');
    assert.equal(doc.head, head);
    assert.equal(doc.updated_by, '1002.1');
    const nightly = doc.schedules.find((s: { name: string }) => s.name === 'nightly');
    assert.equal(nightly.next_due, '2026-11-25T07:00:00Z');
    assert.equal(nightly.due_now, false);
    assert.deepEqual(nightly.last_runs[0], {
      id: 'schedule:nightly@2026-11-24T07:00:00.000Z#1',
      scheduled_for: '2026-11-24T07:00:00.000Z',
      attempt: 1,
      outcome: 'dispatched',
      conclusion: 'failure',
      run_id: 7,
      run_url: 'https://github.com/acme/widgets/actions/runs/7',
      decided_at: '2026-11-24T07:02:00.000Z',
    });
    const due = doc.schedules.find((s: { name: string }) => s.name === 'due');
    assert.equal(due.due_now, true);
    assert.equal(due.next_due, NOW);
    assert.equal(
      doc.schedules.find((s: { name: string }) => s.name === 'gone').missing_locally,
      true,
    );
    assert.deepEqual(
      doc.issues.map((i: { number: number; next_due: string | null }) => [i.number, i.next_due]),
      [
        [issue.number, '2026-11-25T01:00:00Z'],
        [issue.number + 1, null],
        [issue.number + 2, null],
      ],
    );
    assert.equal(doc.issues[1].trusted, false);
    assert.equal(doc.issues[2].problems.length, 1);
    // Nothing was written: status only reads.
    assert.equal(sim.branchHead(STATE_BRANCH), head);
  });

  test('after real checker ticks (dist/index.js), status shows the run the Action recorded', async () => {
    const { sim, run, ws } = await setup();
    for (const now of ['2026-11-24T22:50:00Z', '2026-11-25T07:01:00Z']) {
      sim.setNow(new Date(now));
      const tick = await runAction({ sim, workspace: ws, now });
      assert.equal(tick.code, 0, tick.stderr + tick.stdout);
    }
    const dispatched = sim.runs.find((r) => String(r.inputs.prompt).startsWith('Review'))!;
    assert.ok(dispatched, 'the checker dispatched nightly-review');
    const r = await run(['status', '--json'], {
      env: { AGENT_SCHEDULER_NOW: '2026-11-25T07:05:00Z' },
    });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    const nightly = doc.schedules.find((s: { name: string }) => s.name === 'nightly-review');
    assert.equal(nightly.last_runs[0].outcome, 'dispatched');
    assert.equal(nightly.last_runs[0].scheduled_for, '2026-11-25T07:00:00.000Z');
    assert.equal(nightly.last_runs[0].run_url, dispatched.html_url);
    assert.equal(nightly.next_due, '2026-11-26T07:00:00Z');
    assert.equal(doc.updated_at, '2026-11-25T07:01:00.000Z');
  });

  test('with relay: true, status shows the relay lease the Action wrote', async () => {
    const { sim, run, ws } = await setup();
    const now = '2026-11-25T07:00:00Z';
    sim.setNow(new Date(now));
    const tick = await runAction({
      sim,
      workspace: ws,
      now,
      runId: 4242,
      inputs: { lookahead: '5m', relay: 'true' },
      env: {
        GITHUB_WORKFLOW_REF: 'acme/widgets/.github/workflows/agent-scheduler.yml@refs/heads/main',
      },
    });
    assert.equal(tick.code, 0, tick.stderr + tick.stdout);
    const at = { env: { AGENT_SCHEDULER_NOW: '2026-11-25T07:06:00Z' } };
    const json = JSON.parse((await run(['status', '--json'], at)).stdout);
    assert.deepEqual(json.relay, {
      holder: null,
      since: '2026-11-25T07:05:00.000Z',
      expires_at: '2026-11-25T07:15:00.000Z',
      alive: true,
      handovers: 0,
      chain_since: '2026-11-25T07:00:00.000Z',
    });
    const text = await run(['status'], at);
    assert.match(
      text.stdout,
      /Relay: handed over by 4242\.1 at 2026-11-25 07:05 UTC; its successor must take the lease by 2026-11-25 07:15 UTC/,
    );
    const late = await run(['status'], { env: { AGENT_SCHEDULER_NOW: '2026-11-25T07:20:00Z' } });
    assert.match(late.stdout, /Relay: broken — handed over by 4242\.1/);
  });
});
