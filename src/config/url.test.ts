import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../methods/metas';
import { randomConfig, seededRandom } from '../testing/randomConfig';
import { DEFAULT_CONFIG } from './defaults';
import { DEFAULT_HYPERPARAMS } from './optimizers';
import { modelLayers } from './schema';
import { decodeConfig, encodeConfig } from './url';
import { URL_V2_FROZEN_KEYS, URL_V2_HYPERPARAMS } from './urlRuns';

const decode = (search: string) => decodeConfig(search, DEFAULT_CONFIG);

describe('URL codec, version 2', () => {
  it('round-trips 300 random valid configurations exactly', () => {
    const random = seededRandom(20240611);
    for (let i = 0; i < 300; i++) {
      const config = randomConfig(random);
      const search = `?${encodeConfig(config)}`;
      expect(decode(search), search).toEqual({ config, problems: [], version: 2 });
    }
  });

  it('writes the default comparison compactly and readably', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).toBe(
      'v=2&data=fashion-mnist&model=small-cnn&batch=64&steps=2000&seed=1&seeds=1&evalEvery=100&evalExamples=2000&backend=auto&runs=sgd(sgdProbeEvery=10),sam,bisam-log',
    );
  });

  it('round-trips seeds and a 2-D sweep in a readable form', () => {
    const config = {
      ...DEFAULT_CONFIG,
      seeds: 5,
      sweep: [
        { runId: 'sam', key: 'rho' as const, values: [0.01, 0.02, 0.05] },
        { runId: 'sam', key: 'lr' as const, values: [0.01, 0.1] },
      ],
    };
    const search = encodeConfig(config);
    expect(search).toMatch(/&seeds=5&.*&sweep=sam\.rho:0\.01,0\.02,0\.05;sam\.lr:0\.01,0\.1$/);
    expect(decode(`?${search}`)).toEqual({ config, problems: [], version: 2 });
  });

  it('reads a hand-written seeds and sweep link', () => {
    const { config, problems } = decode('?v=2&seeds=3&sweep=sam.rho:0.01,0.02,0.05,0.1,0.2');
    expect(problems).toEqual([]);
    expect(config.seeds).toBe(3);
    expect(config.sweep).toEqual([{ runId: 'sam', key: 'rho', values: [0.01, 0.02, 0.05, 0.1, 0.2] }]);
  });

  it('refuses more than ten seeds and a sweep of a run the link does not have, saying why', () => {
    const { config, problems } = decode('?v=2&seeds=11&sweep=gsam.rho:0.1');
    expect(config.seeds).toBe(1);
    expect(config.sweep).toEqual([]);
    expect(problems).toEqual([
      'seeds="11" is out of range: must be a whole number from 1 to 10; using 1',
      'sweep "gsam.rho:0.1" was dropped: no run with id "gsam" (runs: sgd, sam, bisam-log)',
    ]);
  });

  it('lists only the hyperparameters that differ from the defaults', () => {
    const [sgd, sam] = DEFAULT_CONFIG.runs as [
      (typeof DEFAULT_CONFIG.runs)[0],
      (typeof DEFAULT_CONFIG.runs)[0],
    ];
    const runs = [sgd, { ...sam, hparams: { ...sam.hparams, rho: 0.1 } }];
    expect(encodeConfig({ ...DEFAULT_CONFIG, runs })).toMatch(
      /&runs=sgd\(sgdProbeEvery=10\),sam\(rho=0\.1\)$/,
    );
  });

  it('reads a short hand-written link, filling the rest from the defaults', () => {
    const { config, problems } = decode('?v=2&runs=sam(rho=0.2,schedule=cosine),bisam-tanh(alpha=0.5)');
    expect(problems).toEqual([]);
    expect(config.steps).toBe(DEFAULT_CONFIG.steps);
    expect(
      config.runs.map((r) => [r.id, r.name, r.hparams.rho, r.hparams.bisamAlpha, r.hparams.schedule.kind]),
    ).toEqual([
      ['sam', 'SAM', 0.2, 0.1, 'cosine'],
      ['bisam-tanh', 'BiSAM (tanh)', 0.05, 0.5, 'constant'],
    ]);
  });

  it('reads the knob names links used before the naming rule with the same meaning', () => {
    const old = decode(
      '?v=2&runs=sgd(sharpnessProbeEvery=10),bisam-tanh(mu=2,alpha=0.5),gsam(rhoMin=0.01),ssam-f(sparsity=0.3,maskUpdateEvery=5,fisherSamples=16),ssam-d(dropRate=0.2)',
    );
    const current = decode(
      '?v=2&runs=sgd(sgdProbeEvery=10),bisam-tanh(bisamMu=2,bisamAlpha=0.5),gsam(gsamRhoMin=0.01),ssam-f(ssamSparsity=0.3,ssamMaskUpdateEvery=5,ssamFisherSamples=16),ssam-d(ssamDropRate=0.2)',
    );
    expect(old.problems).toEqual([]);
    expect(old.config).toEqual(current.config);
    expect(old.config.runs[2]?.hparams.gsamRhoMin).toBe(0.01);
  });

  it('numbers repeated methods: sam, sam-2 / SAM, SAM 2', () => {
    const { config } = decode('?v=2&runs=sam,sam');
    expect(config.runs.map((r) => [r.id, r.name])).toEqual([
      ['sam', 'SAM'],
      ['sam-2', 'SAM 2'],
    ]);
  });

  it('reads a custom model in the layer grammar', () => {
    const { config, problems } = decode('?v=2&model=custom&layers=conv(8,5,s2,valid,tanh)-flat-dense(10)');
    expect(problems).toEqual([]);
    expect(config.layers).toEqual([
      { type: 'conv2d', filters: 8, kernelSize: 5, strides: 2, padding: 'valid', activation: 'tanh' },
      { type: 'flatten' },
      { type: 'dense', units: 10, activation: 'linear' },
    ]);
  });

  it('freezes the hyperparameter defaults it leaves out (bump the URL version if this fails)', () => {
    for (const key of URL_V2_FROZEN_KEYS)
      expect(URL_V2_HYPERPARAMS[key], key).toEqual(DEFAULT_HYPERPARAMS[key]);
  });
});

