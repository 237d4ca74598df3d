/**
 * The relay's I/O (action input `relay`): take the lease on the state branch before the
 * lookahead window, hand it over at the window's end and dispatch this checker's own workflow as
 * its successor (`workflow_dispatch` on itself is allowed with the GITHUB_TOKEN). Every lease
 * change is a compare-and-swap commit; the decisions are in lease.ts.
 */
import { messageOf } from '../errors.js';
import type { DispatchResult, WorkflowRunSummary } from '../github/gateway.js';
import { cloneState } from '../plan/records.js';
import { relayCommitMessage } from '../report/commit-message.js';
import type { RelayLease, StateDocument } from '../state/document.js';
import type { StateSnapshot, StateStore, WriteResult } from '../state/store.js';
import { decideRelay, handOver, holderToCheck, type RelayTakeKind } from './lease.js';

/** Compare-and-swap attempts on the lease before giving up (another checker keeps winning). */
export const MAX_LEASE_ATTEMPTS = 5;

export interface RelayPort {
  getWorkflowRun(runId: number): Promise<WorkflowRunSummary | null>;
  dispatchWorkflow(
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<DispatchResult>;
}

export interface RelayContext {
  store: StateStore;
  gateway: RelayPort;
  /** This checker, `<run id>.<attempt>`. */
  checker: string;
  /** `lookahead`: how long the relay waits in its job. */
  windowMs: number;
  /** `claim-ttl`: grace before an unattended lease counts as abandoned. */
  ttlMs: number;
  /** Side files written with every state commit (the state branch's README). */
  sideFiles: (doc: StateDocument, now: Date) => Record<string, string>;
  log: (message: string) => void;
}

export type RelayStart =
  | {
      role: 'relay';
      kind: RelayTakeKind;
      reason: string;
      lease: RelayLease;
      /** The state as this step left it: the first tick starts from it (two reads saved). */
      snapshot?: StateSnapshot;
    }
  | {
      role: 'follower';
      reason: string;
      lease?: RelayLease;
      error?: string;
      snapshot?: StateSnapshot;
    };

/**
 * Takes the lease, or learns that another checker is the relay. Never throws. A dry run only
 * says what it would do.
 */
export async function takeRelay(
  ctx: RelayContext,
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<RelayStart> {
  let endedAsked: number | undefined;
  let holderEnded = false;
  try {
    for (let attempt = 1; attempt <= MAX_LEASE_ATTEMPTS; attempt++) {
      const snapshot = await ctx.store.read();
      const lease = snapshot.doc.relay;
      // A live lease held by another run: has that run ended without handing over? One call.
      const holderRun = holderToCheck(lease, ctx.checker, now);
      if (holderRun !== undefined && holderRun !== endedAsked) {
        endedAsked = holderRun;
        holderEnded = await runEnded(ctx, holderRun);
      }
      const decision = decideRelay({
        lease,
        checker: ctx.checker,
        now,
        windowMs: ctx.windowMs,
        ttlMs: ctx.ttlMs,
        holderEnded: holderRun !== undefined && holderEnded,
      });
      if (decision.role === 'follower') {
        ctx.log(`relay: following — ${decision.reason}`);
        return {
          role: 'follower',
          reason: decision.reason,
          ...(lease ? { lease } : {}),
          snapshot,
        };
      }
      if (options.dryRun) return { ...decision, snapshot };
      const { doc, written } = await writeLease(
        ctx,
        snapshot,
        decision.lease,
        now,
        `relay lease taken (${decision.kind})`,
        decision.reason,
      );
      if (written.ok) {
        ctx.log(
          `relay: lease taken (${decision.kind}: ${decision.reason}) until ${decision.lease.expiresAt}`,
        );
        return {
          ...decision,
          snapshot: {
            doc,
            head: written.head,
            // An unreadable state.json was replaced by this commit: the tick still reports it.
            ...(snapshot.readError ? { readError: snapshot.readError } : {}),
          },
        };
      }
      ctx.log('relay: the state branch moved while taking the lease; re-reading');
    }
    return {
      role: 'follower',
      reason: `the state branch changed ${MAX_LEASE_ATTEMPTS} times in a row while taking the lease; ticking once`,
    };
  } catch (error) {
    const message = `relay: could not take the lease: ${messageOf(error)}`;
    ctx.log(message);
    return { role: 'follower', reason: 'the lease could not be read or written', error: message };
  }
}

/** What the relay did in this job, for the summary and outputs. */
export interface RelayReport {
  start: RelayStart;
  /** Set when this checker was the relay and reached the end of its window. */
  end?: RelayEnd;
  /** The relay found its lease taken over during its window (and handed nothing over). */
  leaseLost?: boolean;
  dryRun: boolean;
  self?: SelfWorkflow;
}

export interface SelfWorkflow {
  /** The checker's workflow file name (from GITHUB_WORKFLOW_REF). */
  workflow: string;
  /** The branch or tag it runs on. */
  ref: string;
}

export type RelayEnd =
  | {
      handedOver: true;
      lease: RelayLease;
      successor?: DispatchResult;
      /** The successor could not be dispatched: the lease expires and cron restarts the relay. */
      error?: string;
    }
  | { handedOver: false; reason: string; error?: string };

/**
 * Hands the lease over, then dispatches the successor. The handover is written first, as a
 * claim is: a crash between the two leaves a lease that expires after `claim-ttl`, never a
 * second relay. The dispatch is not retried by the client (a 5xx may hide a created run); when
 * it fails, the next cron-started checker restarts the chain once the handover expires.
 */
export async function handOverRelay(
  ctx: RelayContext,
  now: Date,
  self: SelfWorkflow,
): Promise<RelayEnd> {
  let handed: RelayLease | undefined;
  try {
    for (let attempt = 1; attempt <= MAX_LEASE_ATTEMPTS && !handed; attempt++) {
      const snapshot = await ctx.store.read();
      const decision = handOver(snapshot.doc.relay, ctx.checker, now, ctx.ttlMs);
      if (!decision.ok) {
        ctx.log(`relay: not handing over — ${decision.reason}`);
        return { handedOver: false, reason: decision.reason };
      }
      const { written } = await writeLease(
        ctx,
        snapshot,
        decision.lease,
        now,
        'relay handed over',
        `dispatching ${self.workflow} on ${self.ref} as the successor; it must take the lease by ${decision.lease.expiresAt}`,
      );
      if (written.ok) handed = decision.lease;
    }
  } catch (error) {
    const message = `relay: could not hand over the lease: ${messageOf(error)}`;
    ctx.log(message);
    return { handedOver: false, reason: 'the lease could not be written', error: message };
  }
  if (!handed) {
    const reason = `the state branch changed ${MAX_LEASE_ATTEMPTS} times in a row while handing over`;
    return {
      handedOver: false,
      reason,
      error: `relay: ${reason}; the lease expires and the next checker restarts the relay`,
    };
  }
  ctx.log('relay: lease handed over'); // relay: crash tests kill here (before the successor)
  try {
    const successor = await ctx.gateway.dispatchWorkflow(self.workflow, self.ref, {});
    ctx.log(
      `relay: successor dispatched (${self.workflow} on ${self.ref}${successor.runId ? ` → run ${successor.runId}` : ''})`,
    );
    return { handedOver: true, lease: handed, successor };
  } catch (error) {
    const message = `relay: could not dispatch the successor (${self.workflow} on ${self.ref}): ${messageOf(error)}; the next checker restarts the relay after ${handed.expiresAt}`;
    ctx.log(message);
    return { handedOver: true, lease: handed, error: message };
  }
}

/** Whether a run is known to have completed; unknown (an error, a 404) counts as alive. */
async function runEnded(ctx: RelayContext, runId: number): Promise<boolean> {
  try {
    return (await ctx.gateway.getWorkflowRun(runId))?.status === 'completed';
  } catch (error) {
    ctx.log(
      `relay: could not read the relay's run ${runId} (${messageOf(error)}); taking it as alive`,
    );
    return false;
  }
}

/** The state as read, with `lease` in place: one compare-and-swap commit saying why. */
async function writeLease(
  ctx: RelayContext,
  snapshot: StateSnapshot,
  lease: RelayLease,
  now: Date,
  title: string,
  reason: string,
): Promise<{ doc: StateDocument; written: WriteResult }> {
  const doc: StateDocument = {
    ...cloneState(snapshot.doc),
    relay: lease,
    updatedAt: now.toISOString(),
    updatedBy: ctx.checker,
  };
  const message = relayCommitMessage(title, reason, now, ctx.checker);
  const written = await ctx.store.write(snapshot, doc, message, ctx.sideFiles(doc, now));
  return { doc, written };
}
