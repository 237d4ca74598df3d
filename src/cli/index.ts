#!/usr/bin/env node
/** Entry for ncc (dist/cli.js): runs the command line on the real process, nothing else. */
import { processIo } from './io.js';
import { runCli } from './program.js';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
