import { describe, expect, it } from 'vitest';
import type { ProfileResult } from './browser/types';
import { threadCosts, threadCostTable } from './threadCost';

const profile = (threads: number, byCall: [string, number, number][], method = 'sam'): ProfileResult =>
  ({
    backend: 'wasm',
    method,
    batch: 64,
    threads,
    timing: 'wall time per kernel',
    stepMs: 40,
    kernelMs: 38,
    byKernel: [],
    byCall: byCall.map(([name, calls, ms]) => ({ name, calls, ms })),
  }) as unknown as ProfileResult;

describe('thread cost: the calls a second WASM thread slows down', () => {
  it('pairs each 2-thread profile with the 1-thread one of its method and batch, worst call first', () => {
    const profiles = [
      profile(1, [
        ['Multiply [64,1] [64,10]', 4, 0.05],
        ['Conv2D [64,14,14,16] [3,3,16,32]', 2, 9.1],
      ]),
      profile(2, [
        ['Conv2D [64,14,14,16] [3,3,16,32]', 2, 4.4],
        ['Multiply [64,1] [64,10]', 4, 2.68],
        ['Sub [64,10] [64,1]', 6, 0.42],
      ]),
      profile(2, [['Add [2] [2]', 1, 1]], 'sgd'), // no 1-thread profile of sgd: left out
    ];
    const costs = threadCosts(profiles, 2);
    expect(costs.map((c) => c.call)).toEqual(['Multiply [64,1] [64,10]', 'Sub [64,10] [64,1]']);
    expect(costs[0]?.extraMs).toBeCloseTo(2.63);
    expect(costs[1]?.oneMs).toBe(0);
    expect(threadCostTable(profiles, 1)).toContain(
      '| sam | 64 | `Multiply [64,1] [64,10]` | 4 | 0.05 | 2.68 | 0.658 |',
    );
  });
});
