/**
 * `npm run bench -- --cpu-race`: Chromium WASM (XNNPACK on 1 and on 2 threads) against PyTorch CPU (1 and 2
 * threads), SGD and SAM at batch 64 and 128, in rounds: each round times Chromium, then PyTorch, so a burst of
 * load on a shared machine lands on both sides over the rounds instead of on one. A row's ms/step is the median
 * of its rounds' medians; its note lists every round. The last round adds a kernel profile per thread count.
 * Each side is preceded by a probe of every logical CPU's speed, and the rounds are kept for the per-round
 * ratios (raceRounds.ts).
 */
import type { OptimizerName } from '../../src/methods/metas';
import { benchBrowser } from './browser/driver';
import { cpuRacePlan } from './browser/plan';
import type { ProfileResult } from './browser/types';
import { probeHostSpeed } from './hostSpeed';
import type { BenchRecord } from './node';
import type { RaceRound } from './raceRounds';
import { median, throughput } from './stats';
import { torchReference } from './torchReference';

export interface CpuRace {
  readonly records: BenchRecord[];
  readonly profiles: ProfileResult[];
  readonly notes: string[];
  readonly rounds: RaceRound[];
  readonly browser?: Record<string, unknown>;
}

export async function cpuRace(options: {
  quick: boolean;
  rounds: number;
  methods: readonly OptimizerName[];
  log: (text: string) => void;
}): Promise<CpuRace> {
  const { quick, rounds, methods, log } = options;
  const timed: RaceRound[] = [];
  const profiles: ProfileResult[] = [];
  const notes = new Set<string>();
  let browser: Record<string, unknown> | undefined;
  for (let round = 1; round <= rounds; round++) {
    log(`cpu race, round ${round} of ${rounds}: host probe, then Chromium WASM on 1 and 2 threads`);
    const hostBeforeChromium = probeHostSpeed();
    const plan = cpuRacePlan(quick, round === rounds);
    const chromium = await benchBrowser({ quick, methods, log, plan });
    browser ??= chromium.browser;
    profiles.push(...chromium.profiles);
    for (const note of chromium.notes) notes.add(note);
    const records = [...chromium.records];
    const hostBeforeTorch = probeHostSpeed();
    for (const threads of [1, 2]) {
      log(`cpu race, round ${round} of ${rounds}: PyTorch on ${threads} thread(s)`);
      const torch = await torchReference(quick ? 5 : 30, threads);
      records.push(...torch.records);
      if (torch.note) notes.add(torch.note);
    }
    timed.push({ records, hostBeforeChromium, hostBeforeTorch });
  }
  notes.add(
    `--cpu-race only: ${rounds} round(s), each Chromium WASM then PyTorch CPU; a row is the median of its rounds`,
  );
  return {
    records: combineRounds(timed.map((r) => r.records)),
    profiles,
    notes: [...notes],
    rounds: timed,
    ...(browser ? { browser } : {}),
  };
}

/** One record per host, backend, method and batch: the first round's, timed by the median over rounds. */
export function combineRounds(rounds: readonly BenchRecord[][]): BenchRecord[] {
  const key = (r: BenchRecord) => `${r.host}|${r.backend}|${r.method}|${r.batch}`;
  const byKey = new Map<string, BenchRecord[]>();
  for (const record of rounds.flat()) byKey.set(key(record), [...(byKey.get(key(record)) ?? []), record]);
  return [...byKey.values()].map((same) => {
    const first = same[0] as BenchRecord;
    if (same.length === 1) return first;
    const times = same.map((r) => r.msPerStep);
    return {
      ...first,
      steps: same.reduce((sum, r) => sum + r.steps, 0),
      ...throughput(median(times), first.batch),
      note: `median of ${same.length} rounds: ${times.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    };
  });
}
