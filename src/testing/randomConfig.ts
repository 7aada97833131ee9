/**
 * Seeded random valid experiment configurations, for property tests of everything that carries a
 * config (URL codec, bundles). Covers every field, custom models, odd run names and colours.
 */

import { knobProblem } from '../config/knobText';
import { MAX_RUNS, MAX_SEEDS } from '../config/limits';
import type { LayerSpec } from '../config/model';
import { MODEL_PRESET_NAMES } from '../config/model';
import { describeModel } from '../config/modelShape';
import { HYPERPARAM_KNOBS, type HyperparamKey, type Hyperparams } from '../config/optimizers';
import { BACKEND_CHOICES, CONFIG_VERSION, type ExperimentConfig, type RunConfig } from '../config/schema';
import type { SweepAxis } from '../config/sweep';
import { URL_V2_HYPERPARAMS } from '../config/urlRuns';
import { createRng } from '../engine/random';
import { OPTIMIZER_INFO, OPTIMIZER_NAMES } from '../methods/metas';

export type Random = () => number;

/** The engine's seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export const seededRandom = (seed: number): Random => createRng(seed);

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

function randomKnobValue(random: Random, key: HyperparamKey): number | boolean {
  const knob = HYPERPARAM_KNOBS[key];
  if (knob.kind === 'boolean') return random() < 0.5;
  if (knob.integer) return int(random, knob.min, Math.min(knob.max, 500));
  // Awkward decimals on purpose: the codec must keep every digit.
  const span = knob.max - knob.min;
  for (;;) {
    const value = Number((knob.min + span * (0.001 + 0.998 * random()) ** 3).toPrecision(int(random, 1, 17)));
    if (!knobProblem(key, value)) return value;
  }
}

function randomHyperparams(random: Random): Hyperparams {
  const hparams: Record<string, unknown> = { ...URL_V2_HYPERPARAMS };
  for (const key of Object.keys(HYPERPARAM_KNOBS) as HyperparamKey[])
    if (random() < 0.3) hparams[key] = randomKnobValue(random, key);
  const schedule = { ...URL_V2_HYPERPARAMS.schedule };
  if (random() < 0.3) {
    schedule.kind = pick(random, ['constant', 'cosine', 'step'] as const);
    schedule.floor = Number(random().toFixed(3));
    schedule.every = int(random, 1, 5000);
    schedule.factor = Number((0.01 + 0.99 * random()).toFixed(2));
    schedule.warmupSteps = int(random, 0, 500);
  }
  return { ...hparams, schedule } as Hyperparams;
}

const NAME_CHARS = 'abcXYZ 019,()=%&#+?/éü-_.~*\'"';

function randomRun(random: Random, index: number): RunConfig {
  const optimizer = pick(random, OPTIMIZER_NAMES);
  const name = Array.from({ length: int(random, 1, 12) }, () => pick(random, [...NAME_CHARS])).join('');
  const color = random() < 0.5 ? `#${int(random, 0, 0xffffff).toString(16).padStart(6, '0')}` : undefined;
  const id = random() < 0.5 ? `run-${index}` : `${optimizer}-x${index}`;
  return { id, name, optimizer, hparams: randomHyperparams(random), ...(color ? { color } : {}) };
}

function randomLayers(random: Random): LayerSpec[] {
  for (;;) {
    const layers: LayerSpec[] = [];
    for (let i = int(random, 0, 3); i > 0; i--) {
      const activation = pick(random, ['linear', 'relu', 'tanh', 'sigmoid'] as const);
      const padding = pick(random, ['same', 'valid'] as const);
      layers.push({
        type: 'conv2d',
        filters: int(random, 1, 32),
        kernelSize: int(random, 1, 5),
        strides: int(random, 1, 2),
        padding,
        activation,
      });
      if (random() < 0.5) layers.push({ type: 'maxPool2d', poolSize: 2 });
      if (random() < 0.3) layers.push({ type: 'batchNorm' });
      if (random() < 0.3)
        layers.push({ type: 'residual', filters: int(random, 1, 16), strides: int(random, 1, 2) });
    }
    layers.push(random() < 0.5 ? { type: 'flatten' } : { type: 'globalAvgPool' });
    if (random() < 0.5) layers.push({ type: 'dropout', rate: Number(random().toFixed(2)) * 0.9 });
    if (random() < 0.5) layers.push({ type: 'dense', units: int(random, 1, 64), activation: 'relu' });
    layers.push({ type: 'dense', units: 10, activation: 'linear' });
    if (!describeModel(layers).problem) return layers;
  }
}

export function randomConfig(random: Random): ExperimentConfig {
  const model = random() < 0.3 ? 'custom' : pick(random, MODEL_PRESET_NAMES);
  const runs = Array.from({ length: int(random, 1, MAX_RUNS) }, (_, i) => randomRun(random, i));
  return {
    version: CONFIG_VERSION,
    dataset: 'fashion-mnist',
    model,
    ...(model === 'custom' ? { layers: randomLayers(random) } : {}),
    batchSize: int(random, 1, 1024),
    steps: int(random, 1, 1_000_000),
    seed: int(random, 0, 2 ** 31 - 1),
    evalEvery: int(random, 1, 100_000),
    evalExamples: int(random, 1, 10_000),
    backend: pick(random, BACKEND_CHOICES),
    seeds: int(random, 1, MAX_SEEDS),
    sweep: random() < 0.4 ? randomSweep(random, runs) : [],
    runs,
  };
}

/** One or two axes on one run, over knobs its method reads (values need not fit the replica limit). */
function randomSweep(random: Random, runs: readonly RunConfig[]): SweepAxis[] {
  const run = pick(random, runs);
  const numeric = OPTIMIZER_INFO[run.optimizer].hyperparams.filter(
    (k) => HYPERPARAM_KNOBS[k].kind === 'number',
  );
  const keys = [...new Set([pick(random, numeric), pick(random, numeric)])].slice(0, int(random, 1, 2));
  return keys.map((key) => ({
    runId: run.id,
    key,
    values: [
      ...new Set(Array.from({ length: int(random, 1, 5) }, () => randomKnobValue(random, key) as number)),
    ],
  }));
}
