import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import type { EvaluationRecord } from '../../src/config/metrics';
import { decodeConfig, encodeConfig } from '../../src/config/url';
import { syntheticDataset } from '../../src/engine/data/synthetic';
import { sessionOptionsFor } from '../../src/engine/session/fromConfig';
import { Session } from '../../src/engine/session/session';
import { TrainerController } from '../../src/worker/controller';
import type { RequestBody, WorkerEvent, WorkerRequest } from '../../src/worker/protocol';
import { yieldToEvents } from '../../src/worker/trainLoop';
import { parseTrainArgs } from './trainFlags';
import { experimentConfigOf, trainComparison } from './trainSession';

function parse(argv: string[]) {
  const parsed = parseTrainArgs(argv);
  if (!parsed.ok) throw new Error('help' in parsed ? 'help' : parsed.errors.join('; '));
  return parsed.options;
}

const errors = (argv: string[]) => {
  const parsed = parseTrainArgs(argv);
  return parsed.ok || 'help' in parsed ? [] : parsed.errors;
};

describe('train --seeds, --sweep, --baseline', () => {
  it('reads a seed range as the first seed and a count', () => {
    expect(parse(['--seeds', '1-5'])).toMatchObject({ seed: 1, seeds: 5 });
    expect(parse(['--seed', '7', '--seeds', '3'])).toMatchObject({ seed: 7, seeds: 3 });
    expect(parse([])).toMatchObject({ seed: 1, seeds: 1, baseline: 'sgd', sweep: [] });
  });

  it('reads a sweep and a baseline among the swept runs', () => {
    const options = parse(['--sweep', 'sam.rho:0.02,0.1', '--baseline', 'sam@rho=0.1']);
    expect(options.sweep).toEqual([{ runId: 'sam', key: 'rho', values: [0.02, 0.1] }]);
    expect(options.baseline).toBe('sam@rho=0.1');
  });

  it('names every problem: seed range, sweep, baseline and the replica limit', () => {
    expect(errors(['--seeds', '3-20'])).toEqual(['--seeds: between 1 and 10 seeds, got 18 from "3-20"']);
    expect(errors(['--sweep', 'sgd.mu:1'])).toEqual([
      '--sweep: sweep "sgd.mu:1" was dropped: SGD does not read bisamMu',
    ]);
    expect(errors(['--baseline', 'adam'])).toEqual([
      '--baseline must be one of sgd, sam, bisam-log, got "adam"',
    ]);
    expect(errors(['--seeds', '1-10', '--sweep', 'sam.rho:0.01,0.02,0.05'])[0]).toMatch(
      /^5 runs × 10 seeds = 50 replicas .* at most 40/,
    );
  });

  it('describes the same experiment as the app link of the same settings', () => {
    const options = parse([
      '--optimizers',
      'sgd,sam',
      '--seeds',
      '2-4',
      '--sweep',
      'sam.rho:0.02,0.1',
      '--steps',
      '30',
    ]);
    const config = experimentConfigOf(options);
    expect(decodeConfig(`?${encodeConfig(config)}`, DEFAULT_CONFIG)).toEqual({
      config,
      problems: [],
      version: 2,
    });
  });

  it('trains the same numbers as the app worker for the same configuration', async () => {
    const dataset = syntheticDataset({
      trainCount: 64,
      testCount: 32,
      imageShape: [28, 28, 1],
      numClasses: 10,
    });
    const options = parse([
      ...['--optimizers', 'sgd,sam', '--seeds', '2-3', '--sweep', 'sam.rho:0.02,0.1'],
      ...[
        '--model',
        'tiny-cnn',
        '--steps',
        '4',
        '--batch',
        '8',
        '--eval-every',
        '4',
        '--eval-examples',
        '32',
      ],
      ...['--backend', 'cpu'],
    ]);
    const config = experimentConfigOf(options);
    // The app: the worker's controller, configured as the page does.
    const events: WorkerEvent[] = [];
    const controller = new TrainerController(
      (event) => events.push(event),
      async () => dataset,
    );
    const request = (body: RequestBody) =>
      controller.handle({ ...body, requestId: events.length } as WorkerRequest);
    await request({ type: 'configure', config, dataUrl: 'memory' });
    await request({ type: 'start' });
    while (!events.some((e) => e.type === 'status' && e.status === 'done')) await yieldToEvents();
    const app = events
      .flatMap((e) => (e.type === 'metrics' ? e.evaluations : []))
      .filter((e) => e.step === 4);
    // The CLI, on the backend the controller chose.
    const session = new Session(sessionOptionsFor(config, dataset));
    const { log } = await trainComparison(session, options);
    const cli = [...log.runs].map(([key, runLog]) => [key, runLog.evaluations.at(-1)?.testLoss] as const);
    const byKey = (e: EvaluationRecord) => `${e.runId}#${e.replica}`;
    expect(cli).toHaveLength(6);
    expect(new Map(cli)).toEqual(new Map(app.map((e) => [byKey(e), e.testLoss])));
    session.dispose();
  });
});
