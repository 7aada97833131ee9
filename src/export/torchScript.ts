/**
 * The experiment on screen as a self-contained PyTorch program (src/export/experiment_template.py with
 * this experiment's settings, and optionally its initial weights, filled in). Pure string work, no
 * tfjs and no node: imports, so the page and `npm run export:torch` generate the same file.
 */

import { parseDatasetName } from '../config/datasets';
import { DECISION_BOUNDARY } from '../config/metrics';
import { PROBE_SETTINGS_USED } from '../config/probes';
import { planReplicas } from '../config/replicas';
import { type ExperimentConfig, modelLayers } from '../config/schema';
import { FASHION_MNIST, MNIST } from '../engine/data/dataset';
import { TOY_TEST_COUNT, TOY_TRAIN_COUNT } from '../engine/data/experimentData';
import { DATA_STREAMS } from '../engine/data/regime';
import { ROBUST_STREAM } from '../engine/evaluation/robustSettings';
import { OPTIMIZER_INFO } from '../methods/metas';

/** Why `config` cannot be exported to PyTorch (for the page's disabled button), or undefined. */
export function torchExportProblem(config: ExperimentConfig): string | undefined {
  const ref = parseDatasetName(config.dataset);
  if ('problem' in ref) return `dataset: ${ref.problem}`;
  return planReplicas(config.runs, config.sweep, config.seed, config.seeds).problem;
}

/** Initial weights in tfjs layouts, in the model's parameter order (kernel before bias). */
export interface ExportedTensor {
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

export interface TorchExport {
  readonly config: ExperimentConfig;
  /** The share link the experiment came from (written into the file's head). */
  readonly link: string;
  readonly appVersion: string;
  readonly weights?: readonly ExportedTensor[];
  /** The seed `weights` trained from (the page's weights export says it); absent: the experiment's seed. */
  readonly weightsSeed?: number | undefined;
}

const PLACEHOLDERS = {
  header: '__PLAYGROUND_HEADER__',
  experiment: '__PLAYGROUND_EXPERIMENT__',
  weights: '__PLAYGROUND_WEIGHTS__',
};

/** Float32 little-endian bytes in base64: exact and a third of the size of decimal text. */
function float32Base64(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Where the script finds the data and what `--data-dir` means for it (the script's --help says it). */
function dataSource(config: ExperimentConfig) {
  const ref = parseDatasetName(config.dataset);
  if ('problem' in ref) throw new Error(`dataset: ${ref.problem}`);
  const streams = DATA_STREAMS;
  if (ref.kind === 'shipped') {
    const spec = ref.name === 'mnist' ? MNIST : FASHION_MNIST;
    return {
      kind: 'shipped',
      spec,
      streams,
      help: "folder with the dataset's IDX .gz files (the app's public/data)",
    };
  }
  if (ref.kind === 'toy') {
    const toy = {
      name: ref.name,
      noise: config.toyNoise ?? 0,
      trainCount: TOY_TRAIN_COUNT,
      testCount: TOY_TEST_COUNT,
    };
    return { kind: 'toy', toy, streams, help: 'unused: the toy points are drawn from the seed' };
  }
  const help = {
    cifar10: 'folder with the CIFAR-10 binary batches data_batch_N.bin and test_batch.bin',
    idx: 'folder with the four IDX files (train-images…, train-labels…, t10k-images…, t10k-labels…, .gz or not)',
    csv: 'the CSV file, or the folder that holds it under its name in the link',
  }[ref.format];
  return { kind: ref.format, label: ref.label, streams, help };
}

/** The script's text, or throws an Error naming what cannot be exported. */
export function torchScript(template: string, input: TorchExport): string {
  for (const placeholder of Object.values(PLACEHOLDERS))
    if (!template.includes(placeholder)) throw new Error(`torch template: ${placeholder} is missing`);
  const { config, link, appVersion, weights, weightsSeed } = input;
  const problem = torchExportProblem(config);
  if (problem) throw new Error(problem);
  const experiment = {
    appVersion,
    link,
    config,
    // A swept run becomes its sweep points, each a run of its own, as the session trains them.
    runs: planReplicas(config.runs, config.sweep, config.seed, config.seeds).runs.map((run) => run.config),
    layers: modelLayers(config),
    data: dataSource(config),
    robustStream: ROBUST_STREAM,
    decisionBoundary: DECISION_BOUNDARY,
    weightsSeed: weightsSeed ?? config.seed,
    // Which settings each probe's record carries (P as used, then its own), as the engine's records.
    probeSettingsUsed: PROBE_SETTINGS_USED,
    gradEvalsPerStep: Object.fromEntries(
      Object.entries(OPTIMIZER_INFO).map(([name, meta]) => [name, meta.gradEvalsPerStep]),
    ),
  };
  const packed = weights?.map((t) => ({ shape: [...t.shape], float32: float32Base64(t.values) })) ?? null;
  // One line: a link never holds a line break, but the head must stay a comment whatever it holds.
  const header = `Generated by SAM Playground ${appVersion} from ${link}`.replace(/[\r\n]+/g, ' ');
  return template
    .replace(PLACEHOLDERS.header, header)
    .replace(PLACEHOLDERS.experiment, () => `\n${JSON.stringify(experiment, null, 1)}\n`)
    .replace(PLACEHOLDERS.weights, () => JSON.stringify(packed));
}
