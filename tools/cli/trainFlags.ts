/**
 * `npm run train` flags → a validated comparison. Parsing never throws: it returns the options or
 * every problem found, and the entry point prints them and exits with code 2.
 */
import { MAX_RUNS, MAX_SEEDS } from '../../src/config/limits';
import { MODEL_PRESET_NAMES, type ModelPresetName } from '../../src/config/model';
import type { ProbeConfig } from '../../src/config/probes';
import { planReplicas } from '../../src/config/replicas';
import type { RobustConfig } from '../../src/config/robust';
import type { RunConfig } from '../../src/config/schema';
import { parseSweep, type SweepAxis } from '../../src/config/sweep';
import { OPTIMIZER_NAMES } from '../../src/methods/metas';
import { choice, int, parseFlags, repeated, text } from '../common/flags';
import { DATA_FLAGS, DATA_USAGE, type DataOptions, parseDataFlags } from './dataFlags';
import { PROBE_FLAGS, PROBE_USAGE, parseProbeFlags } from './probeFlags';
import { parseRobustFlags, ROBUST_FLAGS, ROBUST_USAGE } from './robustFlags';
import { buildRuns, knobList, type Override, parseOverride, parseRunToken, type RunToken } from './runSpecs';

export const BACKENDS = ['auto', 'wasm', 'cpu'] as const;

