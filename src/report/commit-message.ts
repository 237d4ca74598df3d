/**
 * The state branch's history is the audit log: each commit says what its tick did, in words,
 * and carries the checker's identity (so two checkers never write byte-identical commits).
 */
import type { Plan } from '../plan/types.js';
import type { DispatchOutcome } from './outcome.js';

export function claimCommitMessage(
  plan: Plan,
  now: Date,
  checker: string,
  notes: string[] = [],
): string {
  const lines = plan.dispatches.map((d) => `- claim ${d.occurrence.id}`);
  return compose(
    plan.dispatches.length > 0
      ? `claim ${count(plan.dispatches.length, 'occurrence')} at ${iso(now)}`
      : `tick at ${iso(now)}`,
    [...lines, ...skipLines(plan), ...newEntryLines(plan), ...notes.map((n) => `- ${n}`)],
    checker,
  );
}

export function recordCommitMessage(
  outcomes: DispatchOutcome[],
  now: Date,
  checker: string,
): string {
  const ok = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - ok;
  const lines = outcomes.map((o) =>
    o.ok
      ? `- dispatched ${o.dispatch.occurrence.id}${o.runId ? ` → run ${o.runId}` : ''}`
      : `- dispatch failed ${o.dispatch.occurrence.id}: ${o.error ?? 'unknown error'}`,
  );
  const head = [`dispatched ${ok}`, failed ? `failed ${failed}` : ''].filter(Boolean).join(', ');
  return compose(`${head} at ${iso(now)}`, lines, checker);
}

function skipLines(plan: Plan): string[] {
  return plan.skips.map(
    (s) =>
      `- skipped ${s.source}@${iso(s.scheduledFor)}${s.count > 1 ? ` (and ${s.count - 1} earlier)` : ''}: ${s.reason}`,
  );
}

function newEntryLines(plan: Plan): string[] {
  return (plan.started ?? []).map((s) => `- ${s}`);
}

function compose(title: string, lines: string[], checker: string): string {
  const body =
    lines.length > 60 ? [...lines.slice(0, 60), `- … and ${lines.length - 60} more`] : lines;
  return `agent-scheduler: ${title}\n\n${[...body, '', `Checker: ${checker}`].join('\n')}\n`;
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A relay lease change (taken, handed over): the audit log says who and why. */
export function relayCommitMessage(
  title: string,
  reason: string,
  now: Date,
  checker: string,
): string {
  return compose(`${title} at ${iso(now)}`, [`- ${reason}`], checker);
}
