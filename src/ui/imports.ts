/**
 * Imported bundles: their runs are shown next to the live ones (dashed, marked "imported") without
 * retraining. A malformed file is reported by name with what is wrong; nothing else changes.
 */
import {
  type BundleEvent,
  type BundleRun,
  type BundleSeries,
  bundleSizeProblem,
  parseBundle,
} from '../config/bundle';
import type { RobustRecord } from '../config/robust';
import { OPTIMIZER_INFO } from '../methods/metas';
import { reaggregated } from './seedSeries';
import { type AppState, addNotice, emptySeries, type ImportedRun, type RunSeries, type Store } from './store';

let importCount = 0;

function seriesOf(runId: string, run: BundleSeries): RunSeries {
  const series = emptySeries(runId);
  series.steps.push(...run.steps);
  series.wallMs.push(...(run.wallMs ?? run.steps.map(() => Number.NaN)));
  Object.assign(series.values, run.metrics);
  series.evaluations.push(...run.evaluations.map((e) => ({ ...e, runId })));
  series.status = run.divergedAtStep === undefined ? 'done' : 'diverged';
  series.divergedAtStep = run.divergedAtStep;
  return series;
}

/**
 * A run over seeds comes back as its seeds (each robust record to its own seed), averaged again: the
 * charts draw its band. Robust records without a seed (bundles from before every seed was attacked)
 * stay on the run itself.
 */
function toSeries(run: BundleRun, events: readonly BundleEvent[]): RunSeries {
  const series = seriesOf(run.id, run);
  const replicas =
    run.replicas && run.replicas.length >= 2 ? run.replicas.map((r) => seriesOf(run.id, r)) : [];
  const unseeded: RobustRecord[] = [];
  for (const event of events) {
    if (event.kind !== 'robust' || event.runId !== run.id) continue;
    const { replica } = event.record;
    if (replicas.length === 0) series.robust.push(event.record);
    else if (replica === undefined) unseeded.push(event.record);
    else replicas[replica]?.robust.push(event.record);
  }
  if (replicas.length === 0) return series;
  const averaged = reaggregated(series, replicas);
  if (averaged.robust.length === 0) averaged.robust.push(...unseeded);
  return averaged;
}

function refuse(store: Store<AppState>, fileName: string, problems: readonly string[]): false {
  store.update((s) => addNotice(s, `Could not import ${fileName}: ${problems.join('; ')}`));
  return false;
}

/** Several files (the picker, a drop), one after the other so their notices keep the files' order. */
export async function importFiles(store: Store<AppState>, files: Iterable<File>): Promise<void> {
  for (const file of files) await importBundleFile(store, file);
}

/** Imports a picked or dropped file; one over the size limit is refused without being read. */
export async function importBundleFile(store: Store<AppState>, file: File): Promise<boolean> {
  const tooBig = bundleSizeProblem(file.size);
  if (tooBig) return refuse(store, file.name, [tooBig]);
  return importBundle(store, file.name, await file.text());
}

/** Parses `text` (the file `fileName`) and shows its runs; returns whether it worked. */
export function importBundle(store: Store<AppState>, fileName: string, text: string): boolean {
  const parsed = parseBundle(text);
  if (!parsed.ok) return refuse(store, fileName, parsed.problems);
  importCount += 1;
  const id = `import-${importCount}`;
  const runs = parsed.bundle.runs.map(
    (run): ImportedRun => ({
      key: `${id}/${run.id}`,
      name: `${run.name} (imported)`,
      ...(run.color ? { color: run.color } : {}),
      optimizer: run.optimizer,
      gradEvalsPerStep: run.gradEvalsPerStep ?? OPTIMIZER_INFO[run.optimizer].gradEvalsPerStep,
      series: toSeries(run, parsed.bundle.events),
    }),
  );
  const { events, environment } = parsed.bundle;
  store.update((s) => {
    const imported = [
      ...s.imported,
      { id, fileName, runs, events, environment, ...(parsed.config ? { config: parsed.config } : {}) },
    ];
    const next = { ...s, imported, version: s.version + 1 };
    return parsed.warnings.reduce((state, warning) => addNotice(state, `${fileName}: ${warning}`), next);
  });
  return true;
}

export function removeImport(store: Store<AppState>, id: string): void {
  store.update((s) => ({
    ...s,
    imported: s.imported.filter((bundle) => bundle.id !== id),
    version: s.version + 1,
  }));
}
