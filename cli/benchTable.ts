/** The benchmark's Markdown table, as printed and as pasted into the README's Performance section. */
import type { BenchRecord } from './benchNode';

export function benchTable(records: readonly BenchRecord[]): string {
  const header =
    '| host | backend | method | batch | ms/step | steps/s | examples/s | × SGD | first step ms | readbacks/step |';
  const rule = '|---|---|---|---|---|---|---|---|---|---|';
  const rows = records.map((r) =>
    [
      r.host,
      r.backend,
      r.method,
      r.batch,
      r.msPerStep.toFixed(1),
      r.stepsPerSecond.toFixed(1),
      Math.round(r.examplesPerSecond).toLocaleString('en-US'),
      r.ratioToSgd === undefined ? '' : r.ratioToSgd.toFixed(2),
      r.firstStepMs === undefined ? '' : Math.round(r.firstStepMs).toLocaleString('en-US'),
      r.readbacksPerStep === undefined ? '' : r.readbacksPerStep.toFixed(2),
    ].join(' | '),
  );
  return [header, rule, ...rows.map((row) => `| ${row} |`)].join('\n');
}

/** Memory after the first and the last measured step, per record that has it. */
export function memoryTable(records: readonly BenchRecord[]): string {
  const rows = records
    .filter((r) => r.memory && r.memory.length >= 2)
    .map((r) => {
      const [first, last] = [r.memory?.[0], r.memory?.[(r.memory?.length ?? 1) - 1]];
      return `| ${r.host} | ${r.backend} | ${r.method} | ${r.batch} | ${first?.step}: ${first?.tensors} / ${kb(first?.bytes)} | ${last?.step}: ${last?.tensors} / ${kb(last?.bytes)} |`;
    });
  return [
    '| host | backend | method | batch | step: tensors / KiB | step: tensors / KiB |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function kb(bytes: number | undefined): string {
  return bytes === undefined ? '' : Math.round(bytes / 1024).toLocaleString('en-US');
}