describe('URL codec, data regimes', () => {
  it('round-trips a dataset with its regime and writes no regime fields when there is none', () => {
    const config = {
      ...DEFAULT_CONFIG,
      dataset: 'cifar10:my batches',
      subset: 1000,
      labelNoise: { kind: 'pair' as const, rate: 0.2 },
      augment: { crop: true, flip: false },
    };
    const query = encodeConfig(config);
    expect(query).toContain('data=cifar10:my%20batches&subset=1000&noise=pair:0.2&augment=crop&');
    expect(decodeConfig(`?${query}`, DEFAULT_CONFIG)).toEqual({ config, problems: [], version: 2 });
    expect(encodeConfig(DEFAULT_CONFIG)).not.toMatch(/subset|noise|augment/);
  });

  it("sizes a preset's last layer to a toy set's classes", () => {
    const { config, problems } = decodeConfig('?v=2&data=blobs&toyNoise=0.3&model=mlp-2d', DEFAULT_CONFIG);
    expect(problems).toEqual([]);
    expect(config.toyNoise).toBe(0.3);
    expect(modelLayers(config).at(-1)).toEqual({ type: 'dense', units: 3, activation: 'linear' });
  });
});

describe('URL codec, bad links', () => {
  /** Each broken field: the one message it gives; every other field keeps its default. */
  const cases: [string, string][] = [
    ['batch=0', 'batch="0" is out of range: must be a whole number from 1 to 1,024; using 64'],
    ['steps=1.5', 'steps="1.5" is out of range: must be a whole number from 1 to 1,000,000; using 2000'],
    ['seed=-1', 'seed="-1" is out of range: must be a whole number from 0 to 2,147,483,647; using 1'],
    [
      'evalEvery=often',
      'evalEvery="often" is not a number: must be a whole number from 1 to 100,000; using 100',
    ],
    ['evalExamples=', 'evalExamples="" is not a number: must be a whole number from 1 to 10,000; using 2000'],
    ['backend=quantum', 'backend must be one of auto, webgpu, webgl, wasm, cpu, got "quantum"; using auto'],
    [
      'model=huge',
      'model must be one of small-cnn, tiny-cnn, mlp, mlp-2d, lenet5, resnet8, resnet20, custom, got "huge"; using small-cnn',
    ],
    [
      'data=cifar',
      'data: "cifar" is not a dataset: use one of fashion-mnist, mnist, spiral, moons, circles, xor, blobs, cifar10:LABEL, idx:LABEL, csv:LABEL; using fashion-mnist',
    ],
    [
      'noise=symmetric:0.9',
      'noise: "symmetric:0.9" is not a label noise (symmetric:RATE with RATE 0–0.8, or pair:RATE below 0.5; Too big: expected number to be <=0.8); using clean labels',
    ],
    [
      'noise=pair:0.6',
      'noise: "pair:0.6" is not a label noise (symmetric:RATE with RATE 0–0.8, or pair:RATE below 0.5; pair-flip noise must stay below 0.5 (beyond, class c+1 outnumbers c)); using clean labels',
    ],
    ['subset=5', 'subset="5" must be a whole number from 10 to 1,000,000; using all the examples'],
    ['augment=rotate', 'augment: "rotate" is not crop or flip; no augmentation'],
    ['colour=red', 'unknown URL parameter "colour" was ignored'],
    ['model=custom', 'model=custom needs layers=… (e.g. conv(16,3)-pool(2)-flat-dense(10)); using small-cnn'],
    [
      'model=custom&layers=conv(0,3)-flat-dense(10)',
      'layers: layer 1 "conv(0,3)": filters: Too small: expected number to be >=1; using the default model',
    ],
    [
      'model=custom&layers=conv(8,3)-blob-dense(10)',
      'layers: layer 2 "blob": unknown layer "blob" (use conv, pool, bn, act, gap, res, drop, flat or dense); using the default model',
    ],
    [
      'model=custom&layers=flat-dense(12)',
      'layers: the last layer must be dense with 10 units (one logit per class); using small-cnn',
    ],
    [
      'model=custom&layers=pool(8)-pool(8)-flat-dense(10)',
      'layers: layer 2 (maxPool2d): a 8×8 pool does not fit a 3×3 input; using small-cnn',
    ],
    [
      'runs=adam,sgd(sharpnessProbeEvery=10),sam,bisam-log',
      `runs: run 1 "adam" was dropped: unknown method "adam" (use ${OPTIMIZER_NAMES.join(', ')})`,
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(rho=-1),bisam-log',
      'runs: run 2 "sam(rho=-1)": rho="-1" is invalid: Radius ρ must be ≥ 0 and ≤ 10; using the default',
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(rho=abc),bisam-log',
      'runs: run 2 "sam(rho=abc)": rho="abc" is not a number; using the default',
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(nesterov=maybe),bisam-log',
      'runs: run 2 "sam(nesterov=maybe)": nesterov="maybe" must be true or false; using the default',
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(beta2=3),bisam-log',
      'runs: run 2 "sam(beta2=3)": unknown setting "beta2"; using the default',
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(lr),bisam-log',
      'runs: run 2 "sam(lr)": "lr" is not key=value; using the default',
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(color=red),bisam-log',
      'runs: run 2 "sam(color=red)": color must be six hex digits like dc2626, got "red"; using the default',
    ],
    [
      'runs=sgd(sharpnessProbeEvery=10),sam(schedule=sometimes),bisam-log',
      'runs: run 2 "sam(schedule=sometimes)": schedule="sometimes" is invalid: Invalid option: expected one of "constant"|"cosine"|"step"; using the default',
    ],
    ['runs=sgd,sam(,bisam-log', 'runs: run 2 "sam(,bisam-log" was dropped: expected name or name(arguments)'],
  ];

  it.each(cases)('?v=2&%s gives its message and keeps the defaults', (query, message) => {
    const { config, problems } = decode(`?v=2&${query}`);
    expect(problems).toEqual([message]);
    if (!query.startsWith('runs=sgd,sam(,')) expect(config).toEqual(DEFAULT_CONFIG);
  });

  it('falls back to the default runs when none is usable', () => {
    const { config, problems } = decode('?v=2&runs=adam');
    expect(config.runs).toEqual(DEFAULT_CONFIG.runs);
    expect(problems).toContain('runs: no usable run in the link; using the default runs');
  });

  it('gives a second run with a taken id a new id', () => {
    const { config, problems } = decode('?v=2&runs=sgd,sam(id=sgd)');
    expect(config.runs.map((r) => r.id)).toEqual(['sgd', 'sam']);
    expect(problems).toEqual(['runs: run 2 "sam(id=sgd)": id "sgd" is already used; using a new one']);
  });

  it('reads a link from a newer version as far as it can and says so', () => {
    const { config, problems } = decode('?v=7&batch=32');
    expect(config.batchSize).toBe(32);
    expect(problems[0]).toMatch(/newer version of the app \(v=7\)/);
  });
});

