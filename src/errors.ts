/**
 * The one error type for problems a user must fix: a schedule file, a workflow file, an issue
 * body, an action input. It always names where the problem is and, when we can, how to fix it.
 * `report/` turns these into annotations and summary rows; nothing else formats them.
 */
export interface ConfigErrorInit {
  /** Repository-relative path (`schedules/nightly.yml`) or `issue #12` or `input dry-run`. */
  source: string;
  message: string;
  /** 1-based; absent when the problem is the file as a whole. */
  line?: number;
  column?: number;
  hint?: string;
}

export class ConfigError extends Error {
  readonly source: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;

  constructor(init: ConfigErrorInit) {
    super(init.message);
    this.name = 'ConfigError';
    this.source = init.source;
    this.line = init.line;
    this.column = init.column;
    this.hint = init.hint;
  }

  /** `schedules/a.yml:3:7: unknown key "cronn" (did you mean "cron"?)` — the format editors parse. */
  format(): string {
    const where = [this.source, this.line, this.line ? this.column : undefined]
      .filter((x) => x !== undefined)
      .join(':');
    return `${where}: ${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

/** The message of anything thrown, for a one-line report. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
