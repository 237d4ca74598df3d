#!/usr/bin/env node
// Bundles the Action (src/index.ts → dist/index.js) and the CLI (src/cli/index.ts → dist/cli.js)
// with @vercel/ncc. dist/ is committed; CI rebuilds it and fails if it differs.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entries = [
  { src: 'src/index.ts', out: 'index.js' },
  { src: 'src/cli/index.ts', out: 'cli.js' },
];
rmSync('dist', { recursive: true, force: true });
for (const { src, out } of entries) {
  if (!existsSync(src)) continue;
  const tmp = mkdtempSync(join(tmpdir(), 'ncc-'));
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      src,
      '-o',
      tmp,
      '--target',
      'es2022',
      '--quiet',
    ],
    { stdio: 'inherit' },
  );
  for (const file of readdirSync(tmp)) {
    if (file === 'package.json') continue;
    if (file === 'index.js') renameSync(join(tmp, file), join(tmp, out));
  }
  cpSync(tmp, 'dist', { recursive: true, filter: (p) => !p.endsWith('package.json') });
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');
for (const file of readdirSync('dist')) console.log(`dist/${file}`);
