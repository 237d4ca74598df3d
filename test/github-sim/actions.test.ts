import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitHubSimulator } from './index.js';
import { restClient } from './clients.js';

const owner = 'acme';
const repo = 'widgets';

async function withSim(fn: (sim: GitHubSimulator) => Promise<void>) {
  const sim = await GitHubSimulator.start({
    owner,
    repo,
    defaultBranch: 'main',
    now: new Date('2026-11-24T18:00:00Z'),
  });
  try {
    await fn(sim);
    assert.deepEqual(sim.mismatches, [], 'no OpenAPI mismatches');
    assert.deepEqual(sim.unknownRoutes, [], 'no unknown routes');
  } finally {
    await sim.stop();
  }
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

function message(error: unknown): string | undefined {
  return (error as { response?: { data?: { message?: string } } }).response?.data?.message;
}

type DispatchParams = Parameters<
  ReturnType<typeof restClient>['rest']['actions']['createWorkflowDispatch']
>[0];

test('dispatch, mode "details": 200 with {workflow_run_id, run_url, html_url} when asked, 204 otherwise', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const wf = sim.addWorkflow({
      path: '.github/workflows/agent.yml',
      name: 'Agent',
      inputs: ['prompt', 'scheduled-run'],
    });
    const scheduled = JSON.stringify({
      id: 'schedule:nightly@2026-11-24T18:00:00Z#1',
      source: 'schedule:nightly',
      scheduled_for: '2026-11-24T18:00:00Z',
      attempt: 1,
    });
    const res = await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'agent.yml',
      ref: 'main',
      inputs: { prompt: 'hello', 'scheduled-run': scheduled },
      return_run_details: true,
    } as DispatchParams);
    assert.equal(res.status as number, 200);
    const data = res.data as unknown as {
      workflow_run_id: number;
      run_url: string;
      html_url: string;
    };
    const run = sim.runs[0];
    assert.ok(run);
    assert.equal(data.workflow_run_id, run.id);
    assert.equal(data.run_url, `${sim.url}/repos/acme/widgets/actions/runs/${run.id}`);
    assert.equal(data.html_url, `https://github.com/acme/widgets/actions/runs/${run.id}`);
    assert.equal(run.status, 'queued');
    assert.equal(run.conclusion, null);
    assert.equal(run.event, 'workflow_dispatch');
    assert.equal(run.display_title, scheduled);
    assert.equal(run.head_branch, 'main');
    assert.equal(run.head_sha, sim.branchHead('main'));
    assert.equal(run.workflow_id, wf.id);
    assert.equal(run.actor, 'github-actions[bot]');
    assert.equal(run.run_attempt, 1);
    assert.equal(run.created_at, '2026-11-24T18:00:00Z');
    assert.deepEqual(run.inputs, { prompt: 'hello', 'scheduled-run': scheduled });

    const plain = await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: wf.id,
      ref: 'main',
      inputs: { prompt: 'x' },
    });
    assert.equal(plain.status, 204);
    assert.equal(
      sim.runs[1]?.display_title,
      'Agent',
      'without scheduled-run the title is the workflow name',
    );
    assert.equal(sim.runs[1]?.run_number, 2);
    assert.deepEqual(
      sim.dispatches.map((d) => [d.workflowId, d.ref, d.returnRunDetails]),
      [
        [wf.id, 'main', true],
        [wf.id, 'main', undefined],
      ],
    );
  });
});

test('dispatch, mode "no-content": the field is ignored, always 204, the run is still created', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({ path: 'agent.yml', name: 'Agent' });
    sim.setDispatchMode('no-content');
    const res = await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'agent.yml',
      ref: 'main',
      return_run_details: true,
    } as DispatchParams);
    assert.equal(res.status, 204);
    assert.equal(sim.runs.length, 1);
  });
});

test('dispatch, mode "reject-field": 422 (or 400) naming return_run_details; without the field it works', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({ path: 'agent.yml', name: 'Agent' });
    sim.setDispatchMode('reject-field');
    await assert.rejects(
      o.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: 'agent.yml',
        ref: 'main',
        return_run_details: true,
      } as DispatchParams),
      (e) => status(e) === 422 && /return_run_details/.test(message(e) ?? ''),
    );
    sim.setDispatchMode('reject-field', { rejectStatus: 400 });
    await assert.rejects(
      o.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: 'agent.yml',
        ref: 'main',
        return_run_details: false,
      } as DispatchParams),
      (e) => status(e) === 400,
    );
    assert.equal(sim.runs.length, 0);
    const res = await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'agent.yml',
      ref: 'main',
    });
    assert.equal(res.status, 204);
    assert.equal(sim.runs.length, 1);
  });
});

