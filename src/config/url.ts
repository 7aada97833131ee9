/**
 * The experiment configuration in a URL query, e.g.
 * `?v=2&data=fashion-mnist&model=small-cnn&batch=64&steps=2000&seed=1&evalEvery=100&evalExamples=2000&backend=auto&runs=sgd,sam(rho=0.1),bisam-log`.
 * One table of fields drives both directions. Every experiment field is written (so a link keeps its
 * meaning when the app's defaults change); runs list only their non-default settings (see urlRuns.ts).
 * A link without `v` is read as version 1: the first release's flat `backend, model, batch, steps,
 * seed, evalEvery, evalExamples, lr` (lr sets every run's) over today's default comparison; the
 * version-2 fields are understood there too, so short hand-written links such as `?backend=wasm` or
 * `?runs=sgd,sam` work. Decoding never throws: a bad value is reported and that field alone keeps its
 * default.
 */

import { MAX_RUNS } from './limits';
import { MODEL_PRESET_NAMES } from './model';
import { clip, quote } from './quote';
import {
  BACKEND_CHOICES,
  describeConfigModel,
  type ExperimentConfig,
  experimentConfigSchema,
} from './schema';
import { encodeSweep, parseSweep } from './sweep';
import { DATA_URL_FIELDS } from './urlData';
import { decodeLayers, encodeLayers } from './urlLayers';
import { PROBE_LINE_FROM_FIELD, PROBE_URL_FIELDS } from './urlProbes';
import { ROBUST_URL_FIELDS } from './urlRobust';
import { decodeRuns, encodeRuns } from './urlRuns';
import { encodeQueryValue } from './urlTokens';

export const URL_VERSION = 2;

/**
 * Longer query strings are not read at all. The longest link the app writes (8 runs with every knob
 * set and 40-character names, a 40-layer custom model) is under a third of this (url.test.ts checks);
 * reading a huge one would only cost time and fill the page with messages.
 */
export const MAX_LINK_CHARS = 32_768;

type Write = (config: ExperimentConfig, raw: string, problems: string[]) => ExperimentConfig;

export interface UrlField {
  readonly key: string;
  /** URL versions that carry this field. */
  readonly versions: readonly number[];
  /** The value to write in a current-version link; undefined leaves the field out. */
  readonly read?: (config: ExperimentConfig) => string | undefined;
  readonly write: Write;
}

type IntegerProp = 'batchSize' | 'steps' | 'seed' | 'seeds' | 'evalEvery' | 'evalExamples';

const integerField = (key: string, prop: IntegerProp): UrlField => ({
  key,
  versions: [1, 2],
  read: (config) => String(config[prop]),
  write: (config, raw, problems) => {
    const shaped = experimentConfigSchema.shape[prop];
    const field = 'unwrap' in shaped ? shaped.unwrap() : shaped;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (field.safeParse(value).success) return { ...config, [prop]: value };
    const range = `a whole number from ${field.minValue} to ${field.maxValue?.toLocaleString('en-US')}`;
    const why = Number.isNaN(value) ? 'is not a number' : 'is out of range';
    problems.push(`${key}=${quote(raw)} ${why}: must be ${range}; using ${config[prop]}`);
    return config;
  },
});

const choiceField = (key: string, prop: 'backend' | 'model', choices: readonly string[]): UrlField => ({
  key,
  versions: [1, 2],
  read: (config) => config[prop],
  write: (config, raw, problems) => {
    if (choices.includes(raw)) return { ...config, [prop]: raw };
    problems.push(`${key} must be one of ${choices.join(', ')}, got ${quote(raw)}; using ${config[prop]}`);
    return config;
  },
});

/** Version 1 only: one learning rate for every run. */
const lrField: UrlField = {
  key: 'lr',
  versions: [1],
  write: (config, raw, problems) => {
    const lr = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(lr) || lr <= 0 || lr > 10) {
      const why = Number.isNaN(lr) ? 'is not a number' : 'is out of range';
      problems.push(`lr=${quote(raw)} ${why}: must be > 0 and ≤ 10; using ${config.runs[0]?.hparams.lr}`);
      return config;
    }
    return { ...config, runs: config.runs.map((run) => ({ ...run, hparams: { ...run.hparams, lr } })) };
  },
};

const layersField: UrlField = {
  key: 'layers',
  versions: [1, 2],
  read: (config) => (config.model === 'custom' && config.layers ? encodeLayers(config.layers) : undefined),
  write: (config, raw, problems) => {
    const decoded = decodeLayers(raw);
    if ('problem' in decoded) {
      problems.push(`layers: ${decoded.problem}; using the default model`);
      return config;
    }
    return { ...config, layers: decoded.layers };
  },
};

