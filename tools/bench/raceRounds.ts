/**
 * The CPU race round by round. Each round times Chromium WASM and then PyTorch, so a ratio taken within a round
 * compares two sides a few seconds apart; the medians over rounds (cpuRace.ts's records) can pair a quiet
 * Chromium round with a loaded PyTorch one. The per-round ratios and their spread say how far one run's verdict
 * on the ≤ 1.2 target can be trusted, and the host probes (hostSpeed.ts) say what the machine did meanwhile.
 */
import type { HostSpeed } from './hostSpeed';
import type { BenchRecord } from './node';
import { median } from './stats';
import { fastestTorch, isChromiumWasm, markdownTable, RACE_TARGET } from './tables';

export interface RaceRound {
  readonly records: BenchRecord[];
  /** The host probe taken before Chromium's part of the round and before PyTorch's. */
  readonly hostBeforeChromium?: HostSpeed;
  readonly hostBeforeTorch?: HostSpeed;
}

export interface RoundRatios {
  readonly backend: string;
  readonly method: string;
  readonly batch: number;
  /** Per round: Chromium WASM ms/step over the fastest PyTorch row of the same method and batch that round. */
  readonly ratios: number[];
}

/** Every Chromium WASM row's ratio to PyTorch, round by round (rounds missing either side are skipped). */
export function roundRatios(rounds: readonly RaceRound[]): RoundRatios[] {
  const byKey = new Map<string, RoundRatios>();
  for (const { records } of rounds)
    for (const r of records.filter(isChromiumWasm)) {
      const torch = fastestTorch(records, r);
      if (!torch) continue;
      const key = `${r.backend}|${r.method}|${r.batch}`;
      const row = byKey.get(key) ?? { backend: r.backend, method: r.method, batch: r.batch, ratios: [] };
      row.ratios.push(r.msPerStep / torch.msPerStep);
      byKey.set(key, row);
    }
  return [...byKey.values()];
}

export function roundRatioTable(rounds: readonly RaceRound[]): string {
  const rows = roundRatios(rounds).map(({ backend, method, batch, ratios }) => [
    batch,
    method,
    backend,
    ratios.map((ratio) => ratio.toFixed(2)).join(', '),
    median(ratios).toFixed(2),
    `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    `${ratios.filter((ratio) => ratio <= RACE_TARGET).length} of ${ratios.length}`,
  ]);
  return markdownTable(
    [
      'batch',
      'method',
      'Chromium',
      'ratio to PyTorch, per round',
      'median',
      'range',
      `rounds ≤ ${RACE_TARGET}`,
    ],
    rows,
  );
}

/** The host probes per round: the fixed loop's ms on each logical CPU before each side. */
export function hostSpeedTable(rounds: readonly RaceRound[]): string {
  const cell = (speed?: HostSpeed) =>
    speed === undefined || speed.msPerCpu.length === 0
      ? '–'
      : `${speed.msPerCpu.map((ms) => Math.round(ms)).join(' / ')}${speed.pinned ? '' : ' (unpinned)'}`;
  return markdownTable(
    ['round', 'before Chromium, ms per CPU', 'before PyTorch, ms per CPU'],
    rounds.map((round, i) => [i + 1, cell(round.hostBeforeChromium), cell(round.hostBeforeTorch)]),
  );
}
