import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { probeHostSpeed } from './hostSpeed';
import type { BenchRecord } from './node';
import { hostSpeedTable, type RaceRound, roundRatios, roundRatioTable } from './raceRounds';

const row = (host: BenchRecord['host'], backend: string, method: string, msPerStep: number): BenchRecord => ({
  host,
  backend,
  method,
  batch: 64,
  steps: 50,
  msPerStep,
  stepsPerSecond: 1000 / msPerStep,
  examplesPerSecond: 64_000 / msPerStep,
});
const WASM2 = 'wasm (SIMD, 2 threads)';

describe('the CPU race round by round', () => {
  it("takes each round's ratio against that round's fastest PyTorch, never across rounds", () => {
    const rounds: RaceRound[] = [
      {
        records: [
          row('chromium', WASM2, 'sgd', 20),
          row('pytorch', 'torch, 1 thread', 'sgd', 25),
          row('pytorch', 'torch, 2 threads', 'sgd', 16),
        ],
      },
      // A loaded round: both sides slower; the medians over rounds would pair 30 with 16, the round pairs 30 with 32.
      { records: [row('chromium', WASM2, 'sgd', 30), row('pytorch', 'torch, 2 threads', 'sgd', 32)] },
      { records: [row('chromium', WASM2, 'sam', 40)] }, // no PyTorch row for SAM: skipped
    ];
    expect(roundRatios(rounds)).toEqual([
      { backend: WASM2, method: 'sgd', batch: 64, ratios: [1.25, 30 / 32] },
    ]);
    expect(roundRatioTable(rounds)).toContain(
      `| 64 | sgd | ${WASM2} | 1.25, 0.94 | 1.09 | 0.94–1.25 | 1 of 2 |`,
    );
  });

  it('tables the host probes per round, marking an unpinned one', () => {
    const table = hostSpeedTable([
      { records: [], hostBeforeChromium: { msPerCpu: [201.4, 398.6], pinned: true } },
      { records: [], hostBeforeTorch: { msPerCpu: [250], pinned: false } },
    ]);
    expect(table).toContain('| 1 | 201 / 399 | – |');
    expect(table).toContain('| 2 | – | 250 (unpinned) |');
  });

  it('probes every logical CPU with the same loop (or once, unpinned, without taskset)', () => {
    const speed = probeHostSpeed();
    expect(speed.msPerCpu.length).toBeGreaterThan(0);
    if (speed.pinned) expect(speed.msPerCpu.length).toBe(cpus().length);
    for (const ms of speed.msPerCpu) expect(ms).toBeGreaterThan(1);
  });
});
