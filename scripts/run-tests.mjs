#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner and tsx for TypeScript.
// Node 20's --test does not expand globs, so the files are listed here.
// TZ is set to an odd zone on purpose: no code may depend on the machine's local zone.
// `npm test -- unit` runs only files whose path contains "unit".
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // test/corpus holds the hostile-input data, not tests (its tests are in test/unit/corpus).
    if (path === join('test', 'corpus') || name === 'node_modules') return [];
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = walk('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, TZ: 'Pacific/Chatham' } },
);
process.exit(result.status ?? 1);
