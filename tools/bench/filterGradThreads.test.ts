/** Smoke run of the two-thread filter-gradient timing (numbers not asserted: only that both threads ran). */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('times the filter gradient on one thread and on two, the worker thread included', () => {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'tools/bench/filterGradThreads.ts', '--batch', '8', '--reps', '2', '--rounds', '2'],
    { encoding: 'utf8' },
  );
  const worker = /the worker's half: ([\d.]+)\)/.exec(out);
  const speedUp = /speed-up of two threads: ([\d.]+)×/.exec(out);
  expect(Number(worker?.[1])).toBeGreaterThan(0);
  expect(Number(speedUp?.[1])).toBeGreaterThan(0);
  expect(out).toMatch(/rounds, together: [\d.]+ [\d.]+\n/);
}, 120_000);
