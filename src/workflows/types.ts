/** What we know about a target workflow from its file in `.github/workflows/` (SPEC §1, §5). */

export type WorkflowInputType = 'string' | 'boolean' | 'choice' | 'number' | 'environment';

export const WORKFLOW_INPUT_TYPES: readonly WorkflowInputType[] = [
  'string',
  'boolean',
  'choice',
  'number',
  'environment',
];

/** One `on.workflow_dispatch.inputs.<name>` declaration. */
export interface WorkflowInput {
  type: WorkflowInputType;
  required: boolean;
  /** As a dispatch would send it (`true`, `3`, `main`); undefined when none is declared. */
  default?: string;
  /** For `choice`. */
  options?: string[];
  description?: string;
}

export interface WorkflowInfo {
  /** What the schedule or issue wrote: a file name (`agent.yml`) or a numeric workflow id. */
  ref: string;
  /** Repository-relative path (`.github/workflows/agent.yml`); undefined for a numeric id. */
  path?: string;
  /** The workflow's `name:`, when it has one. */
  name?: string;
  /** Whether `on:` includes `workflow_dispatch` (always assumed for a numeric id). */
  dispatchable: boolean;
  /**
   * False for a numeric workflow id: without an API call we cannot read its file, so any
   * (well-formed) inputs are accepted and `scheduled-run` is not sent.
   */
  inputsKnown: boolean;
  /** Declared inputs, by name. A null-prototype record: look names up with `Object.hasOwn`. */
  inputs: Record<string, WorkflowInput>;
  /** Whether it declares the reserved `scheduled-run` input (SPEC §5). */
  acceptsScheduledRun: boolean;
}

/**
 * A workflow whose file cannot be read from here (a numeric id, or the CLI far from the
 * checkout): dispatchable, any well-formed inputs accepted, `scheduled-run` not sent.
 */
export function unreadableWorkflow(ref: string): WorkflowInfo {
  return {
    ref,
    dispatchable: true,
    inputsKnown: false,
    inputs: Object.create(null) as WorkflowInfo['inputs'],
    acceptsScheduledRun: false,
  };
}

/** The input the Action fills with the occurrence's identity (SPEC §5); users never set it. */
export const SCHEDULED_RUN_INPUT = 'scheduled-run';
/** GitHub's limit on top-level inputs per dispatch. */
export const MAX_DISPATCH_INPUTS = 25;
/** GitHub's limit on the input payload per dispatch, in characters. */
export const MAX_DISPATCH_PAYLOAD = 65_535;
/**
 * Characters set aside for the `scheduled-run` value when the target declares it:
 * `{"id":"schedule:<name>@<iso>#<n>","source":"schedule:<name>","scheduled_for":"<iso>","attempt":<n>}`
 * with its JSON quoting, for names up to ~80 characters.
 */
export const SCHEDULED_RUN_RESERVE = 512;
