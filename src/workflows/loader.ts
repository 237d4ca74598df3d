/**
 * Finds and reads target workflows in the checkout (`GITHUB_WORKSPACE`): no API calls. One
 * loader per tick: every workflow file is read and parsed at most once.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigError } from '../errors.js';
import { isInside, readWorkspaceText, tryRealpath } from '../schedules/files.js';
import { didYouMean, listOf } from '../schedules/suggest.js';
import { DEFAULT_YAML_LIMITS } from '../schedules/yaml.js';
import { parseWorkflowText } from './parse.js';
import { unreadableWorkflow, type WorkflowInfo } from './types.js';

export const WORKFLOWS_DIR = '.github/workflows';

export type WorkflowLookup =
  | {
      ok: true;
      workflow: WorkflowInfo;
      /** Something worth telling the user that is not an error (a numeric id, say). */
      note?: string;
    }
  | {
      ok: false;
      /** One line, for an error on the `workflow:` value that referenced it. */
      message: string;
      hint?: string;
      /** Errors inside the workflow file itself (with its own path, line and column). */
      details: ConfigError[];
    };

export class WorkflowLoader {
  private readonly cache = new Map<string, WorkflowLookup>();
  private listing: string[] | undefined;
  private readonly workspaceReal: string | undefined;

  constructor(
    readonly workspace: string,
    readonly dir: string = WORKFLOWS_DIR,
  ) {
    this.workspaceReal = tryRealpath(workspace);
  }

  /** Workflow file names (`*.yml`, `*.yaml`) in `.github/workflows`, sorted. */
  files(): string[] {
    if (this.listing) return this.listing;
    const abs = join(this.workspace, this.dir);
    const real = tryRealpath(abs);
    let names: string[] = [];
    if (
      real !== undefined &&
      this.workspaceReal !== undefined &&
      isInside(this.workspaceReal, real)
    ) {
      try {
        names = readdirSync(real).filter((n) => /\.ya?ml$/.test(n));
      } catch {
        names = [];
      }
    }
    this.listing = names.sort();
    return this.listing;
  }

  /** Looks up a workflow by file name (`agent.yml`) or numeric id (`1234567`). Cached. */
  get(ref: string | number): WorkflowLookup {
    const key = String(ref).trim();
    let found = this.cache.get(key);
    if (!found) {
      found = this.lookup(key);
      this.cache.set(key, found);
    }
    return found;
  }

  private lookup(ref: string): WorkflowLookup {
    const fail = (message: string, hint?: string, details: ConfigError[] = []): WorkflowLookup => ({
      ok: false,
      message,
      hint,
      details,
    });
    if (ref === '')
      return fail('workflow is empty', 'name a file in .github/workflows, e.g. `agent.yml`');
    if (/^[0-9]+$/.test(ref)) {
      return {
        ok: true,
        workflow: unreadableWorkflow(ref),
        note: `workflow ${ref} is a numeric id: its inputs cannot be checked from the checkout, and \`scheduled-run\` is not sent`,
      };
    }
    const files = this.files();
    const available =
      files.length > 0
        ? `available: ${listOf(files)}`
        : `there are no workflow files in ${this.dir}`;
    if (/[/\\]/.test(ref)) {
      const base = ref.split(/[/\\]/).pop() ?? ref;
      return fail(
        `workflow "${ref}" must be a file name in ${this.dir}, not a path`,
        `write \`workflow: ${base}\``,
      );
    }
    if (!/\.ya?ml$/.test(ref)) {
      const suggestion = didYouMean(ref, files) ?? didYouMean(`${ref}.yml`, files);
      return fail(
        `workflow "${ref}" is neither a workflow file name (ending in .yml or .yaml) nor a numeric workflow id`,
        [suggestion, available].filter(Boolean).join(' '),
      );
    }
    if (!files.includes(ref)) {
      const suggestion = didYouMean(ref, files);
      return fail(
        `workflow "${ref}" not found in ${this.dir}`,
        [suggestion, available].filter(Boolean).join(' '),
      );
    }
    const path = `${this.dir}/${ref}`;
    if (this.workspaceReal === undefined) return fail(`cannot read ${path}: workspace not found`);
    const read = readWorkspaceText(
      this.workspaceReal,
      join(this.workspace, this.dir, ref),
      path,
      DEFAULT_YAML_LIMITS.maxBytes,
    );
    if (read.kind === 'skip') return fail(`workflow "${ref}" is a directory, not a file`);
    if (read.kind === 'error') {
      return fail(`cannot use workflow ${path}: ${read.error.message}`, read.error.hint, [
        read.error,
      ]);
    }
    const parsed = parseWorkflowText(read.text, path, ref);
    if (!parsed.workflow || parsed.errors.length > 0) {
      const first = parsed.errors[0];
      return fail(
        `cannot use workflow ${path}: ${first ? first.format() : 'it could not be read'}`,
        'fix the workflow file first (GitHub would reject it too)',
        parsed.errors,
      );
    }
    return { ok: true, workflow: parsed.workflow };
  }
}
