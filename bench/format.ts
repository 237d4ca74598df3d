/** Small helpers for the benchmark: statistics, Markdown tables, number formatting. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.min(...values);
}

/** Milliseconds with a sensible number of digits. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** Microseconds per item. */
export function perItem(totalMs: number, items: number): string {
  return `${((totalMs * 1000) / items).toFixed(1)} µs`;
}

export function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} B (${(n / 1_000_000).toFixed(2)} MB)`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A Markdown table; `|` in cells is escaped. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Wall-clock milliseconds since `start` (a `process.hrtime.bigint()` value). */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
