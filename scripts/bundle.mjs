#!/usr/bin/env node
// Bundles the Action (src/index.ts → dist/index.js) and the CLI (src/cli/index.ts → dist/cli.js)
// with @vercel/ncc. dist/ is committed; CI rebuilds it and fails if it differs.
// `node scripts/bundle.mjs cli` rebuilds one entry only. Each file is renamed into place, so a
// half-written bundle is never visible to a test that is running meanwhile.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const entries = [
  { name: 'index', src: 'src/index.ts', out: 'index.js' },
  { name: 'cli', src: 'src/cli/index.ts', out: 'cli.js' },
];
const only = process.argv.slice(2);
mkdirSync('dist', { recursive: true });
for (const { name, src, out } of entries) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (!existsSync(src)) continue;
  // Inside dist/ so the final rename never crosses file systems.
  const tmp = mkdtempSync(join('dist', `.ncc-${name}-`));
  try {
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
    const files = readdirSync(tmp).filter((f) => f !== 'package.json');
    if (files.some((f) => f !== 'index.js')) {
      throw new Error(
        `ncc emitted extra files for ${src}: ${files.join(', ')} — keep the bundle to one file`,
      );
    }
    renameSync(join(tmp, 'index.js'), join('dist', out));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');
for (const file of readdirSync('dist')) if (!file.startsWith('.')) console.log(`dist/${file}`);
