import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowLoader } from '../../../src/workflows/loader.js';
import { AGENT_WORKFLOW, makeTempDir, makeWorkspace } from '../schedules/helpers.js';

describe('WorkflowLoader', () => {
  test('finds a workflow by file name and reads its inputs', () => {
    const ws = makeWorkspace({
      workflows: { 'agent.yml': AGENT_WORKFLOW, 'ci.yaml': 'on: push\njobs: {}\n' },
    });
    const loader = new WorkflowLoader(ws);
    assert.deepEqual(loader.files(), ['agent.yml', 'ci.yaml']);
    const found = loader.get('agent.yml');
    assert.ok(found.ok);
    assert.equal(found.workflow.path, '.github/workflows/agent.yml');
    assert.equal(found.workflow.ref, 'agent.yml');
    assert.equal(found.workflow.acceptsScheduledRun, true);
    assert.deepEqual(Object.keys(found.workflow.inputs), ['prompt', 'scheduled-run', 'dry-run']);
    const ci = loader.get('ci.yaml');
    assert.ok(ci.ok);
    assert.equal(ci.workflow.dispatchable, false);
  });

  test('caches per loader: a file changed after the first read is not re-read', () => {
    const ws = makeWorkspace();
    const loader = new WorkflowLoader(ws);
    const first = loader.get('agent.yml');
    writeFileSync(join(ws, '.github/workflows/agent.yml'), 'on: push\n');
    assert.equal(loader.get('agent.yml'), first);
    const fresh = new WorkflowLoader(ws).get('agent.yml');
    assert.ok(fresh.ok);
    assert.equal(fresh.workflow.dispatchable, false);
  });

  test('a missing workflow names the directory, the nearest match and the available files', () => {
    const ws = makeWorkspace({
      workflows: { 'agent.yml': AGENT_WORKFLOW, 'ci.yml': 'on: push\n' },
    });
    const found = new WorkflowLoader(ws).get('agnet.yml');
    assert.equal(found.ok, false);
    assert.ok(!found.ok);
    assert.equal(found.message, 'workflow "agnet.yml" not found in .github/workflows');
    assert.equal(found.hint, 'did you mean `agent.yml`? available: agent.yml, ci.yml');
  });

  test('.yml vs .yaml: the other extension is suggested', () => {
    const ws = makeWorkspace({ workflows: { 'agent.yaml': AGENT_WORKFLOW } });
    const found = new WorkflowLoader(ws).get('agent.yml');
    assert.ok(!found.ok);
    assert.match(found.hint!, /^did you mean `agent.yaml`\?/);
  });

  test('no .github/workflows at all', () => {
    const ws = makeWorkspace({ workflows: {} });
    const found = new WorkflowLoader(ws).get('agent.yml');
    assert.ok(!found.ok);
    assert.equal(found.hint, 'there are no workflow files in .github/workflows');
  });

  test('a path instead of a file name', () => {
    const found = new WorkflowLoader(makeWorkspace()).get('.github/workflows/agent.yml');
    assert.ok(!found.ok);
    assert.equal(
      found.message,
      'workflow ".github/workflows/agent.yml" must be a file name in .github/workflows, not a path',
    );
    assert.equal(found.hint, 'write `workflow: agent.yml`');
  });

  test('a name without .yml suggests the file', () => {
    const found = new WorkflowLoader(makeWorkspace()).get('agent');
    assert.ok(!found.ok);
    assert.match(found.message, /neither a workflow file name/);
    assert.match(found.hint!, /did you mean `agent.yml`\?/);
  });

  test('a numeric workflow id: accepted, inputs unknown, noted', () => {
    const found = new WorkflowLoader(makeWorkspace()).get(123456);
    assert.ok(found.ok);
    assert.equal(found.workflow.ref, '123456');
    assert.equal(found.workflow.inputsKnown, false);
    assert.equal(found.workflow.acceptsScheduledRun, false);
    assert.equal(found.workflow.path, undefined);
    assert.match(found.note!, /numeric id: its inputs cannot be checked/);
  });

  test('a broken workflow file: the error names the workflow file, line and column', () => {
    const ws = makeWorkspace({
      workflows: { 'bad.yml': 'on:\n  workflow_dispatch:\n   inputs: [\n' },
    });
    const found = new WorkflowLoader(ws).get('bad.yml');
    assert.ok(!found.ok);
    assert.match(
      found.message,
      /^cannot use workflow \.github\/workflows\/bad\.yml: \.github\/workflows\/bad\.yml:\d+:\d+: YAML syntax: /,
    );
    assert.equal(found.details[0]?.source, '.github/workflows/bad.yml');
  });

  test('a symlinked workflow pointing outside the workspace is refused', () => {
    const outside = makeTempDir();
    writeFileSync(join(outside, 'evil.yml'), AGENT_WORKFLOW);
    const ws = makeWorkspace();
    symlinkSync(join(outside, 'evil.yml'), join(ws, '.github/workflows/evil.yml'));
    const found = new WorkflowLoader(ws).get('evil.yml');
    assert.ok(!found.ok);
    assert.equal(
      found.message,
      'cannot use workflow .github/workflows/evil.yml: symbolic link points outside the repository',
    );
  });

  test('a symlink inside the workspace is followed', () => {
    const ws = makeWorkspace({ files: { 'shared/agent.yml': AGENT_WORKFLOW }, workflows: {} });
    mkdirSync(join(ws, '.github/workflows'), { recursive: true });
    symlinkSync(join(ws, 'shared/agent.yml'), join(ws, '.github/workflows/agent.yml'));
    assert.equal(new WorkflowLoader(ws).get('agent.yml').ok, true);
  });

  test('a dangling symlink', () => {
    const ws = makeWorkspace();
    unlinkSync(join(ws, '.github/workflows/agent.yml'));
    symlinkSync(join(ws, 'nowhere.yml'), join(ws, '.github/workflows/agent.yml'));
    const found = new WorkflowLoader(ws).get('agent.yml');
    assert.ok(!found.ok);
    assert.match(found.message, /symbolic link points to a file that does not exist/);
  });
});
