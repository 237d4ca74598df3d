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
import { StateStore } from './state/store.js';
import { WorkflowLoader } from './workflows/index.js';
import { runTick } from './tick.js';
import { validateOnly } from './validate.js';
import { systemClock, virtualClock } from './clock.js';
import { mergeOutcomes, tickWithLookahead } from './lookahead.js';
import type { TickOutcome } from './report/outcome.js';

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
      const tickInput = {
        settings,
        gateway,
        store: new StateStore(gateway, settings.stateBranch),
        schedules: loaded.schedules,
        configErrors: loaded.errors,
        invalidNames: loaded.invalidNames,
        workflows,
        log: (m: string) => core.info(m),
      };
      const clock = settings.clockPinned ? virtualClock(settings.now) : systemClock();
      passes = await tickWithLookahead(
        settings.lookaheadMs,
        clock,
        (now) => runTick({ ...tickInput, settings: { ...settings, now } }),
        (m) => core.info(m),
      );
      outcome = mergeOutcomes(passes);
    }

    annotate(outcome.configErrors);
    for (const e of outcome.runtimeErrors) core.error(e);
    for (const d of outcome.dispatched.filter((x) => !x.ok))
      core.error(d.error ?? 'dispatch failed');
    for (const [name, value] of Object.entries(computeOutputs(outcome)))
      core.setOutput(name, value);
    // One section per pass (lookahead ticks again at each due second).
    const summary = passes
      .map((pass) =>
        renderSummary({
          outcome: pass,
          schedules: loaded.schedules,
          ...(pass.plannables ? { plannables: pass.plannables } : {}),
          ...(pass.inFlight ? { inFlight: pass.inFlight } : {}),
        }),
      )
      .join('\n');
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
