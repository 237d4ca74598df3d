/** Small readers of GitHub's issue object, for the tick that lists run-at issues. */
import type { IssueLike } from './types.js';

/** True for a pull request (the issues API lists them too): never a run-at request. */
export function isPullRequest(issue: Pick<IssueLike, 'pull_request'>): boolean {
  return issue.pull_request !== undefined && issue.pull_request !== null;
}

/** Label names, whether GitHub sent objects (`{ name }`) or plain strings. */
export function labelNames(issue: Pick<IssueLike, 'labels'>): string[] {
  return (issue.labels ?? [])
    .map((l) => (typeof l === 'string' ? l : (l?.name ?? '')))
    .filter((name) => name !== '');
}

/** Whether the issue carries `label` (GitHub compares label names case-insensitively). */
export function hasLabel(issue: Pick<IssueLike, 'labels'>, label: string): boolean {
  const wanted = label.toLowerCase();
  return labelNames(issue).some((name) => name.toLowerCase() === wanted);
}