const runsField: UrlField = {
  key: 'runs',
  versions: [1, 2],
  read: (config) => encodeRuns(config.runs),
  write: (config, raw, problems) => {
    const decoded = decodeRuns(raw);
    problems.push(...decoded.problems);
    if (decoded.runs.length === 0) {
      problems.push('runs: no usable run in the link; using the default runs');
      return config;
    }
    if (decoded.runs.length > MAX_RUNS)
      problems.push(`runs: at most ${MAX_RUNS} runs; the rest were dropped`);
    return { ...config, runs: decoded.runs.slice(0, MAX_RUNS) };
  },
};

/** After `runs`: an axis names one of them. Written only when something is swept. */
const sweepField: UrlField = {
  key: 'sweep',
  versions: [1, 2],
  read: (config) => (config.sweep.length > 0 ? encodeSweep(config.sweep) : undefined),
  write: (config, raw, problems) => {
    const { axes, problems: found } = parseSweep(raw, config.runs);
    problems.push(...found);
    return { ...config, sweep: axes };
  },
};

export const URL_FIELDS: readonly UrlField[] = [
  ...DATA_URL_FIELDS,
  choiceField('model', 'model', [...MODEL_PRESET_NAMES, 'custom']),
  layersField,
  integerField('batch', 'batchSize'),
  integerField('steps', 'steps'),
  integerField('seed', 'seed'),
  integerField('seeds', 'seeds'),
  integerField('evalEvery', 'evalEvery'),
  integerField('evalExamples', 'evalExamples'),
  choiceField('backend', 'backend', BACKEND_CHOICES),
  lrField,
  ...ROBUST_URL_FIELDS,
  ...PROBE_URL_FIELDS,
  runsField,
  sweepField,
  PROBE_LINE_FROM_FIELD,
];

export interface DecodedConfig {
  readonly config: ExperimentConfig;
  /** One specific sentence per thing in the link that could not be used. */
  readonly problems: string[];
  /** The link's version (1 when it has no `v`). */
  readonly version: number;
}

function linkVersion(params: URLSearchParams, problems: string[]): number {
  const raw = params.get('v');
  if (raw === null) return 1;
  const version = Number(raw);
  if (version === 1 || version === URL_VERSION) return version;
  problems.push(
    Number.isInteger(version) && version > URL_VERSION
      ? `this link is from a newer version of the app (v=${clip(raw)}); read as version ${URL_VERSION}, so some settings may be missing`
      : `v=${quote(raw)} is not a link version; read as version ${URL_VERSION}`,
  );
  return URL_VERSION;
}

/** The model must describe a network that fits the images; otherwise the default model is kept. */
function checkModel(
  config: ExperimentConfig,
  defaults: ExperimentConfig,
  problems: string[],
  hasLayersParam: boolean,
): ExperimentConfig {
  const fallback = { ...config, model: defaults.model, layers: defaults.layers };
  if (config.model !== 'custom') return config.layers ? { ...config, layers: undefined } : config;
  if (!config.layers) {
    // A `layers` value that failed to parse has said why already.
    if (!hasLayersParam)
      problems.push(
        `model=custom needs layers=… (e.g. conv(16,3)-pool(2)-flat-dense(10)); using ${defaults.model}`,
      );
    return fallback;
  }
  const problem = describeConfigModel(config)?.problem;
  if (!problem) return config;
  problems.push(`layers: ${problem}; using ${defaults.model}`);
  return fallback;
}

/** Applies each known query parameter to the version's base config, keeping only values the schema accepts. */
export function decodeConfig(search: string, defaults: ExperimentConfig): DecodedConfig {
  if (search.length > MAX_LINK_CHARS) {
    const length = search.length.toLocaleString('en-US');
    const limit = MAX_LINK_CHARS.toLocaleString('en-US');
    const problem = `link: ${length} characters is longer than any setup (at most ${limit} are read); using the defaults`;
    return { config: defaults, problems: [problem], version: URL_VERSION };
  }
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const version = linkVersion(params, problems);
  let config: ExperimentConfig = defaults;
  const fields = URL_FIELDS.filter((field) => field.versions.includes(version));
  for (const field of fields) {
    const raw = params.get(field.key);
    if (raw !== null) config = field.write(config, raw, problems);
  }
  config = checkModel(config, defaults, problems, params.has('layers'));
  const known = new Set(['v', ...fields.map((f) => f.key)]);
  for (const key of new Set(params.keys()))
    if (!known.has(key)) problems.push(`unknown URL parameter ${quote(key)} was ignored`);
  const checked = experimentConfigSchema.safeParse(config);
  if (!checked.success) {
    problems.push(
      `the link's settings do not fit together (${checked.error.issues[0]?.message}); using the defaults`,
    );
    return { config: defaults, problems, version };
  }
  return { config: checked.data, problems, version };
}

/** The query string (without `?`) of `config` as a current-version link. */
export function encodeConfig(config: ExperimentConfig): string {
  const parts = [`v=${URL_VERSION}`];
  for (const field of URL_FIELDS) {
    if (!field.versions.includes(URL_VERSION) || !field.read) continue;
    const value = field.read(config);
    if (value !== undefined) parts.push(`${field.key}=${encodeQueryValue(value)}`);
  }
  return parts.join('&');
}
