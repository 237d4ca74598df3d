/**
 * Who may schedule a run (SPEC §2). Anyone can open an issue that a template labels `run-at`,
 * so the label proves nothing: only the author's relation to the repository, or an explicit
 * `trusted-authors` entry, does.
 */
import type { IssueLike } from './types.js';

/** Associations GitHub gives people with write access (or more) to the repository. */
export const TRUSTED_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/** The action's `trusted-authors` default: runs that workflows open with `GITHUB_TOKEN`. */
export const DEFAULT_TRUSTED_AUTHORS: readonly string[] = ['github-actions[bot]'];

export interface TrustDecision {
  trusted: boolean;
  /** One sentence for logs, the job summary and the untrusted comment. */
  reason: string;
}

/** `@octocat`, `Octocat ` → `octocat`: how logins are compared. */
export function normalizeLogin(login: string): string {
  return login.trim().replace(/^@/, '').toLowerCase();
}

/**
 * Trusted when the author is an owner, member or collaborator, or their login is in
 * `trustedAuthors` (case-insensitive, exact: `renovate` does not admit `renovate[bot]`).
 * Everything else — CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE, a
 * deleted account, an association we do not know — is untrusted.
 */
export function isTrusted(
  issue: Pick<IssueLike, 'user' | 'author_association'>,
  trustedAuthors: readonly string[] = DEFAULT_TRUSTED_AUTHORS,
): TrustDecision {
  const login = issue.user?.login;
  const association = String(issue.author_association ?? 'NONE').toUpperCase();
  if (login === undefined || login === null || login.trim() === '') {
    return {
      trusted: false,
      reason: "the issue's author is unknown (a deleted account), so it cannot be trusted",
    };
  }
  if (TRUSTED_ASSOCIATIONS.includes(association)) {
    return {
      trusted: true,
      reason: `${login} is ${article(association)} ${association.toLowerCase()} of the repository`,
    };
  }
  const wanted = normalizeLogin(login);
  if (trustedAuthors.some((a) => normalizeLogin(a) === wanted)) {
    return { trusted: true, reason: `${login} is listed in trusted-authors` };
  }
  return {
    trusted: false,
    reason: `${login} is not an owner, member or collaborator of the repository (author association: ${association}) and is not listed in trusted-authors`,
  };
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? 'an' : 'a';
}