test('dispatch errors: 404 unknown workflow; 422 no trigger, unknown ref, undeclared inputs, >25 inputs, required, choice', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({
      path: 'agent.yml',
      name: 'Agent',
      inputs: { prompt: { required: true }, mode: { type: 'choice', options: ['a', 'b'] } },
    });
    sim.addWorkflow({ path: 'ci.yml', name: 'CI', dispatchable: false });
    sim.writeBranchFiles('feature', { 'x.txt': 'x' });
    const dispatch = (workflow_id: string, ref: string, inputs?: Record<string, string>) =>
      o.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id, ref, inputs });

    await assert.rejects(dispatch('nope.yml', 'main'), (e) => status(e) === 404);
    await assert.rejects(
      dispatch('ci.yml', 'main'),
      (e) =>
        status(e) === 422 && message(e) === "Workflow does not have 'workflow_dispatch' trigger",
    );
    await assert.rejects(
      dispatch('agent.yml', 'nope', { prompt: 'p' }),
      (e) => status(e) === 422 && message(e) === 'No ref found for: nope',
    );
    await assert.rejects(
      dispatch('agent.yml', 'main', { prompt: 'p', x: '1', y: '2' }),
      (e) => status(e) === 422 && message(e) === 'Unexpected inputs provided: ["x","y"]',
    );
    await assert.rejects(
      dispatch('agent.yml', 'main', {}),
      (e) => status(e) === 422 && /Required input 'prompt'/.test(message(e) ?? ''),
    );
    await assert.rejects(
      dispatch('agent.yml', 'main', { prompt: 'p', mode: 'c' }),
      (e) => status(e) === 422 && /allowed values/.test(message(e) ?? ''),
    );
    assert.equal(sim.runs.length, 0);
    assert.equal(sim.mismatches.length, 0);

    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`in${i}`, 'v']));
    await assert.rejects(dispatch('agent.yml', 'main', many), (e) => status(e) === 422);
    // The request broke the documented `maxProperties: 25`, and the validator says so.
    assert.equal(sim.mismatches.length, 1);
    assert.equal(sim.mismatches[0]?.direction, 'request');
    assert.match(sim.mismatches[0]?.errors.join('\n') ?? '', /25/);
    sim.resetMismatches();

    await dispatch('agent.yml', 'feature', { prompt: 'p', mode: 'b' });
    assert.equal(sim.runs[0]?.head_branch, 'feature');
    assert.equal(sim.runs[0]?.head_sha, sim.branchHead('feature'));
  });
});

