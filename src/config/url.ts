/**
 * The experiment configuration in a URL query. One table of fields drives both directions; a bad
 * value never throws: it is reported as a problem and that field alone falls back to its default.
 */
import { MODEL_PRESET_NAMES } from './model';
import { BACKEND_CHOICES, type ExperimentConfig, experimentConfigSchema } from './schema';

interface UrlField {
  readonly key: string;
  readonly read: (config: ExperimentConfig) => string;
  /** Returns the patched config, or a problem text. */
  readonly write: (config: ExperimentConfig, raw: string) => ExperimentConfig | string;
}

const integerField = (
  key: string,
  prop: 'batchSize' | 'steps' | 'seed' | 'evalEvery' | 'evalExamples',
): UrlField => ({
  key,
  read: (config) => String(config[prop]),
  write: (config, raw) => {
    const value = Number(raw);
    return Number.isInteger(value) ? { ...config, [prop]: value } : `${key} must be an integer, got "${raw}"`;
  },
});

const choiceField = <T extends string>(
  key: string,
  prop: 'backend' | 'model',
  choices: readonly T[],
): UrlField => ({
  key,
  read: (config) => String(config[prop]),
  write: (config, raw) =>
    (choices as readonly string[]).includes(raw)
      ? { ...config, [prop]: raw }
      : `${key} must be one of ${choices.join(', ')}, got "${raw}"`,
});

/** Sets the learning rate of every run (shorthand until runs have their own URL fields). */
const lrField: UrlField = {
  key: 'lr',
  read: (config) => String(config.runs[0]?.hparams.lr ?? ''),
  write: (config, raw) => {
    const lr = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(lr)) return `lr must be a number, got "${raw}"`;
    return { ...config, runs: config.runs.map((run) => ({ ...run, hparams: { ...run.hparams, lr } })) };
  },
};

export const URL_FIELDS: readonly UrlField[] = [
  choiceField('backend', 'backend', BACKEND_CHOICES),
  choiceField('model', 'model', MODEL_PRESET_NAMES),
  integerField('batch', 'batchSize'),
  integerField('steps', 'steps'),
  integerField('seed', 'seed'),
  integerField('evalEvery', 'evalEvery'),
  integerField('evalExamples', 'evalExamples'),
  lrField,
];

export interface DecodedConfig {
  readonly config: ExperimentConfig;
  readonly problems: string[];
}

/** Applies each known query parameter to `defaults`, keeping only values the schema accepts. */
export function decodeConfig(search: string, defaults: ExperimentConfig): DecodedConfig {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  let config = defaults;
  for (const field of URL_FIELDS) {
    const raw = params.get(field.key);
    if (raw === null) continue;
    const patched = field.write(config, raw);
    if (typeof patched === 'string') {
      problems.push(patched);
      continue;
    }
    const checked = experimentConfigSchema.safeParse(patched);
    if (checked.success) config = checked.data;
    else
      problems.push(
        `${field.key}="${raw}" is out of range: ${checked.error.issues[0]?.message ?? 'invalid'}`,
      );
  }
  const known = new Set(URL_FIELDS.map((f) => f.key));
  for (const key of params.keys())
    if (!known.has(key)) problems.push(`unknown URL parameter "${key}" was ignored`);
  return { config, problems };
}

/** The query string for `config`, listing only fields that differ from `defaults`. */
export function encodeConfig(config: ExperimentConfig, defaults: ExperimentConfig): string {
  const params = new URLSearchParams();
  for (const field of URL_FIELDS) {
    const value = field.read(config);
    if (value !== field.read(defaults)) params.set(field.key, value);
  }
  return params.toString();
}
