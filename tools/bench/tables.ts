/** The benchmark's Markdown tables, as printed and as pasted into the README's Performance section. */
import type { MemoryCheck } from './browser/driver';
import type { FirstPlot } from './browser/firstPlot';
import type { MainThreadProfile } from './browser/mainThread';
import type { Smoothness } from './browser/smooth';
import type { FirstStep } from './browser/traces';
import type { ProfileResult } from './browser/types';
import type { BenchRecord, MemoryPoint } from './node';

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number | undefined, digits: number) =>
  value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits);

/** A Markdown table (every tool's tables are Markdown, pasteable into the READMEs). */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function benchTable(records: readonly BenchRecord[]): string {
  return markdownTable(
    [
      'host',
      'backend',
      'method',
      'batch',
      'timed steps',
      'ms/step',
      'steps/s',
      'examples/s',
      '× SGD',
      'first step ms',
      'readbacks/step',
      'GPU dispatches (submits)/step',
    ],
    records.map((r) => [
      r.host,
      r.backend,
      r.method,
      r.batch,
      r.steps,
      fixed(r.msPerStep, 1),
      fixed(r.stepsPerSecond, 1),
      Number.isFinite(r.examplesPerSecond) ? int(r.examplesPerSecond) : '',
      fixed(r.ratioToSgd, 2),
      r.firstStepMs === undefined ? '' : int(r.firstStepMs),
      r.readbacksPerStep === undefined
        ? ''
        : `${r.readbacksPerStep.toFixed(2)}${callers(r.readbacksByCaller)}`,
      r.dispatchesPerStep === undefined
        ? ''
        : `${fixed(r.dispatchesPerStep, 0)} (${fixed(r.submitsPerStep, 1)})`,
    ]),
  );
}

