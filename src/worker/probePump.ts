/**
 * Runs a session's probes in the worker: one slice per macrotask, so training ticks (which also yield
 * a macrotask each) and probe slices alternate and neither stalls the other or the command channel.
 * Finished records are kept for a replay to a reconnecting page.
 */
import type { ProbeConfig, ProbeKind, ProbeMessage, ProbeRecord } from '../config/probes';
import { type LineStart, probeRecord, type SessionProbes } from '../engine/probes/sessionProbes';
import { yieldToEvents } from './trainLoop';

export class ProbePump {
  private running?: Promise<void>;
  private stopped = false;
  readonly records: ProbeRecord[];

  constructor(
    private readonly probes: SessionProbes,
    private readonly post: (message: ProbeMessage) => void,
    records: readonly ProbeRecord[] = [],
  ) {
    this.records = [...records];
  }

  /** Queues `kind` for every replica of each run (throws on an unknown run) and makes sure the pump runs. */
  request(kind: ProbeKind, runIds: readonly string[], lineStart: LineStart = 'init'): string[] {
    const ids = runIds.flatMap((runId) => this.probes.request(kind, runId, lineStart).map((r) => r.id));
    this.start();
    return ids;
  }

  /** Sends every finished record again, for a page that asked for a replay. */
  replay(): void {
    for (const [i, record] of this.records.entries())
      this.post({ kind: 'finished', id: `replay-${i}`, record });
  }

  /** New settings for the probes requested from now on (queued ones keep theirs). */
  configure(config: ProbeConfig): void {
    this.probes.configure(config);
  }

  /** After each training tick: queues the scheduled probes when due. */
  onTick(tick: number): void {
    if (this.probes.scheduleAt(tick).length > 0) this.start();
  }

  /** Stops after the slice in progress and frees the probes' tensors. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    await this.probes.dispose();
  }

  private start(): void {
    if (this.running || this.stopped) return;
    this.running = this.pump().finally(() => {
      this.running = undefined;
    });
  }

  private async pump(): Promise<void> {
    while (!this.stopped && !this.probes.idle) {
      const update = await this.probes.slice();
      if (this.stopped || !update) break;
      const { request } = update;
      if (update.type === 'progress') {
        const { done, total, latest, spend } = update;
        const { id, runId, replica } = request;
        const base = { kind: 'progress', id, runId, replica, probe: request.kind } as const;
        this.post({
          ...base,
          step: request.step,
          done,
          total,
          spend,
          ...(latest === undefined ? {} : { latest }),
        });
      } else if (update.type === 'finished') {
        const record = probeRecord(update);
        this.records.push(record);
        this.post({ kind: 'finished', id: request.id, record });
      } else {
        this.post({
          kind: 'failed',
          id: request.id,
          runId: request.runId,
          replica: request.replica,
          probe: request.kind,
          message: update.message,
        });
      }
      await yieldToEvents();
    }
  }
}
