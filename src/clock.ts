/**
 * The tick's clock. Time is an input: with AGENT_SCHEDULER_NOW the clock is virtual — it starts
 * at the pinned instant and only moves when the tick waits, instantly — so lookahead is tested
 * without sleeping. Otherwise it is the wall clock and waiting really waits.
 */
export interface Clock {
  now(): Date;
  /** Resolves at `t` (immediately when `t` has passed). */
  sleepUntil(t: Date): Promise<void>;
}

export function virtualClock(start: Date): Clock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    sleepUntil: async (t) => {
      current = Math.max(current, t.getTime());
    },
  };
}

export function systemClock(): Clock {
  return {
    now: () => new Date(),
    sleepUntil: (t) =>
      new Promise((resolve) => setTimeout(resolve, Math.max(0, t.getTime() - Date.now()))),
  };
}
