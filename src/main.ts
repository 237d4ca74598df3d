/**
 * run(): one tick of the checker — load → plan → act → record → report. Owns the single
 * try/catch that turns anything thrown into a failed step with one clear message.
 */
import * as core from '@actions/core';
import { ConfigError } from './errors.js';
import { createClient } from './github/client.js';
import { GitHubGateway } from './github/gateway.js';
import { readSettings } from './inputs.js';
import { annotate } from './report/annotations.js';
import { computeOutputs, errorCount } from './report/outputs.js';
import { renderSummary } from './report/summary.js';
import { loadSchedules } from './schedules/index.js';
import { StateStore, type StateSnapshot } from './state/store.js';
import { WorkflowLoader } from './workflows/index.js';
import { runTick } from './tick.js';
import { validateOnly } from './validate.js';
import { systemClock, virtualClock } from './clock.js';
import { mergeOutcomes, tickWithLookahead } from './lookahead.js';
import type { TickOutcome } from './report/outcome.js';
import type { RelayReport } from './relay/index.js';
import { runRelayJob } from './relay/job.js';
import { scheduleToPlannable } from './plan/index.js';
import { renderStateReadme } from './report/history.js';
import { renderRelaySection } from './report/relay.js';

/** A pass that did and found nothing new (a relay's poll). */
function isQuiet(pass: TickOutcome): boolean {
  return (
    pass.dispatched.length === 0 &&
    pass.plan.skips.length === 0 &&
    pass.runtimeErrors.length === 0 &&
    pass.commits.length === 0 &&
    pass.comments === 0
  );
}

export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    // One loader per tick: each target workflow file is read and parsed once.
    const workflows = new WorkflowLoader(settings.workspace);
    const loaded = loadSchedules({
      workspace: settings.workspace,
      dir: settings.schedulesDir,
      defaultTimezone: settings.timezone,
      workflows,
    });

    // Validate mode works without a token (files only); with one it also reads the queue.
    const gateway = settings.token
      ? new GitHubGateway(
          createClient({
            token: settings.token,
            baseUrl: settings.apiUrl,
            log: (m) => core.info(m),
            timeScaleMs: settings.httpTimeScaleMs,
          }),
          settings.owner,
          settings.repo,
        )
      : undefined;
    let outcome: TickOutcome;
    let passes: TickOutcome[];
    let relay: RelayReport | undefined;
    if (settings.mode === 'validate') {
      outcome = await validateOnly(settings, loaded.schedules, loaded.errors, workflows, gateway);
      passes = [outcome];
    } else {
      if (!gateway) {
        throw new ConfigError({
          source: 'input token',
          message: 'no token: the tick needs one to dispatch workflows and write state',
          hint: 'pass `token: ${{ github.token }}` (the default) or a PAT',
        });
      }
      const log = (m: string) => core.info(m);
      const tickInput = {
        settings,
        gateway,
        store: new StateStore(gateway, settings.stateBranch),
        schedules: loaded.schedules,
        configErrors: loaded.errors,
        invalidNames: loaded.invalidNames,
        workflows,
        log,
      };
      const clock = settings.clockPinned ? virtualClock(settings.now) : systemClock();
      // A tick per pass; the first may start from state this job already read.
      const tickFrom = (initial?: StateSnapshot) => {
        let first = initial;
        return (now: Date) => {
          const pass = runTick({
            ...tickInput,
            settings: { ...settings, now },
            ...(first ? { initialSnapshot: first } : {}),
          });
          first = undefined;
          return pass;
        };
      };
      if (settings.relay && settings.self) {
        // Relay: the lease decides whether this checker is the one that waits (and hands
        // over to its successor) or a follower that ticks once and leaves.
        const schedulePlannables = loaded.schedules.map(scheduleToPlannable);
        const job = await runRelayJob({
          context: {
            store: tickInput.store,
            gateway,
            checker: settings.checker,
            windowMs: settings.lookaheadMs,
            ttlMs: settings.claimTtlMs,
            sideFiles: (doc, now) => ({
              'README.md': renderStateReadme(doc, now, { plannables: schedulePlannables }),
            }),
            log,
          },
          self: settings.self,
          dryRun: settings.dryRun,
          clock,
          tickFrom,
        });
        relay = job.report;
        outcome = mergeOutcomes(job.passes);
        outcome = { ...outcome, runtimeErrors: [...outcome.runtimeErrors, ...job.errors] };
        passes = job.passes;
      } else {
        passes = (await tickWithLookahead(settings.lookaheadMs, clock, tickFrom(), log)).outcomes;
        outcome = mergeOutcomes(passes);
      }
    }

    annotate(outcome.configErrors);
    for (const e of outcome.runtimeErrors) core.error(e);
    for (const d of outcome.dispatched.filter((x) => !x.ok))
      core.error(d.error ?? 'dispatch failed');
    for (const [name, value] of Object.entries(computeOutputs(outcome)))
      core.setOutput(name, value);
    core.setOutput('relay-role', relay ? relay.start.role : '');
    // One section per pass (lookahead ticks again at each due second); a relay's quiet polls
    // add nothing to say.
    const sections = passes
      .filter((pass, i) => i === 0 || !isQuiet(pass))
      .map((pass) =>
        renderSummary({
          outcome: pass,
          schedules: loaded.schedules,
          ...(pass.plannables ? { plannables: pass.plannables } : {}),
          ...(pass.inFlight ? { inFlight: pass.inFlight } : {}),
        }),
      );
    if (relay) sections.push(renderRelaySection(relay, outcome.now));
    const summary = sections.join('\n');
    await core.summary.addRaw(summary).write();
    core.info(summary);

    const errors = errorCount(outcome);
    if (errors > 0 && settings.failOnError) {
      core.setFailed(`${errors} error(s) — see the job summary; all other work was done`);
    }
  } catch (error) {
    // One clear line, never a stack trace: a ConfigError names the input, a GitHubError the call.
    const message =
      error instanceof ConfigError
        ? error.format()
        : error instanceof Error
          ? error.message
          : String(error);
    core.setFailed(message);
    // …and the job summary says it too (no summary file outside a runner: nothing to add to).
    await core.summary
      .emptyBuffer()
      .addRaw(`## agent-scheduler — the tick stopped\n\n❌ ${message}\n`)
      .write()
      .catch(() => undefined);
  }
}