function callers(byCaller: Record<string, number> | undefined): string {
  if (!byCaller) return '';
  const parts = Object.entries(byCaller)
    .filter(([name]) => name !== 'metrics')
    .map(([name, n]) => `${name} ${n.toFixed(2)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function point(p: MemoryPoint | undefined): string {
  if (!p) return '';
  const gpu = p.gpuBytes === undefined ? '' : ` / GPU ${kb(p.gpuBytes)}`;
  return `${p.step}: ${p.tensors} / ${kb(p.bytes)}${gpu}`;
}

/** Memory after the first and the last measured step, per record that has it. */
export function memoryTable(records: readonly BenchRecord[]): string {
  const rows = records
    .filter((r) => r.memory && r.memory.length >= 2)
    .map((r) => {
      const memory = r.memory ?? [];
      return [r.host, r.backend, r.method, r.batch, point(memory[0]), point(memory[memory.length - 1])];
    });
  return markdownTable(
    ['host', 'backend', 'method', 'batch', 'step: tensors / KiB', 'step: tensors / KiB'],
    rows,
  );
}

function kb(bytes: number | undefined): string {
  return bytes === undefined ? '' : int(bytes / 1024);
}

/** The long memory sessions: tensors and KiB at each point; flat when all points agree. */
export function memoryCheckTable(checks: readonly MemoryCheck[]): string {
  return markdownTable(
    ['backend', 'model', 'batch', 'runs (lockstep)', 'step: tensors / KiB …', 'flat'],
    checks.map((c) => [
      c.backend,
      c.model,
      c.batch,
      c.methods,
      c.points.map(point).join('; ') + (c.note ? ` (${c.note})` : ''),
      isFlat(c.points) ? 'yes' : 'NO',
    ]),
  );
}

export function isFlat(points: readonly MemoryPoint[]): boolean {
  const first = points[0];
  return (
    first !== undefined &&
    points.every(
      (p) => p.tensors === first.tensors && p.bytes === first.bytes && p.gpuBytes === first.gpuBytes,
    )
  );
}

export function firstStepTable(rows: readonly FirstStep[]): string {
  const ms = (value: number | undefined) => (value === undefined ? '' : int(value));
  return markdownTable(
    [
      'backend',
      'worker start',
      'configure (backend + data)',
      'of which backend init',
      'first step (worker)',
      'start → first step shown',
      'total to first step',
    ],
    rows.map((r) => [
      r.backend,
      ms(r.workerStartMs),
      ms(r.configureMs),
      ms(r.backendInitMs),
      ms(r.firstStepMs),
      ms(r.startToFirstStepMs),
      ms(r.totalMs),
    ]),
  );
}

export function firstPlotTable(rows: readonly FirstPlot[]): string {
  const ms = (value: number | undefined) => (value === undefined ? '' : int(value));
  const steps = (value: number | undefined) => (value === undefined ? '' : value.toFixed(1));
  return markdownTable(
    [
      'backend',
      'Train → activity shown',
      'Train → step counter moves',
      'Train → first point',
      'chart behind counter, mean / worst (steps)',
      'note',
    ],
    rows.map((r) => [
      r.backend,
      ms(r.activityMs),
      ms(r.counterMs),
      ms(r.firstPlotMs),
      r.meanLagSteps === undefined
        ? ''
        : `${steps(r.meanLagSteps)} / ${r.maxLagSteps} over ${r.lagSeconds} s`,
      r.note ?? '',
    ]),
  );
}

export function smoothnessTable(s: Smoothness): string {
  const ms = (value: number) => (Number.isFinite(value) ? int(value) : '');
  return markdownTable(
    ['figure', 'measured', 'target'],
    [
      ['training measured (after its first second)', `${s.windowSeconds.toFixed(1)} s, ${s.ticks} ticks`, ''],
      [
        'main-thread long tasks (> 50 ms)',
        `${s.longTasksOver50ms} (longest ${ms(s.longestTaskMs)} ms, ${ms(s.longTaskMsTotal)} ms in all)`,
        '0',
      ],
      ['worst frame gap (rAF)', `${ms(s.worstFrameGapMs)} ms (p95 ${ms(s.frameGapP95Ms)} ms)`, ''],
      [
        'frames',
        `${s.frames} (${(s.frames / Math.max(s.windowSeconds, 1e-9)).toFixed(1)}/s; idle page before training: ${fixed(s.idleFramesPerSecond, 1)}/s, worst gap ${fixed(s.idleWorstFrameGapMs, 0)} ms)`,
        '',
      ],
      [
        'step → pixel latency p50 / p95 / max',
        `${ms(s.latencyP50Ms)} / ${ms(s.latencyP95Ms)} / ${ms(s.latencyMaxMs)} ms`,
        'p95 < 250 ms',
      ],
      [
        'of which step → page p95, page → pixel p95',
        `${ms(s.workerToPageP95Ms)} ms, ${ms(s.pageToPixelP95Ms)} ms`,
        '',
      ],
      [
        'slowest: step (ms to pixel, of which worker → page)',
        (s.slowest ?? []).map((m) => `${m.step} (${ms(m.ms)}, ${ms(m.workerToPageMs)})`).join(', '),
        '',
      ],
      ['metrics events (not drawn)', `${s.metricsMessages} (${s.undrawnMessages})`, ''],
    ],
  );
}

/** The top kernels of each profile: ms per step and share of the profiled kernel time. */
export function profileTable(profiles: readonly ProfileResult[], top = 4): string {
  return markdownTable(
    [
      'backend',
      'method',
      'batch',
      'step ms',
      'kernel sum ms',
      `top ${top} kernels: ms per step (share)`,
      'timing',
    ],
    profiles.map((p) => [
      p.details ? `${p.backend} (${p.details})` : p.backend,
      p.method,
      p.batch,
      fixed(p.stepMs, 0),
      fixed(p.kernelMs, 0),
      p.byKernel
        .slice(0, top)
        .map(
          (k) =>
            `${k.name} ×${Math.round(k.calls)} ${k.ms.toFixed(1)} (${((100 * k.ms) / p.kernelMs).toFixed(0)}%)`,
        )
        .join(', '),
      p.divergedAtStep === undefined ? p.timing : `${p.timing}; loss NaN from step ${p.divergedAtStep}`,
    ]),
  );
}

/** The CPU race's target: Chromium WASM ms/step at most this many times PyTorch CPU's. */
export const RACE_TARGET = 1.2;

export const isChromiumWasm = (r: BenchRecord): boolean =>
  r.host === 'chromium' && r.backend.startsWith('wasm');

/** What a Chromium WASM row races against: PyTorch at its fastest among `records` (its 1- and 2-thread rows). */
export function fastestTorch(records: readonly BenchRecord[], r: BenchRecord): BenchRecord | undefined {
  return records
    .filter((t) => t.host === 'pytorch' && t.method === r.method && t.batch === r.batch)
    .sort((a, b) => a.msPerStep - b.msPerStep)[0];
}

/** The targets, per host, backend and batch: met or missed, with the figure. */
export function targetsTable(
  records: readonly BenchRecord[],
  smoothness?: Smoothness,
  memoryChecks: readonly MemoryCheck[] = [],
): string {
  const rows: string[][] = [];
  const groups = new Map<string, BenchRecord[]>();
  for (const r of records) {
    const key = `${r.host}, ${r.backend}, batch ${r.batch}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, group] of groups) {
    const by = (m: string) => group.find((r) => r.method === m);
    const sam = by('sam');
    for (const name of ['bisam-log', 'bisam-tanh']) {
      const bisam = by(name);
      if (!bisam) continue;
      const vsSgd = bisam.ratioToSgd;
      if (vsSgd !== undefined)
        rows.push([key, `${name} / sgd ≤ 2.1`, vsSgd.toFixed(2), vsSgd <= 2.1 ? 'met' : 'MISSED']);
      if (sam) {
        const vsSam = bisam.msPerStep / sam.msPerStep;
        rows.push([key, `${name} / sam ≤ 1.05`, vsSam.toFixed(2), vsSam <= 1.05 ? 'met' : 'MISSED']);
      }
    }
  }
  for (const r of records.filter(isChromiumWasm)) {
    const torch = fastestTorch(records, r);
    if (!torch) continue;
    const ratio = r.msPerStep / torch.msPerStep;
    rows.push([
      `chromium, ${r.backend}, batch ${r.batch}`,
      `${r.method} ≤ ${RACE_TARGET} × PyTorch (${torch.backend}, ${torch.msPerStep.toFixed(1)} ms)`,
      ratio.toFixed(2),
      ratio <= RACE_TARGET ? 'met' : 'MISSED',
    ]);
  }
  if (smoothness) {
    rows.push([
      'chromium page, wasm',
      'long tasks > 50 ms after 1 s = 0',
      String(smoothness.longTasksOver50ms),
      smoothness.longTasksOver50ms === 0 ? 'met' : 'MISSED',
    ]);
    rows.push([
      'chromium page, wasm',
      'step → pixel p95 < 250 ms',
      `${Math.round(smoothness.latencyP95Ms)} ms`,
      smoothness.latencyP95Ms < 250 ? 'met' : 'MISSED',
    ]);
  }
  for (const check of memoryChecks) {
    const [first, last] = [check.points[0], check.points[check.points.length - 1]];
    rows.push([
      `chromium, ${check.backend}, ${check.model} batch ${check.batch}`,
      `memory flat from step ${first?.step} to ${last?.step}`,
      `${first?.tensors} → ${last?.tensors} tensors`,
      isFlat(check.points) ? 'met' : 'MISSED',
    ]);
  }
  return markdownTable(['where', 'target', 'measured', ''], rows);
}

/** Why the page stutters: the main thread's long tasks in a trace, and its JS profile by module and function. */
export function mainThreadTable(p: MainThreadProfile): string {
  const ms = (value: number) => int(value);
  const events = p.longTaskByEvent
    .slice(0, 6)
    .map((e) => `${e.name} ${ms(e.ms)}`)
    .join(', ');
  const modules = p.byModule
    .slice(0, 6)
    .map((m) => `${m.module} ${ms(m.ms)}`)
    .join(', ');
  const functions = p.byFunction
    .slice(0, 8)
    .map((f) => `${f.name} (${f.module}) ${ms(f.ms)}`)
    .join(', ');
  return markdownTable(
    ['figure', `profiled pass, ${p.seconds} s`],
    [
      [
        'long tasks (> 50 ms): count, wall ms, thread CPU ms',
        `${p.longTasks}, ${ms(p.longTaskWallMs)}, ${ms(p.longTaskCpuMs)}`,
      ],
      ['self time in long tasks by trace event, ms', events],
      ['main thread busy (JS sampling profile)', `${(100 * p.busyShare).toFixed(0)}%`],
      ['JS self time by module, ms', modules],
      ['JS self time by function, ms', functions],
    ],
  );
}