export interface TrainOptions extends DataOptions {
  readonly runs: RunConfig[];
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
  readonly dataDir: string;
  readonly model: ModelPresetName;
  readonly evalEvery: number;
  readonly evalExamples: number;
  readonly json?: string;
  readonly backend: (typeof BACKENDS)[number];
  /** Replicas per run; replica k uses seed `seed + k`. */
  readonly seeds: number;
  readonly sweep: SweepAxis[];
  /** The run the others are compared with (paired over seeds). */
  readonly baseline: string;
  /** Probes: every N steps (0 = once, after training) for the kinds listed (none = no probes). */
  readonly probes: ProbeConfig;
  /** FGSM, PGD and noise accuracy at every evaluation; absent = off. */
  readonly robust?: RobustConfig;
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
  --optimizers LIST   comma-separated runs, at most ${MAX_RUNS} (default sgd,sam,bisam-log):
                      ${wrapNames(OPTIMIZER_NAMES)};
                      NAME:adaptive for the ASAM form (ρ default 0.5); asam = sam:adaptive
  --steps N           training steps, one batch each for every run (default 500)
  --batch N           batch size (default 128)
  --seed N            initial weights and batch order (default 1)
  --seeds A-B | N     train every run once per seed A..B (or N seeds from --seed), at most ${MAX_SEEDS};
                      replica k of every run shares seed k: mean ± std and paired tests
  --sweep RUN.K:V,V   vary hyperparameter K of RUN over the values, each value a run
                      (';' between axes, two per run at most: a grid)
  --baseline RUN      the run the paired tests compare with (default the first)
${DATA_USAGE}
  --data-dir DIR      folder with the IDX files (default public/data)
  --model NAME        ${MODEL_PRESET_NAMES.join(' | ')} (default small-cnn)
  --eval-every N      test-set evaluation every N steps, and at the end (default 100)
  --eval-examples N   first N test examples per evaluation (default 2000)
  --set [RUN.]K=V     hyperparameter for every run, or for RUN only (repeatable; RUN's wins)
  --json PATH         write every metric to PATH
  --backend NAME      ${BACKENDS.join(' | ')} (default auto: wasm if it loads, else cpu)
${PROBE_USAGE}
${ROBUST_USAGE}
hyperparameters (K):
${knobList()}
  schedule.kind        constant | cosine | step, with schedule.floor, .every, .factor, .warmupSteps`;

/** The flags; their order is the order in which bad values are reported. */
const TRAIN_FLAGS = {
  optimizers: text('sgd,sam,bisam-log'),
  steps: int(500, 1, 1_000_000),
  batch: int(128, 1, 1024),
  seed: int(1, 0, 2 ** 31 - 1),
  ...DATA_FLAGS,
  dataDir: text('public/data'),
  model: choice(MODEL_PRESET_NAMES, 'small-cnn'),
  evalEvery: int(100, 1, 1_000_000),
  evalExamples: int(2000, 1, 10_000),
  set: repeated(),
  json: text(),
  backend: choice(BACKENDS, 'auto'),
  // Checked together against the runs and the replica limit (parseReplication).
  seeds: text(),
  sweep: text(),
  baseline: text(),
  ...PROBE_FLAGS,
  ...ROBUST_FLAGS,
};

export function parseTrainArgs(argv: readonly string[]): ParsedArgs {
  const { values, help, errors } = parseFlags(argv, TRAIN_FLAGS);
  if (help) return { ok: false, help: true };
  const { optimizers, set, probes, ...withProbeSettings } = values;
  const { probeEvery, probeSize, probeIterations, probeSamples, probeRho, probeMu, ...withoutSome } =
    withProbeSettings;
  const { probeAlpha, probeLinePoints, probeGrid, ...rest } = withoutSome;
  const { robust, eps, pgdSteps, robustExamples, sigmas, seeds, sweep, baseline, ...others } = rest;
  const { dataset, toyNoise, subset, labelNoise, augment, ...options } = others;
  const data = parseDataFlags({ dataset, toyNoise, subset, labelNoise, augment }, errors);
  const robustConfig = parseRobustFlags({ robust, eps, pgdSteps, robustExamples, sigmas }, errors);
  const probeConfig = parseProbeFlags(
    {
      probes,
      probeEvery,
      probeSize,
      probeIterations,
      probeSamples,
      probeRho,
      probeMu,
      probeAlpha,
      probeLinePoints,
      probeGrid,
    },
    errors,
  );
  const runs = parseRuns(optimizers, set, errors);
  if (errors.length > 0 || !runs || !probeConfig) return { ok: false, errors };
  const replicated = parseReplication({ seeds, sweep, baseline }, runs, options.seed, errors);
  if (errors.length > 0 || !replicated) return { ok: false, errors };
  return {
    ok: true,
    options: { ...options, ...data, ...replicated, robust: robustConfig, runs, probes: probeConfig },
  };
}

/** `--seeds`, `--sweep` and `--baseline`, checked against the runs and the session's replica limit. */
function parseReplication(
  given: { seeds?: string; sweep?: string; baseline?: string },
  runs: readonly RunConfig[],
  seed: number,
  errors: string[],
): { seed: number; seeds: number; sweep: SweepAxis[]; baseline: string } | undefined {
  const seedsText = given.seeds;
  const seeds = seedsText === undefined ? { seed, count: 1 } : parseSeedRange(seedsText, seed);
  if (typeof seeds === 'string') errors.push(`--seeds: ${seeds}`);
  const swept = parseSweep(given.sweep ?? '', runs);
  errors.push(...swept.problems.map((p) => `--sweep: ${p}`));
  if (typeof seeds === 'string' || errors.length > 0) return undefined;
  const plan = planReplicas(runs, swept.axes, seeds.seed, seeds.count);
  if (plan.problem) errors.push(plan.problem);
  const ids = plan.runs.map((r) => r.config.id);
  const baseline = given.baseline ?? (ids[0] as string);
  if (!ids.includes(baseline)) errors.push(`--baseline must be one of ${ids.join(', ')}, got "${baseline}"`);
  return { seed: seeds.seed, seeds: seeds.count, sweep: swept.axes, baseline };
}

/** `A-B` (seeds A to B) or `N` (N seeds from `seed`). */
export function parseSeedRange(text: string, seed: number): { seed: number; count: number } | string {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return `expected A-B or a count, got "${text}"`;
  const [first, last] = [Number(match[1]), match[2] === undefined ? undefined : Number(match[2])];
  const range = last === undefined ? { seed, count: first } : { seed: first, count: last - first + 1 };
  if (range.count < 1 || range.count > MAX_SEEDS)
    return `between 1 and ${MAX_SEEDS} seeds, got ${range.count} from "${text}"`;
  return range;
}

function parseRuns(list: string, sets: readonly string[], errors: string[]): RunConfig[] | undefined {
  const tokens: RunToken[] = [];
  for (const text of list.split(',').map((t) => t.trim())) {
    const token = parseRunToken(text);
    if (typeof token === 'string') errors.push(`--optimizers: ${token}`);
    else if (tokens.some((t) => t.id === token.id)) errors.push(`--optimizers: "${text}" is listed twice`);
    else tokens.push(token);
  }
  if (tokens.length > MAX_RUNS) errors.push(`--optimizers: at most ${MAX_RUNS} runs, got ${tokens.length}`);
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
