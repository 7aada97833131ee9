/**
 * From a timed session's raw trace (what the benchmark page saw) to the benchmark's figures: records
 * per method, memory points, readbacks per tick, the time to the first step.
 */
import { OPTIMIZER_INFO, type OptimizerName } from '../../../src/methods/metas';
import type { BenchRecord, MemoryPoint } from '../node';
import { addSgdRatios, median, throughput } from '../stats';
import type { MetricsSample, ReadbackCounts, SessionTrace } from './types';

export interface FirstStep {
  readonly backend: string;
  /** Worker created → its `hello` (script and tfjs loaded). */
  readonly workerStartMs?: number;
  /** `configure` sent → answered: backend start, Fashion-MNIST download and decode, session. */
  readonly configureMs: number;
  readonly backendInitMs?: number;
  /** The worker's own figure for its first training step (shader compilation and kernel warm-up). */
  readonly firstStepMs?: number;
  /** `start` sent → the first step's metrics event arrived (includes the step-0 evaluation). */
  readonly startToFirstStepMs?: number;
  /** Worker created → first step's metrics event. */
  readonly totalMs?: number;
}

/** The samples up to the first that reached the wanted step: what came after is the pause. */
export function trimmed(trace: SessionTrace): SessionTrace {
  const end = trace.samples.findIndex((s) => s.step >= trace.spec.steps);
  if (end < 0) return trace;
  return { ...trace, samples: trace.samples.slice(0, end + 1), tail: trace.samples.slice(end + 1) };
}

export function lastStep(trace: SessionTrace): number {
  return trace.samples[trace.samples.length - 1]?.step ?? 0;
}

export function backendLabel(trace: SessionTrace): string {
  const report = trace.backend;
  if (!report) return trace.spec.backend;
  if (report.backend === 'wasm') return `wasm (${report.details ?? 'SIMD?'})`;
  return report.backend;
}

function adapterOf(trace: SessionTrace, info: Record<string, unknown>): string | undefined {
  const report = trace.backend;
  if (report?.backend === 'webgpu') {
    const a = report.adapter;
    return a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' / ') : String(info.webgpu);
  }
  if (report?.backend === 'webgl') return String(info.webgl);
  return undefined;
}

export function firstStepOf(trace: SessionTrace): FirstStep | undefined {
  const first = trace.samples.find((s) => s.step >= 1);
  const report = trace.backend;
  return {
    backend: backendLabel(trace),
    ...(trace.workerCreatedAt !== undefined && trace.helloAt !== undefined
      ? { workerStartMs: trace.helloAt - trace.workerCreatedAt }
      : {}),
    configureMs: trace.configuredAt - trace.configureSentAt,
    ...(report ? { backendInitMs: report.initMs } : {}),
    ...(report?.firstStepMs === undefined ? {} : { firstStepMs: report.firstStepMs }),
    ...(first ? { startToFirstStepMs: first.at - trace.startSentAt } : {}),
    ...(first && trace.workerCreatedAt !== undefined ? { totalMs: first.at - trace.workerCreatedAt } : {}),
  };
}

/**
 * tf.memory() at the first drained sample at or after each wanted step, and at the last drained one
 * (a drained sample holds no per-step scalars waiting for their readback).
 */
export function memoryPoints(all: readonly MetricsSample[], wanted: readonly number[]): MemoryPoint[] {
  const samples = all.filter((s) => s.drained);
  const points: MemoryPoint[] = [];
  const add = (sample: MetricsSample | undefined) => {
    if (!sample || points.some((p) => p.step === sample.step)) return;
    points.push({
      step: sample.step,
      tensors: sample.numTensors,
      bytes: sample.numBytes,
      ...(sample.gpuBytes === undefined ? {} : { gpuBytes: sample.gpuBytes }),
    });
  };
  for (const step of wanted) add(samples.find((s) => s.step >= step));
  add(samples[samples.length - 1]);
  return points.sort((a, b) => a.step - b.step);
}

/** Readbacks per tick between the first sample at/after `from` and the last sample. */
export function readbacksBetween(
  samples: readonly MetricsSample[],
  from: number,
): { perTick: number; byCaller: Record<string, number> } | undefined {
  const start = samples.find((s) => s.step >= from && s.bench);
  const end = [...samples].reverse().find((s) => s.bench);
  if (!start?.bench || !end?.bench || end.step <= start.step) return undefined;
  const ticks = end.step - start.step;
  const total = (c: ReadbackCounts) => c.data + c.dataSync;
  const byCaller: Record<string, number> = {};
  for (const [caller, count] of Object.entries(end.bench.readbacks.byCaller)) {
    const delta = count - (start.bench.readbacks.byCaller[caller] ?? 0);
    if (delta > 0) byCaller[caller] = delta / ticks;
  }
  return { perTick: (total(end.bench.readbacks) - total(start.bench.readbacks)) / ticks, byCaller };
}

