/**
 * The artefact: dist/index.js size, and cold start — `node dist/index.js` in validate mode
 * against an empty checkout and without a token (files only, no API call), beside `node -e 0`.
 * The API URL points at a local listener that only counts connections (expected: none), so
 * nothing could leave 127.0.0.1 even if the Action tried.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION, makeWorkspace, removeWorkspace } from '../test/e2e/harness.js';
import { median, min, since } from './format.js';

export interface BundleResult {
  path: string;
  bytes: number;
}

export function bundleSize(): BundleResult {
  return { path: 'dist/index.js', bytes: statSync(ACTION).size };
}

export interface ColdStartResult {
  runs: number;
  tool: 'hyperfine' | 'process.hrtime';
  action: { medianMs: number; minMs: number; samplesMs: number[]; exitCodes: number[] };
  node: { medianMs: number; minMs: number; samplesMs: number[] };
  /** Connections the validate runs opened to the API URL (expected 0). */
  connections: number;
  /** Output of a validate run, when it did not exit 0. */
  failure?: string;
}

function hasHyperfine(): boolean {
  const r = spawnSync('sh', ['-c', 'command -v hyperfine'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

async function listen(): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, connections: () => connections };
}

function timed(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ ms: number; code: number; out: string }> {
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, cwd });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('close', (code) => done({ ms: since(start), code: code ?? 137, out }));
  });
}

export async function coldStart(runs: number): Promise<ColdStartResult> {
  const workspace = makeWorkspace({});
  const files = mkdtempSync(join(tmpdir(), 'as-cold-'));
  const listener = await listen();
  try {
    writeFileSync(join(files, 'output'), '');
    writeFileSync(join(files, 'summary'), '');
    writeFileSync(
      join(files, 'event.json'),
      JSON.stringify({ repository: { default_branch: 'main', full_name: 'acme/widgets' } }),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? files,
      RUNNER_TEMP: files,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/widgets',
      GITHUB_API_URL: listener.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(files, 'event.json'),
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: join(files, 'output'),
      GITHUB_STEP_SUMMARY: join(files, 'summary'),
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '1',
      AGENT_SCHEDULER_NOW: '2026-11-23T12:00:00Z',
      AGENT_SCHEDULER_HTTP_TIME_SCALE: '1',
      // No token: validate mode then checks files only and makes no API call.
      INPUT_MODE: 'validate',
    };

    // One warm-up of each (file-system cache), and a check that validate mode succeeds.
    const warm = await timed([ACTION], env, workspace);
    await timed(['-e', '0'], env, workspace);
    const failure = warm.code === 0 ? undefined : warm.out.trim().split('\n').slice(-5).join(' / ');

    if (hasHyperfine()) {
      const result = await hyperfine(runs, env, workspace);
      if (result) return { ...result, connections: listener.connections(), failure };
    }

    const action: number[] = [];
    const node: number[] = [];
    const exitCodes: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved, so background load affects both alike.
      const a = await timed([ACTION], env, workspace);
      action.push(a.ms);
      exitCodes.push(a.code);
      node.push((await timed(['-e', '0'], env, workspace)).ms);
    }
    return {
      runs,
      tool: 'process.hrtime',
      action: { medianMs: median(action), minMs: min(action), samplesMs: action, exitCodes },
      node: { medianMs: median(node), minMs: min(node), samplesMs: node },
      connections: listener.connections(),
      failure,
    };
  } finally {
    await new Promise<void>((done) => listener.server.close(() => done()));
    rmSync(files, { recursive: true, force: true });
    removeWorkspace(workspace);
  }
}

async function hyperfine(
  runs: number,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<Omit<ColdStartResult, 'connections' | 'failure'> | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'as-hf-'));
  const exportPath = join(dir, 'hf.json');
  try {
    const node = JSON.stringify(process.execPath);
    const code = await new Promise<number>((done) => {
      const child = spawn(
        'hyperfine',
        [
          '--runs',
          String(runs),
          '--warmup',
          '1',
          '--style',
          'none',
          '--export-json',
          exportPath,
          `${node} ${JSON.stringify(ACTION)}`,
          `${node} -e 0`,
        ],
        { env: { ...env, PATH: process.env.PATH ?? '' }, cwd, stdio: 'ignore' },
      );
      child.on('close', (c) => done(c ?? 1));
    });
    if (code !== 0) return undefined;
    const data = JSON.parse(readFileSync(exportPath, 'utf8')) as {
      results: { times: number[]; median: number; exit_codes?: number[] }[];
    };
    const [a, n] = data.results;
    if (!a || !n) return undefined;
    const toMs = (xs: number[]) => xs.map((x) => x * 1000);
    return {
      runs,
      tool: 'hyperfine',
      action: {
        medianMs: a.median * 1000,
        minMs: min(toMs(a.times)),
        samplesMs: toMs(a.times),
        exitCodes: a.exit_codes ?? [],
      },
      node: { medianMs: n.median * 1000, minMs: min(toMs(n.times)), samplesMs: toMs(n.times) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
