/** Corrected examples, shared by error hints and the comments that explain them. */

/** The request keys of a run-at issue (SPEC §2), in the order the docs list them. */
export const REQUEST_KEYS = [
  'run-at',
  'cron',
  'workflow',
  'ref',
  'timezone',
  'retries',
  'retry-delay',
  'timeout',
  'inputs',
] as const;

export type RequestKey = (typeof REQUEST_KEYS)[number];

export function isRequestKey(key: string): key is RequestKey {
  return (REQUEST_KEYS as readonly string[]).includes(key);
}

/** A value that is right for each key, for `write \`key: value\`` hints. */
export const EXAMPLE_VALUES: Record<RequestKey, string> = {
  'run-at': 'in 2h',
  cron: '"0 9 * * 1-5"',
  workflow: 'agent.yml',
  ref: 'main',
  timezone: 'Europe/Paris',
  retries: '2',
  'retry-delay': '10m',
  timeout: '2h',
  inputs: '{ prompt: "Check whether PR #123 is green and merge it" }',
};

/** The labels of the issue form's fields (`.github/ISSUE_TEMPLATE/run-at.yml`). */
export const FORM_LABELS: Record<RequestKey, string> = {
  'run-at': 'Run at',
  cron: 'Cron',
  workflow: 'Workflow',
  ref: 'Ref',
  timezone: 'Timezone',
  retries: 'Retries',
  'retry-delay': 'Retry delay',
  timeout: 'Timeout',
  inputs: 'Inputs',
};

/** A complete, valid body: what the comment shows under "A valid request looks like this". */
export const FRONT_MATTER_EXAMPLE = [
  '---',
  'run-at: in 2h                 # or 2026-11-25T09:00:00Z, or 2026-11-25 09:00 with timezone:',
  'workflow: agent.yml           # a file in .github/workflows',
  'inputs:',
  '  prompt: Check whether PR #123 is green and merge it',
  '---',
  'Anything below the second `---` is free text for people.',
].join('\n');

export const RECURRING_EXAMPLE = [
  '---',
  'cron: "0 9 * * 1-5"           # recurring until the issue is closed',
  'timezone: Europe/Paris',
  'workflow: agent.yml',
  '---',
].join('\n');

/** The same request as the issue form writes it. */
export const FORM_EXAMPLE = [
  '### Run at',
  '',
  'in 2h',
  '',
  '### Workflow',
  '',
  'agent.yml',
  '',
  '### Inputs',
  '',
  '```yaml',
  'prompt: Check whether PR #123 is green and merge it',
  '```',
].join('\n');

/** `` `run-at: in 2h` `` (front matter) or `` `in 2h` in the “Run at” field `` (issue form). */
export function keyExample(
  format: 'front-matter' | 'form',
  key: RequestKey,
  value?: string,
): string {
  const v = value ?? EXAMPLE_VALUES[key];
  return format === 'form' ? `\`${v}\` in the "${FORM_LABELS[key]}" field` : `\`${key}: ${v}\``;
}
