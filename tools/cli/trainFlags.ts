/**
 * `npm run train` flags → a validated comparison. Parsing never throws: it returns the options or
 * every problem found, and the entry point prints them and exits with code 2.
 */
import { MODEL_PRESET_NAMES, type ModelPresetName } from '../../src/config/model';
import { OPTIMIZER_NAMES } from '../../src/config/optimizers';
import type { RunConfig } from '../../src/config/schema';
import { choice, int, parseFlags, repeated, text } from '../common/flags';
import { buildRuns, knobList, type Override, parseOverride, parseRunToken, type RunToken } from './runSpecs';

export const DATASETS = ['fashion-mnist', 'synthetic'] as const;
export const BACKENDS = ['auto', 'wasm', 'cpu'] as const;

export interface TrainOptions {
  readonly runs: RunConfig[];
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
  readonly dataset: (typeof DATASETS)[number];
  readonly dataDir: string;
  readonly model: ModelPresetName;
  readonly evalEvery: number;
  readonly evalExamples: number;
  readonly json?: string;
  readonly backend: (typeof BACKENDS)[number];
}

export type ParsedArgs =
  | { ok: true; options: TrainOptions }
  | { ok: false; help: true }
  | { ok: false; errors: string[] };

/** The method names, wrapped to the usage text's second column. */
function wrapNames(names: readonly string[]): string {
  const lines: string[] = [''];
  for (const name of names) {
    const line = lines[lines.length - 1] as string;
    if (line.length + name.length > 56) lines.push(name);
    else lines[lines.length - 1] = line ? `${line}, ${name}` : name;
  }
  return lines.join(',\n                      ');
}

export const TRAIN_USAGE = `usage: npm run train -- [flags]
  --optimizers LIST   comma-separated runs, at most 8 (default sgd,sam,bisam-log):
                      ${wrapNames(OPTIMIZER_NAMES)};
                      NAME:adaptive for the ASAM form (ρ default 0.5); asam = sam:adaptive
  --steps N           training steps, one batch each for every run (default 500)
  --batch N           batch size (default 128)
  --seed N            initial weights and batch order (default 1)
  --dataset NAME      ${DATASETS.join(' | ')} (default fashion-mnist)
  --data-dir DIR      folder with the IDX files (default public/data)
  --model NAME        ${MODEL_PRESET_NAMES.join(' | ')} (default small-cnn)
  --eval-every N      test-set evaluation every N steps, and at the end (default 100)
  --eval-examples N   first N test examples per evaluation (default 2000)
  --set [RUN.]K=V     hyperparameter for every run, or for RUN only (repeatable; RUN's wins)
  --json PATH         write every metric to PATH
  --backend NAME      ${BACKENDS.join(' | ')} (default auto: wasm if it loads, else cpu)
hyperparameters (K):
${knobList()}
  schedule.kind        constant | cosine | step, with schedule.floor, .every, .factor, .warmupSteps`;

/** The flags; their order is the order in which bad values are reported. */
const TRAIN_FLAGS = {
  optimizers: text('sgd,sam,bisam-log'),
  steps: int(500, 1, 1_000_000),
  batch: int(128, 1, 1024),
  seed: int(1, 0, 2 ** 31 - 1),
  dataset: choice(DATASETS, 'fashion-mnist'),
  dataDir: text('public/data'),
  model: choice(MODEL_PRESET_NAMES, 'small-cnn'),
  evalEvery: int(100, 1, 1_000_000),
  evalExamples: int(2000, 1, 10_000),
  set: repeated(),
  json: text(),
  backend: choice(BACKENDS, 'auto'),
};

export function parseTrainArgs(argv: readonly string[]): ParsedArgs {
  const { values, help, errors } = parseFlags(argv, TRAIN_FLAGS);
  if (help) return { ok: false, help: true };
  const { optimizers, set, ...options } = values;
  const runs = parseRuns(optimizers, set, errors);
  if (errors.length > 0 || !runs) return { ok: false, errors };
  return { ok: true, options: { ...options, runs } };
}

function parseRuns(list: string, sets: readonly string[], errors: string[]): RunConfig[] | undefined {
  const tokens: RunToken[] = [];
  for (const text of list.split(',').map((t) => t.trim())) {
    const token = parseRunToken(text);
    if (typeof token === 'string') errors.push(`--optimizers: ${token}`);
    else if (tokens.some((t) => t.id === token.id)) errors.push(`--optimizers: "${text}" is listed twice`);
    else tokens.push(token);
  }
  if (tokens.length > 8) errors.push(`--optimizers: at most 8 runs, got ${tokens.length}`);
  const overrides: Override[] = [];
  for (const text of sets) {
    const override = parseOverride(
      text,
      tokens.map((t) => t.id),
    );
    if (typeof override === 'string') errors.push(override);
    else overrides.push(override);
  }
  if (errors.length > 0) return undefined;
  const runs = buildRuns(tokens, overrides);
  if (typeof runs[0] === 'string') {
    errors.push(...(runs as string[]).map((e) => `--set: ${e}`));
    return undefined;
  }
  return runs as RunConfig[];
}
