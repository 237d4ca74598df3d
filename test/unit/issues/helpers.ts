/** Builders for run-at issue tests: issues from partial overrides, and a fake workflow loader. */
import type { IssueLike } from '../../../src/issues/types.js';
import type { ParseOptions, WorkflowSource } from '../../../src/issues/parse.js';
import type { WorkflowLookup } from '../../../src/workflows/loader.js';
import type { WorkflowInfo, WorkflowInput } from '../../../src/workflows/types.js';

export const CREATED = '2026-11-25T07:00:00Z';

export function makeIssue(overrides: Partial<IssueLike> = {}): IssueLike {
  return {
    number: 12,
    title: 'Check PR #123 later',
    body: '---\nrun-at: in 2h\nworkflow: agent.yml\n---\n',
    state: 'open',
    labels: [{ name: 'run-at' }],
    user: { login: 'octocat', type: 'User' },
    author_association: 'OWNER',
    created_at: CREATED,
    updated_at: CREATED,
    ...overrides,
  };
}

/** An issue whose body is `lines` joined with `\n`. */
export function bodyIssue(lines: string[] | string, overrides: Partial<IssueLike> = {}): IssueLike {
  return makeIssue({ body: Array.isArray(lines) ? lines.join('\n') : lines, ...overrides });
}

function workflow(
  ref: string,
  inputs: Record<string, WorkflowInput>,
  extra: Partial<WorkflowInfo> = {},
): WorkflowInfo {
  const declared = Object.create(null) as Record<string, WorkflowInput>;
  Object.assign(declared, inputs);
  return {
    ref,
    path: `.github/workflows/${ref}`,
    dispatchable: true,
    inputsKnown: true,
    inputs: declared,
    acceptsScheduledRun: Object.hasOwn(declared, 'scheduled-run'),
    ...extra,
  };
}

/** `agent.yml` (prompt required, model choice, dry boolean, count number, scheduled-run), `plain.yml` (no inputs), `push-only.yml` (not dispatchable). */
export const WORKFLOWS: Record<string, WorkflowInfo> = {
  'agent.yml': workflow('agent.yml', {
    prompt: { type: 'string', required: false },
    model: { type: 'choice', required: false, options: ['small', 'large'], default: 'small' },
    dry: { type: 'boolean', required: false, default: 'false' },
    count: { type: 'number', required: false },
    'scheduled-run': { type: 'string', required: false },
  }),
  'plain.yml': workflow('plain.yml', {}),
  'needs-prompt.yml': workflow('needs-prompt.yml', { prompt: { type: 'string', required: true } }),
  'push-only.yml': workflow('push-only.yml', {}, { dispatchable: false }),
};

export const fakeWorkflows: WorkflowSource = {
  get(ref: string): WorkflowLookup {
    const found = Object.hasOwn(WORKFLOWS, ref) ? WORKFLOWS[ref] : undefined;
    if (found) return { ok: true, workflow: found };
    return {
      ok: false,
      message: `workflow "${ref}" not found in .github/workflows`,
      hint: `available: ${Object.keys(WORKFLOWS).join(', ')}`,
      details: [],
    };
  },
};

export const OPTIONS: ParseOptions = {
  defaultTimezone: 'UTC',
  workflows: fakeWorkflows,
};