/**
 * WebGPU dispatches and submits per tick over the same window as the readbacks, where the worker
 * counted them (a GPU session trains one method, so a tick is one step of it).
 */
export function gpuWorkBetween(
  samples: readonly MetricsSample[],
  from: number,
): { dispatchesPerStep: number; submitsPerStep: number } | undefined {
  const start = samples.find((s) => s.step >= from && s.bench?.gpuWork);
  const end = [...samples].reverse().find((s) => s.bench?.gpuWork);
  const [first, last] = [start?.bench?.gpuWork, end?.bench?.gpuWork];
  if (!start || !end || !first || !last || end.step <= start.step) return undefined;
  const ticks = end.step - start.step;
  return {
    dispatchesPerStep: (last.dispatches - first.dispatches) / ticks,
    submitsPerStep: (last.submits - first.submits) / ticks,
  };
}

/** Per-step times of whole ticks: Δ elapsedMs / Δ step between consecutive samples after the warm-up. */
export function tickTimes(samples: readonly MetricsSample[], warmup: number): number[] {
  const times: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1] as MetricsSample, samples[i] as MetricsSample];
    if (a.step < warmup || b.step <= a.step) continue;
    const perStep = (b.elapsedMs - a.elapsedMs) / (b.step - a.step);
    for (let k = a.step; k < b.step; k++) times.push(perStep);
  }
  return times;
}

function baseRecord(
  trace: SessionTrace,
  method: string,
  msPerStep: number,
  timed: number,
  info: Record<string, unknown>,
): BenchRecord {
  const adapter = adapterOf(trace, info);
  const from = trace.spec.steps > 3 ? 3 : 1;
  const readbacks = readbacksBetween(trace.samples, from);
  const gpuWork = trace.spec.backend === 'webgpu' ? gpuWorkBetween(trace.samples, from) : undefined;
  return {
    host: 'chromium',
    backend: backendLabel(trace),
    method,
    batch: trace.spec.batch,
    steps: timed,
    ...throughput(msPerStep, trace.spec.batch),
    gradEvalsPerStep: OPTIMIZER_INFO[method as OptimizerName]?.gradEvalsPerStep,
    ...(readbacks ? { readbacksPerStep: readbacks.perTick, readbacksByCaller: readbacks.byCaller } : {}),
    ...gpuWork,
    // The tail (the pause's last event) is drained: the best last point.
    memory: memoryPoints([...trace.samples, ...(trace.tail ?? [])], [10]),
    browser: String(info.version),
    ...(adapter ? { adapter } : {}),
  };
}

/** One record per method of a lockstep (WASM/CPU) session, from the engine's per-step timings. */
export function lockstepRecords(
  trace: SessionTrace,
  warmup: number,
  info: Record<string, unknown>,
): BenchRecord[] {
  const stepTimes = trace.samples.flatMap((s) => s.bench?.stepTimes ?? []);
  const ticks = tickTimes(trace.samples, warmup);
  const tickMs = ticks.length > 0 ? median(ticks) : undefined;
  const records = trace.spec.methods.map((method) => {
    const mine = stepTimes.filter(([runId, step]) => runId === method && step >= warmup).map((t) => t[2]);
    // The engine's timing of this run's very first step (kernel warm-up included).
    const first = stepTimes.find(([runId, step]) => runId === method && step === 0)?.[2];
    const record = baseRecord(trace, method, mine.length > 0 ? median(mine) : Number.NaN, mine.length, info);
    return {
      ...record,
      ...(first === undefined ? {} : { firstStepMs: first }),
      note: `lockstep with ${trace.spec.methods.length - 1} other run(s); whole tick ${tickMs === undefined ? '?' : tickMs.toFixed(0)} ms; readbacks per tick`,
    };
  });
  addSgdRatios(records);
  return records;
}

/** One record for a single-method (GPU) session, from whole ticks. */
export function tickRecords(
  trace: SessionTrace,
  warmup: number,
  info: Record<string, unknown>,
): BenchRecord[] {
  const method = trace.spec.methods[0];
  if (!method) return [];
  const times = tickTimes(trace.samples, warmup);
  const first = trace.samples.find((s) => s.step >= 1);
  const enqueue = trace.samples
    .flatMap((s) => s.bench?.stepTimes ?? [])
    .filter(([, step]) => step >= warmup)
    .map((t) => t[2]);
  return [
    {
      ...baseRecord(trace, method, times.length > 0 ? median(times) : Number.NaN, times.length, info),
      ...(first ? { firstStepMs: first.at - trace.startSentAt } : {}),
      ...(enqueue.length > 0
        ? { note: `whole tick incl. GPU wait; enqueueing the step takes ${median(enqueue).toFixed(0)} ms` }
        : {}),
    },
  ];
}
