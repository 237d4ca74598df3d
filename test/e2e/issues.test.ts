/**
 * Run-at issues end to end (SPEC §2): dist/index.js against the simulator, clock pinned.
 * Every scenario ends with zero OpenAPI mismatches (Scenario.close()).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAction } from './harness.js';
import { scenario, scheduledRuns, type Scenario } from './helpers.js';

const open: Scenario[] = [];
after(async () => {
  for (const s of open) await s.sim.stop().catch(() => undefined);
});
async function make(spec: Parameters<typeof scenario>[0] = {}) {
  const s = await scenario(spec);
  open.push(s);
  return s;
}

const CREATED = new Date('2026-11-23T10:00:00Z');
const body = (front: string, text = 'Free text for people.') => `---\n${front}\n---\n${text}\n`;
const request = (runAt: string, extra = '') =>
  body(
    `run-at: ${runAt}\nworkflow: agent.yml\ninputs:\n  prompt: Check whether PR #123 is green${extra}`,
  );

function addIssue(
  s: Scenario,
  text: string,
  user = 'octocat',
  association: 'OWNER' | 'NONE' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' = 'OWNER',
) {
  return s.sim.addIssue({
    title: 'follow-up',
    body: text,
    labels: ['run-at'],
    user,
    authorAssociation: association,
    createdAt: CREATED,
  });
}

describe('a trusted one-shot request', () => {
  test('acknowledged once, dispatched at its time with its inputs, announced, relabelled and closed', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const issue = addIssue(s, request('2026-11-23T12:00:00Z'));
    const first = await s.tick('2026-11-23T10:05:00Z');
    assert.equal(first.code, 0, first.stdout);
    let comments = s.sim.comments(issue.number);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, /^<!-- agent-scheduler:ack issue=\d+ /);
    assert.match(comments[0]!.body, /2026-11-23 12:00 UTC/);
    assert.match(comments[0]!.body, /in 1h 55m/);
    assert.equal(s.sim.dispatches.length, 0);

    await s.tick('2026-11-23T11:00:00Z');
    assert.equal(s.sim.comments(issue.number).length, 1, 'a quiet tick says nothing');

    const due = await s.tick('2026-11-23T12:01:00Z');
    assert.equal(due.code, 0, due.stdout);
    assert.equal(s.sim.dispatches.length, 1);
    assert.equal(s.sim.dispatches[0]!.inputs.prompt, 'Check whether PR #123 is green');
    assert.deepEqual(scheduledRuns(s.sim)[0]!.source, `issue:${issue.number}`);
    const out = JSON.parse(due.outputs.dispatched!);
    assert.equal(out[0].issue, issue.number);
    comments = s.sim.comments(issue.number);
    assert.equal(comments.length, 2, 'the story in at most two comments');
    assert.match(comments[1]!.body, /agent-scheduler:dispatched/);
    assert.match(comments[1]!.body, new RegExp(`/actions/runs/${s.sim.runs[0]!.id}`));
    const after = s.sim.issue(issue.number)!;
    assert.equal(after.state, 'closed');
    assert.equal(after.state_reason, 'completed');
    assert.deepEqual(after.labels, ['run-at:dispatched']);
    assert.ok(
      s.sim.labels.some((l) => l.name === 'run-at:dispatched'),
      'label created on first use',
    );

    await s.tick('2026-11-23T12:10:00Z');
    assert.equal(s.sim.dispatches.length, 1);
    assert.equal(s.sim.comments(issue.number).length, 2);
    await s.close();
  });

  test('already due on first sight: one acknowledgement, then the dispatch in the same tick (SPEC §7.2)', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const issue = addIssue(s, request('in 30m'));
    const r = await s.tick(
      '2026-11-23T10:45:00Z',
      {},
      {
        eventName: 'issues',
        event: { action: 'opened', issue: { number: 1 }, repository: { default_branch: 'main' } },
      },
    );
    assert.equal(r.code, 0, r.stdout);
    assert.equal(s.sim.dispatches.length, 1);
    assert.deepEqual(
      scheduledRuns(s.sim)[0]!.scheduled_for,
      '2026-11-23T10:30:00.000Z',
      'relative to created_at',
    );
    const kinds = s.sim
      .comments(issue.number)
      .map((c) => /agent-scheduler:(\w+)/.exec(c.body)?.[1]);
    assert.deepEqual(kinds, ['ack', 'dispatched']);
    await s.close();
  });
});

describe('formats: relative, local time with a zone, issue forms', () => {
  test('each resolves to the right instant', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const rel = addIssue(s, request('+2h30m'));
    const local = addIssue(
      s,
      body(
        'run-at: 2026-11-23 09:00\ntimezone: America/New_York\nworkflow: agent.yml\ninputs:\n  prompt: local',
      ),
    );
    const form = addIssue(
      s,
      '### Run at\n\n2026-11-23T15:00:00Z\n\n### Workflow\n\nagent.yml\n\n### Inputs\n\n```yaml\nprompt: from the form\n```\n',
    );
    await s.tick('2026-11-23T10:05:00Z');
    for (const n of [rel.number, local.number, form.number]) {
      assert.equal(s.sim.comments(n).length, 1, `issue ${n} acknowledged`);
      assert.doesNotMatch(s.sim.comments(n)[0]!.body, /status=error/);
    }
    await s.tick('2026-11-23T16:00:00Z');
    const when = Object.fromEntries(scheduledRuns(s.sim).map((r) => [r.source, r.scheduled_for]));
    assert.deepEqual(when, {
      [`issue:${rel.number}`]: '2026-11-23T12:30:00.000Z',
      [`issue:${local.number}`]: '2026-11-23T14:00:00.000Z',
      [`issue:${form.number}`]: '2026-11-23T15:00:00.000Z',
    });
    assert.equal(
      s.sim.dispatches.find((d) =>
        String(d.inputs['scheduled-run']).includes(`issue:${form.number}`),
      )!.inputs.prompt,
      'from the form',
    );
    await s.close();
  });
});

describe('trust', () => {
  test('an untrusted author is never dispatched, gets one comment, and is a skip (exit 0)', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const evil = addIssue(s, request('2026-11-23T10:00:00Z'), 'mallory', 'NONE');
    const contributor = addIssue(s, request('2026-11-23T10:00:00Z'), 'eve', 'CONTRIBUTOR');
    const bot = addIssue(s, request('2026-11-23T10:00:00Z'), 'github-actions[bot]', 'NONE');
    const r1 = await s.tick('2026-11-23T10:05:00Z');
    const r2 = await s.tick('2026-11-23T10:10:00Z');
    assert.equal(r1.code, 0, r1.stdout);
    assert.equal(r2.code, 0);
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.source),
      [`issue:${bot.number}`],
      'only the trusted bot fires',
    );
    for (const n of [evil.number, contributor.number]) {
      const comments = s.sim.comments(n);
      assert.equal(comments.length, 1);
      assert.match(comments[0]!.body, /agent-scheduler:untrusted/);
      assert.match(comments[0]!.body, /owner|member|collaborator/i);
    }
    assert.equal(r1.outputs['skipped-count'], '2');
    assert.equal(r1.outputs['error-count'], '0');
    await s.close();
  });
});

describe('edit, close, race', () => {
  test('an edit reschedules and updates the same comment; an unchanged request is not rewritten', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const issue = addIssue(s, request('2026-11-23T12:00:00Z'));
    await s.tick('2026-11-23T10:05:00Z');
    const before = s.sim.comments(issue.number)[0]!;
    s.sim.updateIssue(issue.number, { body: request('2026-11-23T14:00:00Z') + '\nmore notes' });
    await s.tick('2026-11-23T10:10:00Z');
    const comments = s.sim.comments(issue.number);
    assert.equal(comments.length, 1, 'the same comment, updated');
    assert.equal(comments[0]!.id, before.id);
    assert.notEqual(comments[0]!.body, before.body);
    assert.match(comments[0]!.body, /14:00 UTC/);
    const updatedAt = comments[0]!.updated_at;
    s.sim.updateIssue(issue.number, {
      body: request('2026-11-23T14:00:00Z') + '\nonly the free text changed',
    });
    await s.tick('2026-11-23T10:20:00Z');
    assert.equal(
      s.sim.comments(issue.number)[0]!.updated_at,
      updatedAt,
      'free text edits rewrite nothing',
    );
    await s.tick('2026-11-23T12:05:00Z');
    assert.equal(s.sim.dispatches.length, 0, 'the old time does not fire');
    await s.tick('2026-11-23T14:01:00Z');
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.scheduled_for),
      ['2026-11-23T14:00:00.000Z'],
    );
    await s.close();
  });

  test('closing the issue before it is due cancels it, and the state records the cancellation', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const issue = addIssue(s, request('2026-11-23T12:00:00Z'));
    await s.tick('2026-11-23T10:05:00Z');
    s.sim.closeIssue(issue.number, 'not_planned');
    await s.tick('2026-11-23T11:00:00Z');
    await s.tick('2026-11-23T12:30:00Z');
    assert.equal(s.sim.dispatches.length, 0);
    const entry = s.state().issues[String(issue.number)] as { history: { outcome: string }[] };
    assert.equal(entry.history[0]!.outcome, 'cancelled');
    await s.close();
  });

  test('two checkers at the same instant: one dispatch and one comment', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const issue = addIssue(s, request('2026-11-23T10:00:00Z'));
    s.sim.setNow(new Date('2026-11-23T10:05:00Z'));
    const [a, b] = await Promise.all(
      [1, 2].map((i) =>
        runAction({
          sim: s.sim,
          workspace: s.workspace,
          now: '2026-11-23T10:05:00Z',
          runId: 7000 + i,
        }),
      ),
    );
    assert.equal(a!.code + b!.code, 0, a!.stdout + b!.stdout);
    assert.equal(s.sim.dispatches.length, 1);
    const kinds = s.sim
      .comments(issue.number)
      .map((c) => /agent-scheduler:(\w+)/.exec(c.body)?.[1]);
    assert.deepEqual(kinds, ['ack', 'dispatched']);
    await s.close();
  });
});

describe('the queue at scale', () => {
  test('150 open run-at issues: two list calls (pagination), each acknowledged once', async () => {
    const s = await make({ start: CREATED.toISOString() });
    for (let i = 0; i < 150; i++) addIssue(s, request('2026-11-24T12:00:00Z'));
    await s.tick('2026-11-23T10:05:00Z');
    assert.equal(s.sim.calls.filter((c) => c.operationId === 'issues/list-for-repo').length, 2);
    assert.ok(s.sim.issues.every((i) => s.sim.comments(i.number).length === 1));
    const mark = s.sim.calls.length;
    await s.tick('2026-11-23T10:10:00Z');
    const calls = s.sim.calls.slice(mark).map((c) => c.operationId);
    assert.deepEqual(
      calls,
      ['git/get-ref', 'repos/get-content', 'issues/list-for-repo', 'issues/list-for-repo'],
      'a quiet tick over 150 issues',
    );
    await s.close();
  });
});

describe('hostile and broken bodies', () => {
  test('each gets one explanatory comment, never a dispatch; a good issue beside them still fires', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const bodies: Record<string, string> = {
      'no front matter': 'please run the agent in 2 hours',
      'alias bomb': body(
        'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nrun-at: in 1m\nworkflow: agent.yml',
      ),
      huge: request('in 1m') + 'x'.repeat(1_000_000),
      proto: body(
        'run-at: in 1m\nworkflow: agent.yml\n__proto__:\n  polluted: true\ninputs:\n  prompt: x\n  constructor: y',
      ),
      'non-string input': body('run-at: in 1m\nworkflow: agent.yml\ninputs:\n  prompt: [1, 2]'),
      'unknown workflow': body('run-at: in 1m\nworkflow: nope.yml\ninputs:\n  prompt: x'),
    };
    const numbers: Record<string, number> = {};
    for (const [name, text] of Object.entries(bodies)) numbers[name] = addIssue(s, text).number;
    const good = addIssue(s, request('in 1m'));
    const r = await s.tick('2026-11-23T10:05:00Z');
    assert.equal(r.code, 1, 'invalid requests fail the step after all other work');
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => x.source),
      [`issue:${good.number}`],
    );
    for (const [name, n] of Object.entries(numbers)) {
      const comments = s.sim.comments(n);
      assert.equal(comments.length, 1, name);
      assert.match(comments[0]!.body, /status=error/, name);
    }
    assert.ok(s.sim.issue(numbers['unknown workflow']!)!.labels.includes('run-at:failed'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await s.tick('2026-11-23T10:10:00Z');
    for (const n of Object.values(numbers))
      assert.equal(s.sim.comments(n).length, 1, 'no second comment');
    await s.close();
  });
});

describe('retries of a run-at request', () => {
  test('a failed run is retried after retry-delay although the issue was closed at dispatch', async () => {
    const s = await make({ start: CREATED.toISOString() });
    const issue = addIssue(s, request('2026-11-23T11:00:00Z', '\nretries: 1\nretry-delay: 5m'));
    await s.tick('2026-11-23T11:01:00Z');
    assert.equal(s.sim.dispatches.length, 1);
    assert.equal(s.sim.issue(issue.number)!.state, 'closed');
    s.sim.completeRun(s.sim.runs[0]!.id, 'failure');
    await s.tick('2026-11-23T11:10:00Z'); // sees the failure: retry owed from 11:15
    assert.equal(s.sim.dispatches.length, 1, 'not before retry-delay');
    const r = await s.tick('2026-11-23T11:16:00Z');
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(
      scheduledRuns(s.sim).map((x) => `${x.scheduled_for} #${x.attempt}`),
      ['2026-11-23T11:00:00.000Z #1', '2026-11-23T11:00:00.000Z #2'],
    );
    s.sim.completeRun(s.sim.runs[1]!.id, 'success');
    await s.tick('2026-11-23T11:30:00Z');
    await s.tick('2026-11-23T12:30:00Z');
    assert.equal(s.sim.dispatches.length, 2, 'no more retries');
    await s.close();
  });
});

describe('killed ticks around the comments', () => {
  // The Action logs `issue #N: ack comment …` after the acknowledgement and
  // `issue #N: announced dispatched …` after the dispatch comment; SIGKILL lands right there.
  const steps: [string, RegExp][] = [
    ['after the acknowledgement comment', /^issue #\d+: ack comment/m],
    ['after the dispatch', /^dispatched issue:/m],
    ['after the dispatched comment', /^issue #\d+: announced dispatched/m],
  ];
  for (const [step, killOn] of steps) {
    test(`${step}: the next tick leaves exactly one run and no duplicate comment`, async () => {
      const s = await make({ start: CREATED.toISOString() });
      const issue = addIssue(s, request('2026-11-23T10:00:00Z'));
      const killed = await s.tick('2026-11-23T10:05:00Z', {}, { killOn });
      assert.notEqual(killed.code, 0, `killed ${step}`);
      // After claim-ttl (10m) the stale claim is resolved by looking for its run.
      for (const now of ['2026-11-23T10:16:00Z', '2026-11-23T10:21:00Z']) {
        const r = await s.tick(now);
        assert.equal(r.code, 0, r.stdout);
      }
      assert.equal(s.sim.runs.length, 1, 'exactly one run');
      const kinds = s.sim
        .comments(issue.number)
        .map((c) => /agent-scheduler:(\w+)/.exec(c.body)?.[1]);
      assert.equal(kinds.filter((k) => k === 'ack').length, 1, 'one acknowledgement');
      assert.ok(
        kinds.filter((k) => k === 'dispatched').length <= 1,
        'never two dispatched comments',
      );
      await s.close();
    });
  }
});
