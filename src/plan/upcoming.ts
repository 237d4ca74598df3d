/**
 * The next N occurrences across many plannables without asking each for N: a min-heap seeded
 * with every plannable's next occurrence; only the plannables that win are asked for more.
 */
import { nextTimes, type Timeline } from './scan.js';
import type { UpcomingOccurrence } from './types.js';

interface Head {
  at: number;
  t: Timeline;
  /** Further times already fetched for this plannable, ascending. */
  queue: number[];
  /** Whether `queue` was filled (once is enough, see below). */
  fetched: boolean;
}

export function upcomingAcross(
  seeds: readonly { t: Timeline; next: number }[],
  count: number,
): UpcomingOccurrence[] {
  const out: UpcomingOccurrence[] = [];
  if (count < 1) return out;
  const heap = new MinHeap<Head>((a, b) => a.at - b.at || cmp(a.t.p.source, b.t.p.source));
  heap.build(seeds.map((s) => ({ at: s.next, t: s.t, queue: [], fetched: false })));
  while (out.length < count) {
    const head = heap.pop();
    if (!head) break;
    out.push({ source: head.t.p.source, key: head.t.p.key, at: new Date(head.at) });
    const remaining = count - out.length;
    if (remaining === 0) break;
    if (!head.fetched) {
      // One cron call for everything this plannable could still contribute: `remaining` only
      // shrinks, so it never needs a second one.
      head.queue = nextTimes(head.t, head.at, remaining);
      head.fetched = true;
    }
    const next = head.queue.shift();
    if (next === undefined) continue;
    heap.push({ ...head, at: next });
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class MinHeap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  build(items: T[]): void {
    this.items = items.slice();
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  push(item: T): void {
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(this.items[i]!, this.items[parent]!) >= 0) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last !== undefined) {
      this.items[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(this.items[l]!, this.items[m]!) < 0) m = l;
      if (r < n && this.less(this.items[r]!, this.items[m]!) < 0) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const x = this.items[a]!;
    this.items[a] = this.items[b]!;
    this.items[b] = x;
  }
}
