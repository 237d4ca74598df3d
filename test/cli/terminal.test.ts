/**
 * What a child process with piped streams cannot show: behaviour on a terminal. The verbs run
 * in-process through `runCli` with a fake Io whose streams say they are TTYs.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { makeWorkspace, removeWorkspace } from '../e2e/harness.js';
import { NOW, schedule } from './helpers.js';

const workspaces: string[] = [];
after(() => workspaces.forEach(removeWorkspace));

function fakeIo(cwd: string, options: { tty: boolean; answers?: string[]; env?: Io['env'] }) {
  const out = { text: '' };
  const err = { text: '' };
  const answers = [...(options.answers ?? [])];
  const io: Io = {
    cwd,
    env: { AGENT_SCHEDULER_NOW: NOW, ...options.env },
    stdout: { isTTY: options.tty, write: (s: string) => (out.text += s) },
    stderr: { isTTY: options.tty, write: (s: string) => (err.text += s) },
    stdin: { isTTY: options.tty, readLine: async () => answers.shift() ?? null },
  };
  return { io, out, err };
}

function workspace(): string {
  const ws = makeWorkspace({
    schedules: { 'a.yml': schedule('0 1 * * *'), 'b.yml': schedule('0 2 * * *') },
  });
  workspaces.push(ws);
  return ws;
}

test('remove on a terminal asks, and only "y" or "yes" removes', async () => {
  const ws = workspace();
  const no = fakeIo(ws, { tty: true, answers: [''] });
  assert.equal(await runCli(['remove', 'a'], no.io), 1);
  assert.equal(no.err.text, 'Remove schedules/a.yml? [y/N] Nothing removed.\n');
  assert.ok(existsSync(join(ws, 'schedules/a.yml')));

  const yes = fakeIo(ws, { tty: true, answers: ['Yes'] });
  assert.equal(await runCli(['remove', 'a', 'b'], yes.io), 0);
  assert.equal(yes.err.text, 'Remove schedules/a.yml, schedules/b.yml? [y/N] ');
  assert.ok(!existsSync(join(ws, 'schedules/a.yml')));
  assert.ok(!existsSync(join(ws, 'schedules/b.yml')));
});

test('end of input at the prompt removes nothing', async () => {
  const ws = workspace();
  const eof = fakeIo(ws, { tty: true, answers: [] });
  assert.equal(await runCli(['remove', 'a'], eof.io), 1);
  assert.ok(existsSync(join(ws, 'schedules/a.yml')));
});

test('colour on a terminal; never with NO_COLOR or TERM=dumb, nor in a pipe', async () => {
  const ws = workspace();
  const tty = fakeIo(ws, { tty: true });
  assert.equal(await runCli(['list'], tty.io), 0);
  assert.ok(tty.out.text.startsWith('\u001b[1mNAME'), tty.out.text);
  for (const env of [{ NO_COLOR: '' }, { NO_COLOR: '1' }, { TERM: 'dumb' }]) {
    const plain = fakeIo(ws, { tty: true, env });
    assert.equal(await runCli(['list'], plain.io), 0);
    assert.ok(!plain.out.text.includes('\u001b['), JSON.stringify(env));
    assert.equal(plain.out.text.split('\n')[0], 'NAME  SCHEDULE   ZONE  ENABLED  NEXT RUNS');
  }
  const pipe = fakeIo(ws, { tty: false });
  assert.equal(await runCli(['nope'], pipe.io), 2);
  assert.ok(!pipe.err.text.includes('\u001b['));
});
