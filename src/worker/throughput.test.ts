import { describe, expect, it } from 'vitest';
import { ThroughputMeter } from './throughput';

describe('ThroughputMeter', () => {
  it('keeps the examples per second of the last window once training has stopped', () => {
    let now = 0;
    const meter = new ThroughputMeter(3000, () => now);
    meter.resume(0, 0);
    // Two runs at batch 64: 10 ticks a second are 1,280 examples a second.
    for (let tick = 1; tick <= 20; tick++) {
      now = tick * 100;
      meter.record(tick, tick * 2 * 64);
    }
    meter.pause();
    expect(meter.stepsPerSecond()).toBeCloseTo(10, 9);
    expect(meter.examplesPerSecond()).toBeCloseTo(1280, 9);
  });
});
