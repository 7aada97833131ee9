/**
 * Runs a study: every (regime, seed) replica in turn, each cached in `<out>/.partial/` as soon as it
 * finishes (so an interrupted study resumes where it stopped, and a rerun of a finished one only
 * redraws its report), with progress and an ETA on stderr; then results.json, the SVG figures and
 * REPORT.md in `<out>/`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replicaSeeds } from '../../src/config/replicas';
import type { RunConfig } from '../../src/config/schema';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { buildRuns, parseOverride, parseRunToken, type RunToken } from '../cli/runSpecs';
import { analyseStudy, type StudyAnalysis } from './analysis';
import type { Study } from './definition';
import { type ReplicaResult, runReplica } from './replica';
import { figures, type Provenance, reportMarkdown } from './report';

/** The study's runs as the train CLI would build them, or every problem (named by field). */
export function studyRuns(study: Study): { runs?: RunConfig[]; errors: string[] } {
  const errors: string[] = [];
  const tokens: RunToken[] = [];
  for (const text of study.methods) {
    const token = parseRunToken(text);
    if (typeof token === 'string') errors.push(`methods: ${token}`);
    else tokens.push(token);
  }
  const overrides = study.set.flatMap((text) => {
    const override = parseOverride(text, study.methods);
    if (typeof override === 'string') errors.push(`set: ${override}`);
    return typeof override === 'string' ? [] : [override];
  });
  if (errors.length > 0) return { errors };
  const runs = buildRuns(tokens, overrides);
  if (typeof runs[0] === 'string') return { errors: (runs as string[]).map((e) => `set: ${e}`) };
  return { runs: runs as RunConfig[], errors };
}

/** Cached replicas are only reused for exactly the same study (any change starts afresh). */
function fingerprint(study: Study): string {
  return createHash('sha256').update(JSON.stringify(study)).digest('hex').slice(0, 16);
}

async function cached(path: string, print: string): Promise<ReplicaResult | undefined> {
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as { fingerprint: string; replica: ReplicaResult };
    return saved.fingerprint === print ? saved.replica : undefined;
  } catch {
    return undefined;
  }
}

const clock = (seconds: number) =>
  seconds >= 3600
    ? `${(seconds / 3600).toFixed(1)} h`
    : seconds >= 60
      ? `${(seconds / 60).toFixed(1)} min`
      : `${Math.round(seconds)} s`;

export interface StudyOutput {
  readonly analysis: StudyAnalysis;
  readonly replicas: ReplicaResult[];
}

export async function runStudy(
  study: Study,
  runs: readonly RunConfig[],
  dataset: ImageDataset,
  outDir: string,
  provenance: Omit<Provenance, 'date'>,
  log: (line: string) => void,
): Promise<StudyOutput> {
  const partial = join(outDir, '.partial');
  await mkdir(partial, { recursive: true });
  const print = fingerprint(study);
  const jobs = study.regimes.flatMap((regime) =>
    replicaSeeds(study.firstSeed, study.seeds).map((seed) => ({ regime, seed })),
  );
  const replicas: ReplicaResult[] = [];
  const started = performance.now();
  let trainedSteps = 0;
  const totalSteps = jobs.length * study.steps;
  for (const [index, { regime, seed }] of jobs.entries()) {
    const path = join(partial, `${regime.id}-seed${seed}.json`);
    const found = await cached(path, print);
    const tag = `replica ${index + 1}/${jobs.length} (${regime.id}, seed ${seed})`;
    if (found) {
      log(`${tag}: cached`);
      replicas.push(found);
      continue;
    }
    const replica = await runReplica(study, runs, dataset, regime, seed, (step) => {
      const done = trainedSteps + step;
      const rate = done / ((performance.now() - started) / 1000);
      const eta = (totalSteps - done) / Math.max(rate, 1e-9);
      log(
        `${tag}: step ${step}/${study.steps}, eta ${clock(eta)} (training only; probes and attacks come on top)`,
      );
    });
    trainedSteps += study.steps;
    await writeFile(path, `${JSON.stringify({ fingerprint: print, replica })}\n`);
    log(`${tag}: done in ${clock(replica.ms / 1000)}`);
    replicas.push(replica);
  }
  const analysis = analyseStudy(study, replicas);
  const full: Provenance = { ...provenance, date: new Date().toISOString() };
  const charts = figures(study, replicas, analysis);
  for (const [name, svg] of charts) await writeFile(join(outDir, name), `${svg}\n`);
  const results = {
    study,
    provenance: full,
    verdict: analysis.verdict,
    hypotheses: analysis.hypotheses,
    summaries: analysis.summaries,
    replicas,
  };
  await writeFile(join(outDir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  await writeFile(join(outDir, 'REPORT.md'), reportMarkdown(study, analysis, [...charts.keys()], full));
  return { analysis, replicas };
}
