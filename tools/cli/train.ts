/**
 * Headless lockstep comparison: every run starts from the same weights and sees the same batches
 * (the app's Session), with a one-line progress display on stderr, a table on stdout and, with
 * --json, every metric in a file. Exit codes: 0 done, 1 failed, 2 bad flags.
 *
 *   npm run train -- --optimizers sgd,sam,bisam-log --steps 500 --batch 128 --json out.json
 *   npm run train -- --probe-every 250 --probes hessian,trace,common,line,surface --json out.json
 *   npm run train -- --robust fgsm,pgd --eps 1,2,4,8 --pgd-steps 10 --robust-examples 500
 */
import { writeFile } from 'node:fs/promises';
import { MODEL_PRESETS } from '../../src/config/model';
import type { ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import { probeRecord, SessionProbes } from '../../src/engine/probes/sessionProbes';
import { Session } from '../../src/engine/session/session';
import { runTool, UsageError } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';
import { MetricLog } from './metricLog';
import { probeLine, probeSummary } from './probeReport';
import { robustTable } from './robustReport';
import { StepTimer } from './stepTimer';
import { parseTrainArgs, TRAIN_USAGE, type TrainOptions } from './trainFlags';
import { finalTable, jsonReport, progressLine } from './trainReport';

/** Read the device scalars back every this many steps (one readback for all runs). */
const COLLECT_EVERY = 10;

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
  const dataset = await loadDataset(options.dataset, options.dataDir);
  const layers = MODEL_PRESETS[options.model].layers;
  const session = new Session({
    dataset,
    layers,
    batchSize: options.batch,
    seed: options.seed,
    totalSteps: options.steps,
    evalExamples: options.evalExamples,
    ...(options.robust ? { robust: options.robust } : {}),
    runs: options.runs,
  });
  console.error(
    `train: ${options.model} (${session.paramCount} parameters) on ${dataset.name}, backend ${backend}`,
  );
  const probes = new SessionProbes(session, dataset, layers, options.probes, options.seed);
  const { log, timer, elapsedMs, probeRecords, robust } = await trainLoop(session, probes, options);
  await probes.dispose();
  const testExamples = Math.min(options.evalExamples, dataset.test.count);
  console.log(finalTable(options, testExamples, session.runList, log, timer));
  const summary = probeSummary(
    probeRecords,
    session.runList.map((run) => run.id),
  );
  if (summary) console.log(`\n${summary}`);
  if (options.robust) console.log(`\n${robustTable(robust.filter((r) => r.step === robust.at(-1)?.step))}`);
  if (options.json) {
    const context = { backend, paramCount: session.paramCount, elapsedMs, argv };
    const report = {
      ...jsonReport(options, context, session.runList, log, timer),
      probes: probeRecords,
      ...(options.robust ? { robustConfig: options.robust, robust } : {}),
    };
    await writeFile(options.json, `${JSON.stringify(report)}\n`);
    console.error(`train: wrote ${options.json}`);
  }
  session.dispose();
  return 0;
}

async function trainLoop(
  session: Session,
  probes: SessionProbes,
  options: TrainOptions,
): Promise<{
  log: MetricLog;
  timer: StepTimer;
  elapsedMs: number;
  probeRecords: ProbeRecord[];
  robust: RobustRecord[];
}> {
  const probeRecords: ProbeRecord[] = [];
  const robust: RobustRecord[] = [];
  // The CLI has nothing to interleave: each robust evaluation runs to the end at its evaluation.
  const evaluateRobust = async () => {
    const job = session.startRobustEvaluation();
    if (!job) return;
    robust.push(...(await job.finish()));
    await job.dispose();
  };
  const log = new MetricLog(session.runList);
  const timer = new StepTimer(session.runList);
  const tty = process.stderr.isTTY;
  const started = performance.now();
  log.addEvaluations(await session.evaluate());
  await evaluateRobust();
  for (let step = 1; step <= options.steps && session.activeRuns.length > 0; step++) {
    session.trainStep();
    const evaluating = step % options.evalEvery === 0 || step === options.steps;
    if (step % COLLECT_EVERY === 0 || evaluating) {
      log.addChunks(await session.collect());
      const line = progressLine(step, options.steps, performance.now() - started, session.runList, log);
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else if (evaluating) process.stderr.write(`${line}\n`);
    }
    if (evaluating) {
      log.addEvaluations(await session.evaluate());
      await evaluateRobust();
    }
    if (probes.scheduleAt(step).length > 0) await runProbes(probes, probeRecords, tty);
  }
  log.addChunks(await session.collect());
  if (tty) process.stderr.write('\n');
  if (probes.config.every === 0 && probes.config.kinds.length > 0) {
    probes.requestAll(probes.config.kinds);
    await runProbes(probes, probeRecords, tty);
  }
  return { log, timer, elapsedMs: performance.now() - started, probeRecords, robust };
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
