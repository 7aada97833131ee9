import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, type Bundle, type BundleRun, parseBundle, stringifyBundle } from './bundle';
import { DEFAULT_CONFIG } from './defaults';
import { DECISION_BOUNDARY } from './metrics';
import { DEFAULT_PROBE_CONFIG } from './probes';

const run: BundleRun = {
  id: 'sam',
  name: 'SAM',
  color: '#dc2626',
  optimizer: 'sam',
  gradEvalsPerStep: 2,
  steps: [0, 1, 2],
  wallMs: [10, 20.5, 31],
  metrics: { loss: [2.3, 2.1, Number.NaN], sharpness: [0.01, Number.NaN, 0.03] },
  evaluations: [{ step: 0, testLoss: 2.31, testAccuracy: 0.1 }],
};

const bundle: Bundle = {
  format: BUNDLE_FORMAT,
  bundleVersion: 1,
  config: DEFAULT_CONFIG,
  runs: [run],
  events: [{ kind: 'hyperparams', runId: 'sam', step: 1, key: 'rho', from: 0.05, to: 0.1 }],
  environment: {
    appVersion: '0.1.0',
    timestamp: '2025-01-01T00:00:00.000Z',
    userAgent: 'test',
    backend: { backend: 'wasm' },
  },
};

/** The bundle as JSON with one part replaced, to break it on purpose. */
const withRun = (patch: Partial<Record<keyof BundleRun, unknown>>) =>
  JSON.stringify({ ...bundle, runs: [{ ...run, ...patch }] });

