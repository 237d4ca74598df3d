/**
 * A checker's identity, `<GITHUB_RUN_ID>.<GITHUB_RUN_ATTEMPT>` (SPEC §4): written on every claim,
 * relay lease and commit, and read back to ask "has that checker ended?".
 */
export interface CheckerId {
  runId: number;
  attempt: number;
}

export function parseChecker(checker: string | undefined): CheckerId | null {
  const m = /^(\d+)\.(\d+)$/.exec(checker ?? '');
  return m ? { runId: Number(m[1]), attempt: Number(m[2]) } : null;
}

/** `other` is an earlier attempt of the same run as `self` (the job was re-run): it has ended. */
export function isEarlierAttempt(other: string, self: string | undefined): boolean {
  const o = parseChecker(other);
  const s = parseChecker(self);
  return o !== null && s !== null && o.runId === s.runId && o.attempt < s.attempt;
}