describe('URL codec, version-1 links', () => {
  it('opens a flat version-1 link over the default comparison, lr for every run', () => {
    const { config, problems, version } = decode(
      '?backend=cpu&steps=400&model=mlp&batch=16&evalExamples=100&lr=0.1',
    );
    expect(version).toBe(1);
    expect(problems).toEqual([]);
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      backend: 'cpu',
      steps: 400,
      model: 'mlp',
      batchSize: 16,
      evalExamples: 100,
      runs: DEFAULT_CONFIG.runs.map((run) => ({ ...run, hparams: { ...run.hparams, lr: 0.1 } })),
    });
  });

  it('opens the bare default comparison for a link with just a backend', () => {
    expect(decode('?backend=wasm')).toEqual({
      config: { ...DEFAULT_CONFIG, backend: 'wasm' },
      problems: [],
      version: 1,
    });
  });

  it('reports each broken version-1 field and keeps the rest', () => {
    const { config, problems } = decode('?backend=cpu&batch=-3&model=huge&steps=2&lr=NaN');
    expect(problems).toEqual([
      'model must be one of small-cnn, tiny-cnn, mlp, mlp-2d, lenet5, resnet8, resnet20, custom, got "huge"; using small-cnn',
      'batch="-3" is out of range: must be a whole number from 1 to 1,024; using 64',
      'lr="NaN" is not a number: must be > 0 and ≤ 10; using 0.05',
    ]);
    expect(config).toEqual({ ...DEFAULT_CONFIG, backend: 'cpu', steps: 2 });
  });

  it('understands the version-2 lists in an unversioned link', () => {
    const { config, problems } = decode('?backend=cpu&runs=sgd');
    expect(problems).toEqual([]);
    expect(config.runs.map((run) => run.id)).toEqual(['sgd']);
  });

  it('does not read the version-1 lr from a version-2 link (runs carry their own)', () => {
    expect(decode('?v=2&lr=0.1').problems).toEqual(['unknown URL parameter "lr" was ignored']);
  });
});