describe('parseBundle', () => {
  it('reads back probe records and the probe settings, so an import keeps them', () => {
    const record = {
      kind: 'common' as const,
      runId: 'sam',
      step: 2,
      spend: { gradientEvaluations: 3, forwardEvaluations: 3, ms: 120 },
      result: {
        ce: { lossIncrease: 0.02, errorIncrease: 0.01, flips: 5 },
        qTanh: { lossIncrease: 0.01, errorIncrease: 0.02, flips: 9 },
        qLog: { lossIncrease: 0.01, errorIncrease: 0.03, flips: 11 },
      },
    };
    const probes = { ...DEFAULT_PROBE_CONFIG, every: 500, kinds: ['hessian' as const, 'common' as const] };
    const withProbes: Bundle = {
      ...bundle,
      config: { ...DEFAULT_CONFIG, probes },
      events: [...bundle.events, { kind: 'probe', runId: 'sam', step: 2, record }],
    };
    const parsed = parseBundle(stringifyBundle(withProbes));
    expect(parsed.ok && parsed.bundle.events.at(-1)).toEqual({
      kind: 'probe',
      runId: 'sam',
      step: 2,
      record,
    });
    expect(parsed.ok && parsed.config?.probes).toEqual(probes);
    const broken = JSON.stringify({
      ...withProbes,
      events: [{ kind: 'probe', runId: 'sam', step: 2, record: { ...record, kind: 'curvature' } }],
    });
    expect(parseBundle(broken).ok).toBe(false);
  });

  it('reads back the settings each probe record was measured with, and refuses one out of its range', () => {
    const hessian = (step: number, size: number) => ({
      kind: 'hessian' as const,
      runId: 'sam',
      step,
      spend: { gradientEvaluations: 4, forwardEvaluations: 0, ms: 9 },
      result: { lambdaMax: 3, perIteration: [2, 3] },
      settings: { size, iterations: 2 },
    });
    const events: Bundle['events'] = [hessian(20, 64), hessian(40, 32)].map((record) => ({
      kind: 'probe',
      runId: 'sam',
      step: record.step,
      record,
    }));
    const parsed = parseBundle(stringifyBundle({ ...bundle, events: [...bundle.events, ...events] }));
    expect(parsed.ok && parsed.bundle.events.slice(-2)).toEqual(events);
    const tooLarge = { ...hessian(60, 64), settings: { size: 64, iterations: 1000 } };
    const broken = { ...bundle, events: [{ kind: 'probe', runId: 'sam', step: 60, record: tooLarge }] };
    const refused = parseBundle(JSON.stringify(broken));
    expect(refused.ok ? [] : refused.problems).toEqual([
      expect.stringMatching(/^events\[0\]\.record\.settings\.iterations: /),
    ]);
  });

  it('reads back what stringifyBundle wrote, NaN included', () => {
    const parsed = parseBundle(stringifyBundle(bundle));
    expect(parsed).toEqual({ ok: true, bundle, config: DEFAULT_CONFIG, warnings: [] });
  });

  it("keeps an evaluation's memorisation accuracies and decision boundary through export and import", () => {
    const boundary = Uint8Array.from({ length: DECISION_BOUNDARY.resolution ** 2 }, (_, i) => i % 3);
    const evaluation = {
      step: 2,
      testLoss: 1,
      testAccuracy: 0.5,
      noisyTrueAccuracy: 0.25,
      noisyLabelAccuracy: 0.125,
    };
    const withRegime: Bundle = { ...bundle, runs: [{ ...run, evaluations: [{ ...evaluation, boundary }] }] };
    const parsed = parseBundle(stringifyBundle(withRegime));
    expect(parsed.ok && parsed.bundle.runs[0]?.evaluations).toEqual([{ ...evaluation, boundary }]);
  });

  it('reads a decision boundary an earlier page wrote as an object of cells', () => {
    const boundary = Uint8Array.from({ length: DECISION_BOUNDARY.resolution ** 2 }, (_, i) => i % 2);
    const evaluation = { step: 2, testLoss: 1, testAccuracy: 0.5 };
    const parsed = parseBundle(withRun({ evaluations: [{ ...evaluation, boundary: { ...boundary } }] }));
    expect(parsed.ok && parsed.bundle.runs[0]?.evaluations).toEqual([{ ...evaluation, boundary }]);
  });

  it.each([
    ['{"format":', /^not a JSON file: /],
    ['[1,2]', /^not a SAM Playground bundle: "format" must be "sam-playground-bundle"$/],
    [JSON.stringify({ ...bundle, runs: [] }), /^runs: the bundle has no runs$/],
    [withRun({ metrics: { loss: [1, 2] } }), /^runs\[0\]\.metrics\.loss: 2 values for 3 steps$/],
    [withRun({ steps: [0, 2, 1] }), /^runs\[0\]\.steps\[2\]: steps must increase$/],
    [withRun({ optimizer: 'adam' }), /^runs\[0\]\.optimizer: Invalid option/],
    [
      withRun({ evaluations: [{ step: -1, testLoss: 1, testAccuracy: 0.5 }] }),
      /^runs\[0\]\.evaluations\[0\]\.step: Too small/,
    ],
    [
      JSON.stringify({ ...bundle, bundleVersion: 9 }),
      /^bundleVersion: this bundle comes from a newer version of the app \(bundleVersion 9\); this page reads bundleVersion 1$/,
    ],
    [JSON.stringify({ ...bundle, bundleVersion: '1' }), /^bundleVersion: must be 1, got "1"$/],
    // A PNG's first bytes as File.text() decodes them: the message must not quote them.
    ['\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', /^not a JSON file$/],
    [JSON.stringify({ ...bundle, environment: undefined }), /^environment: Invalid input/],
    [
      withRun({ evaluations: [{ step: 0, testLoss: 1, testAccuracy: 0.5, boundary: [0, 1] }] }),
      /^runs\[0\]\.evaluations\[0\]\.boundary: Too small/,
    ],
  ])('rejects a malformed bundle with a specific message (%#)', (text, message) => {
    const parsed = parseBundle(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatch(message);
  });

  it('shows the curves of a bundle whose config no longer validates, with a warning', () => {
    const parsed = parseBundle(JSON.stringify({ ...bundle, config: { ...DEFAULT_CONFIG, batchSize: 0 } }));
    expect(parsed.ok && parsed.config).toBe(undefined);
    expect(parsed.ok && parsed.warnings).toEqual([
      'its config is not valid here (batchSize: Too small: expected number to be >=1); showing its curves only',
    ]);
  });

  it('ignores metrics it does not know, with a warning', () => {
    const parsed = parseBundle(withRun({ metrics: { loss: [1, 2, 3], entropy: [1, 1, 1] } }));
    expect(parsed.ok && Object.keys(parsed.bundle.runs[0]?.metrics ?? {})).toEqual(['loss']);
    expect(parsed.ok && parsed.warnings).toEqual(['run "sam": unknown metric "entropy" was ignored']);
  });

  it('opens a bundle written before the naming rule with the same meaning', () => {
    const oldRun = {
      ...run,
      optimizer: 'bisam-tanh',
      metrics: { loss: [1, 2, 3], q: [0.5, 0.4, 0.3], rhoMin: [0.05, 0.04, 0.03] },
    };
    const oldConfig = {
      ...DEFAULT_CONFIG,
      runs: [
        { id: 'sgd', name: 'SGD', optimizer: 'sgd', hparams: { sharpnessProbeEvery: 10 } },
        { id: 'bisam-tanh', name: 'BiSAM (tanh)', optimizer: 'bisam-tanh', hparams: { mu: 2, alpha: 0.3 } },
      ],
    };
    const oldEvents = [{ kind: 'hyperparams', runId: 'bisam-tanh', step: 1, key: 'mu', from: 1, to: 2 }];
    const parsed = parseBundle(
      JSON.stringify({ ...bundle, config: oldConfig, runs: [oldRun], events: oldEvents }),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.bundle.runs[0]?.metrics).toEqual({
      loss: [1, 2, 3],
      bisamQ: [0.5, 0.4, 0.3],
      bsamRhoMin: [0.05, 0.04, 0.03],
    });
    expect(
      parsed.config?.runs.map((r) => [r.hparams.sgdProbeEvery, r.hparams.bisamMu, r.hparams.bisamAlpha]),
    ).toEqual([
      [10, 1, 0.1],
      [0, 2, 0.3],
    ]);
    expect(parsed.bundle.events[0]).toMatchObject({ kind: 'hyperparams', key: 'bisamMu' });
  });
});
