/** The one place ConfigErrors become workflow annotations (file + line, shown on the PR diff). */
import * as core from '@actions/core';
import type { ConfigError } from '../errors.js';

export function annotate(errors: ConfigError[]): void {
  for (const e of errors) {
    const isFile = /\.(ya?ml|json)$/.test(e.source);
    core.error(`${e.message}${e.hint ? ` — ${e.hint}` : ''}`, {
      title: `agent-scheduler: ${e.source}`,
      ...(isFile ? { file: e.source } : {}),
      ...(isFile && e.line ? { startLine: e.line } : {}),
      ...(isFile && e.column ? { startColumn: e.column } : {}),
    });
  }
}
