/**
 * Steps and examples per second over a sliding window, and training time that excludes pauses. The
 * rates count what was trained, so they keep their last figure once the runs have finished.
 */
export class ThroughputMeter {
  private samples: { time: number; step: number; examples: number }[] = [];
  private activeSince?: number;
  private accumulatedMs = 0;

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `examples`: all training examples the runs have seen so far. */
  resume(step: number, examples: number): void {
    this.activeSince = this.now();
    this.samples = [{ time: this.activeSince, step, examples }];
  }

  /** Training time spent before this meter existed (a session resumed from an autosave). */
  startAt(elapsedMs: number): void {
    this.accumulatedMs = elapsedMs;
  }

  pause(): void {
    if (this.activeSince !== undefined) this.accumulatedMs += this.now() - this.activeSince;
    this.activeSince = undefined;
  }

  record(step: number, examples: number): void {
    const time = this.now();
    this.samples.push({ time, step, examples });
    while (this.samples.length > 2 && time - (this.samples[1]?.time ?? time) > this.windowMs)
      this.samples.shift();
  }

  stepsPerSecond(): number {
    return this.rate('step');
  }

  examplesPerSecond(): number {
    return this.rate('examples');
  }

  private rate(count: 'step' | 'examples'): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.time <= first.time) return 0;
    return ((last[count] - first[count]) * 1000) / (last.time - first.time);
  }

  elapsedMs(): number {
    return this.accumulatedMs + (this.activeSince === undefined ? 0 : this.now() - this.activeSince);
  }
}
