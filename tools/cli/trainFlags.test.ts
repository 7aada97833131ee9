import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBE_CONFIG } from '../../src/config/probes';
import { parseTrainArgs, TRAIN_USAGE } from './trainFlags';

function options(argv: string[]) {
  const parsed = parseTrainArgs(argv);
  if (!parsed.ok) throw new Error('help' in parsed ? 'help' : parsed.errors.join('; '));
  return parsed.options;
}

function errors(argv: string[]): string[] {
  const parsed = parseTrainArgs(argv);
  return parsed.ok || 'help' in parsed ? [] : parsed.errors;
}

describe('train flags', () => {
  it('defaults to sgd, sam and bisam-log with the config defaults', () => {
    const { runs, steps, batch } = options([]);
    expect(runs.map((r) => r.id)).toEqual(['sgd', 'sam', 'bisam-log']);
    expect([steps, batch]).toEqual([500, 128]);
    expect(runs[1]?.hparams.rho).toBe(0.05);
  });

  it('reads asam and NAME:adaptive as the adaptive form with ρ = 0.5', () => {
    const [asam, bisam] = options(['--optimizers', 'asam,bisam-log:adaptive']).runs;
    expect(asam).toMatchObject({ id: 'asam', optimizer: 'sam', hparams: { adaptive: true, rho: 0.5 } });
    expect(bisam).toMatchObject({ optimizer: 'bisam-log', hparams: { adaptive: true, rho: 0.5 } });
  });

  it('applies --set to every run and RUN.--set to one run, the run-specific value winning', () => {
    const runs = options([
      '--optimizers=sgd,bisam-log',
      '--set',
      'bisam-log.rho=0.1',
      '--set',
      'rho=0.2',
      '--set',
      'schedule.kind=cosine',
      '--set',
      'nesterov=true',
    ]).runs;
    expect(runs.map((r) => r.hparams.rho)).toEqual([0.2, 0.1]);
    expect(runs.every((r) => r.hparams.schedule.kind === 'cosine' && r.hparams.nesterov)).toBe(true);
  });

  it('reads the knob names from before the naming rule in --set with the same meaning', () => {
    const old = options([
      '--optimizers=sgd,bisam-tanh',
      '--set',
      'bisam-tanh.mu=2',
      '--set',
      'sharpnessProbeEvery=5',
    ]);
    const current = options([
      '--optimizers=sgd,bisam-tanh',
      '--set',
      'bisam-tanh.bisamMu=2',
      '--set',
      'sgdProbeEvery=5',
    ]);
    expect(old.runs).toEqual(current.runs);
    expect(old.runs.map((r) => [r.hparams.sgdProbeEvery, r.hparams.bisamMu])).toEqual([
      [5, 1],
      [5, 2],
    ]);
  });

  it('reports every bad flag at once, each naming the flag or key', () => {
    expect(
      errors([
        '--steps',
        '0',
        '--optimizers',
        'sgd,adam',
        '--set',
        'sgd.rhoo=1',
        '--model',
        'vgg',
        '--frobnicate',
      ]),
    ).toEqual([
      'unknown flag --frobnicate',
      '--steps must be an integer in [1, 1000000], got "0"',
      expect.stringMatching(/^--model must be one of .*got "vgg"/),
      expect.stringMatching(/^--optimizers: unknown optimizer "adam"/),
      expect.stringMatching(/^--set sgd\.rhoo=1: unknown hyperparameter "rhoo"/),
    ]);
    expect(errors(['--set', 'sam.rhoo=1'])).toEqual([
      expect.stringMatching(/^--set sam\.rhoo=1: unknown hyperparameter "rhoo"/),
    ]);
    expect(errors(['--set', 'lr=-1', '--optimizers', 'sam'])).toEqual([
      expect.stringMatching(/^--set: sam\.lr: /),
    ]);
    expect(errors(['--optimizers', 'sam,sam'])).toEqual(['--optimizers: "sam" is listed twice']);
    expect(errors(['--json'])).toEqual(['--json needs a value']);
  });

  it('asks for help with --help', () => {
    expect(parseTrainArgs(['--steps', '3', '--help'])).toEqual({ ok: false, help: true });
  });
});

describe('probe flags', () => {
  it('read the probe list, the schedule and the settings over the defaults', () => {
    const { probes } = options([
      '--probes',
      'hessian,common,surface',
      '--probe-every',
      '250',
      '--probe-grid',
      '11',
      '--probe-rho',
      '0.1',
    ]);
    expect(probes).toMatchObject({
      kinds: ['hessian', 'common', 'surface'],
      every: 250,
      gridSize: 11,
      rho: 0.1,
      size: 512,
      iterations: 20,
    });
    expect(options([]).probes.kinds).toEqual([]);
  });

  it('name the flag of a bad probe setting', () => {
    expect(errors(['--probes', 'hessian,curvature'])).toEqual([
      '--probes: each must be one of hessian, trace, common, line, surface, got "hessian,curvature"',
    ]);
    expect(errors(['--probe-every', '-1'])[0]).toMatch(/^--probe-every: .*got "-1"$/);
  });

  it("read the adversaries' μ and α, the line's points and Hutchinson's n, as the page and link do", () => {
    const flags = ['--probes', 'common,line', '--probe-mu', '2', '--probe-alpha', '0.5'];
    const { probes } = options([...flags, '--probe-line-points', '9', '--probe-samples', '4']);
    expect(probes).toEqual({
      ...DEFAULT_PROBE_CONFIG,
      kinds: ['common', 'line'],
      mu: 2,
      alpha: 0.5,
      linePoints: 9,
      traceSamples: 4,
    });
  });

  it('name each bad probe setting by its flag, in the words the page uses', () => {
    expect(errors(['--probe-mu', '0', '--probe-line-points', '2.5', '--probe-alpha', 'x'])).toEqual([
      '--probe-mu: Probe Q temperature μ must be > 0 and ≤ 100, got "0"',
      '--probe-alpha: Probe Q_tanh slope α is not a number, got "x"',
      '--probe-line-points: Line points must be a whole number ≥ 3 and ≤ 201, got "2.5"',
    ]);
  });

  it('list every probe setting in the usage text', () => {
    for (const flag of [
      '--probe-mu',
      '--probe-alpha',
      '--probe-line-points',
      '--probe-samples',
      '--probe-grid',
    ])
      expect(TRAIN_USAGE).toContain(`  ${flag} `);
  });
});
