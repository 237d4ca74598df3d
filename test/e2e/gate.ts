/**
 * A pass-through proxy in front of the simulator that lines racing checkers up (race and relay
 * tests): when armed for n, it holds each checker's first read of the state branch's ref until
 * all n have asked, then answers them together — so they all plan from the same head and race
 * for the same compare-and-swap.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STATE_BRANCH } from './helpers.js';

/** Unarmed, it forwards everything: the processes interleave however they happen to. */
export interface Gate {
  url: string;
  arm(n: number): void;
  /** Barriers that released because everyone arrived (not on the safety timeout). */
  readonly met: number;
  close(): Promise<void>;
}

export async function gate(target: string): Promise<Gate> {
  let waiting: (() => void)[] = [];
  let want = 0;
  let met = 0;
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    clearTimeout(timer);
    want = 0;
    const go = waiting;
    waiting = [];
    for (const f of go) f();
  };
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      target + (req.url ?? '/'),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    const isStateRead =
      req.method === 'GET' &&
      decodeURIComponent(req.url ?? '').includes(`/git/ref/heads/${STATE_BRANCH}`);
    if (want > 0 && isStateRead) {
      req.pause();
      waiting.push(() => {
        req.resume();
        forward(req, res);
      });
      if (waiting.length >= want) {
        met++;
        release();
      } else if (waiting.length === 1) {
        timer = setTimeout(release, 10_000);
      }
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arm(n) {
      want = n;
    },
    get met() {
      return met;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