test('runs: list filters (event, status, created, branch, actor), pagination, get, cancel, workflows', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    const agent = sim.addWorkflow({
      path: '.github/workflows/agent.yml',
      name: 'Agent',
      inputs: ['prompt'],
    });
    const other = sim.addWorkflow({ path: '.github/workflows/other.yml', name: 'Other' });
    sim.writeBranchFiles('dev', { 'dev.txt': 'd' });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      sim.setNow(new Date(Date.UTC(2026, 10, 24, 18, i * 10)));
      await o.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: 'agent.yml',
        ref: i === 4 ? 'dev' : 'main',
        inputs: { prompt: String(i) },
      });
      ids.push(sim.runs.at(-1)?.id as number);
    }
    await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'other.yml',
      ref: 'main',
    });
    sim.startRun(ids[1] as number);
    sim.completeRun(ids[0] as number, 'failure');
    sim.completeRun(ids[2] as number);

    const list = async (params: Record<string, string | number>) =>
      (await o.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: 'agent.yml', ...params }))
        .data;
    const all = await list({});
    assert.equal(all.total_count, 5);
    assert.deepEqual(
      all.workflow_runs.map((r) => r.id),
      [...ids].reverse(),
      'newest first',
    );
    assert.deepEqual(
      (await list({ status: 'completed' })).workflow_runs.map((r) => r.id),
      [ids[2], ids[0]],
    );
    assert.deepEqual(
      (await list({ status: 'failure' })).workflow_runs.map((r) => r.id),
      [ids[0]],
    );
    assert.deepEqual(
      (await list({ status: 'in_progress' })).workflow_runs.map((r) => r.id),
      [ids[1]],
    );
    assert.deepEqual(
      (await list({ status: 'queued' })).workflow_runs.map((r) => r.id),
      [ids[4], ids[3]],
    );
    assert.deepEqual(
      (await list({ created: '>=2026-11-24T18:30:00Z' })).workflow_runs.map((r) => r.id),
      [ids[4], ids[3]],
    );
    assert.deepEqual(
      (await list({ created: '2026-11-24T18:10:00Z..2026-11-24T18:20:00Z' })).workflow_runs.map(
        (r) => r.id,
      ),
      [ids[2], ids[1]],
    );
    assert.equal((await list({ created: '2026-11-24' })).total_count, 5);
    assert.equal((await list({ created: '<2026-11-24T18:00:00Z' })).total_count, 0);
    assert.deepEqual(
      (await list({ branch: 'dev' })).workflow_runs.map((r) => r.id),
      [ids[4]],
    );
    assert.equal((await list({ event: 'push' })).total_count, 0);
    assert.equal(
      (await list({ event: 'workflow_dispatch', actor: 'github-actions[bot]' })).total_count,
      5,
    );
    assert.equal((await list({ actor: 'someone' })).total_count, 0);

    const page = await o.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: agent.id,
      per_page: 2,
      page: 1,
    });
    assert.equal(page.data.workflow_runs.length, 2);
    assert.match(String(page.headers.link), /rel="next".*rel="last"/);
    const paged = await o.paginate(o.rest.actions.listWorkflowRuns, {
      owner,
      repo,
      workflow_id: 'agent.yml',
      per_page: 2,
    });
    assert.equal(paged.length, 5);

    const repoRuns = await o.rest.actions.listWorkflowRunsForRepo({ owner, repo });
    assert.equal(repoRuns.data.total_count, 6);
    assert.ok(repoRuns.data.workflow_runs.some((r) => r.workflow_id === other.id));

    const one = await o.rest.actions.getWorkflowRun({ owner, repo, run_id: ids[1] as number });
    assert.equal(one.data.status, 'in_progress');
    assert.equal(one.data.head_branch, 'main');
    assert.equal(one.data.path, '.github/workflows/agent.yml');
    await assert.rejects(
      o.rest.actions.getWorkflowRun({ owner, repo, run_id: 1 }),
      (e) => status(e) === 404,
    );

    const cancel = await o.rest.actions.cancelWorkflowRun({
      owner,
      repo,
      run_id: ids[1] as number,
    });
    assert.equal(cancel.status, 202);
    assert.equal(sim.runs.find((r) => r.id === ids[1])?.conclusion, 'cancelled');
    await assert.rejects(
      o.rest.actions.cancelWorkflowRun({ owner, repo, run_id: ids[2] as number }),
      (e) => status(e) === 409,
    );

    const workflows = await o.rest.actions.listRepoWorkflows({ owner, repo });
    assert.deepEqual(
      workflows.data.workflows.map((w) => [w.id, w.name, w.path, w.state]),
      [
        [agent.id, 'Agent', '.github/workflows/agent.yml', 'active'],
        [other.id, 'Other', '.github/workflows/other.yml', 'active'],
      ],
    );
    const byName = await o.rest.actions.getWorkflow({ owner, repo, workflow_id: 'other.yml' });
    assert.equal(byName.data.id, other.id);
    await assert.rejects(
      o.rest.actions.getWorkflow({ owner, repo, workflow_id: 'x.yml' }),
      (e) => status(e) === 404,
    );
  });
});

test('runs can appear late (eventual consistency) and titles can follow a custom run-name', async () => {
  await withSim(async (sim) => {
    const o = restClient(sim);
    sim.addWorkflow({
      path: 'agent.yml',
      name: 'Agent',
      inputs: ['scheduled-run'],
      runName: (inputs) => `Agent ${String(JSON.parse(String(inputs['scheduled-run'])).id)}`,
    });
    sim.setRunVisibilityDelay(5000);
    await o.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'agent.yml',
      ref: 'main',
      inputs: { 'scheduled-run': '{"id":"schedule:a@t#1"}' },
    });
    assert.equal(
      (await o.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: 'agent.yml' })).data
        .total_count,
      0,
    );
    sim.advance(5000);
    const runs = (await o.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: 'agent.yml' }))
      .data.workflow_runs;
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.display_title, 'Agent schedule:a@t#1');
  });
});
