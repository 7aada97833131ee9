/**
 * Headless lockstep comparison: every run starts from the same weights and sees the same batches
 * (the app's Session), with a one-line progress display on stderr, a table on stdout (with seeds:
 * mean ± std, 95% CIs and paired tests against the baseline) and, with --json, every replica's
 * metrics in a file. Exit codes: 0 done, 1 failed, 2 bad flags.
 *
 *   npm run train -- --optimizers sgd,sam,bisam-log --steps 500 --batch 128 --seeds 1-5 --json out.json
 *   npm run train -- --probe-every 250 --probes hessian,trace,common,line,surface --json out.json
 *   npm run train -- --robust fgsm,pgd --eps 1,2,4,8 --pgd-steps 10 --robust-examples 500
 */
import { writeFile } from 'node:fs/promises';
import type { ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import { probeRecord, SessionProbes } from '../../src/engine/probes/sessionProbes';
import { sessionOptionsFor } from '../../src/engine/session/fromConfig';
import { Session } from '../../src/engine/session/session';
import { compareWithBaseline, runStatistics } from '../../src/stats/runStatistics';
import { runTool, UsageError } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';
import { probeLine, probeSeedTable, probeSummary } from './probeReport';
import { robustSeedTable, robustTable } from './robustReport';
import { groupRuns, type ReplicaOutcome, replicaOutcomes } from './runGroups';
import { seedTable } from './seedReport';
import { parseTrainArgs, TRAIN_USAGE } from './trainFlags';
import { finalTable, jsonReport, progressLine } from './trainReport';
import { experimentConfigOf, trainComparison } from './trainSession';

async function main(argv: string[]): Promise<number> {
  const parsed = parseTrainArgs(argv);
  if (!parsed.ok) {
    if ('errors' in parsed) throw new UsageError(parsed.errors);
    console.log(TRAIN_USAGE);
    return 0;
  }
  quietTfjs();
  const options = parsed.options;
  const { backend, note } = await selectNodeBackend(options.backend);
  if (note) console.error(`train: ${note}`);
  const dataset = await loadDataset(options);
  const sessionOptions = sessionOptionsFor(experimentConfigOf(options), dataset);
  const session = new Session(sessionOptions);
  const groups = groupRuns(session.runList);
  console.error(
    `train: ${options.model} (${session.paramCount} parameters) on ${dataset.name}, backend ${backend}, ${session.runList.length} replicas`,
  );
  const tty = process.stderr.isTTY;
  const { layers } = sessionOptions;
  const probes = new SessionProbes(session, layers, options.probes, options.seed);
  const probeRecords: ProbeRecord[] = [];
  const robust: RobustRecord[] = [];
  const { log, timer, elapsedMs } = await trainComparison(session, options, {
    onCollect: (step, evaluating, log, ms) => {
      const line = progressLine(step, options.steps, ms, groups, log);
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else if (evaluating) process.stderr.write(`${line}\n`);
    },
    // The CLI has nothing to interleave: each robust evaluation runs to the end at its evaluation.
    afterEvaluation: async () => {
      const job = session.startRobustEvaluation();
      if (!job) return;
      robust.push(...(await job.finish()));
      await job.dispose();
    },
    afterStep: async (step) => {
      if (probes.scheduleAt(step).length > 0) await runProbes(probes, probeRecords, tty);
    },
  });
  if (tty) process.stderr.write('\n');
  if (probes.config.every === 0 && probes.config.kinds.length > 0) {
    probes.requestAll(probes.config.kinds);
    await runProbes(probes, probeRecords, tty);
  }
  await probes.dispose();
  const testExamples = Math.min(options.evalExamples, dataset.test.count);
  console.log(finalTable(options, testExamples, groups, log, timer));
  const outcomes = new Map<string, ReplicaOutcome[]>(groups.map((g) => [g.id, replicaOutcomes(g, log)]));
  const perRun = new Map([...outcomes].map(([id, o]) => [id, runStatistics(o)]));
  const comparisons = compareWithBaseline(outcomes, options.baseline);
  const seedsText = `${options.seed}–${options.seed + options.seeds - 1}`;
  const { baseline } = options;
  if (options.seeds > 1) console.log(`\n${seedTable(groups, perRun, comparisons, baseline, seedsText)}`);
  const runIds = groups.map((group) => group.id);
  const probeText =
    options.seeds > 1
      ? probeSeedTable(probeRecords, groups, baseline, seedsText)
      : probeSummary(probeRecords, runIds);
  if (probeText) console.log(`\n${probeText}`);
  if (options.robust) {
    const latest = robust.filter((r) => r.step === robust.at(-1)?.step);
    const table =
      options.seeds > 1 ? robustSeedTable(robust, groups, baseline, seedsText) : robustTable(latest);
    console.log(`\n${table}`);
  }
  if (options.json) {
    const context = { backend, paramCount: session.paramCount, elapsedMs, argv };
    const report = {
      ...(jsonReport(options, context, groups, { perRun, comparisons }, log, timer) as object),
      probes: probeRecords,
      ...(options.robust ? { robustConfig: options.robust, robust } : {}),
    };
    await writeFile(options.json, `${JSON.stringify(report)}\n`);
    console.error(`train: wrote ${options.json}`);
  }
  session.dispose();
  return 0;
}

/** Runs the queued probes to the end (the CLI does not interleave them with training). */
async function runProbes(probes: SessionProbes, records: ProbeRecord[], tty: boolean): Promise<void> {
  for (let update = await probes.slice(); update; update = await probes.slice()) {
    if (update.type === 'failed')
      console.error(`train: probe ${update.request.kind} ${update.request.runId}: ${update.message}`);
    if (update.type !== 'finished') continue;
    const record = probeRecord(update);
    records.push(record);
    process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${probeLine(record)}\n`);
  }
}

runTool('train', TRAIN_USAGE, main);
