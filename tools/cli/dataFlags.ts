/**
 * The data flags of `npm run train`: `--dataset` (a shipped or 2-D toy set, `synthetic`, or one's own
 * files as cifar10:DIR, idx:DIR, csv:FILE) and the regime (`--toy-noise`, `--subset`, `--label-noise`,
 * `--augment`), read with the same parsers as share links.
 */
import { basename } from 'node:path';
import {
  type AugmentConfig,
  type LabelNoiseConfig,
  parseAugment,
  parseDatasetName,
  parseLabelNoise,
  SHIPPED_DATASETS,
  TOY_DATASETS,
  USER_FORMATS,
} from '../../src/config/datasets';
import { text } from '../common/flags';

export const DATA_FLAGS = {
  dataset: text('fashion-mnist'),
  toyNoise: text(),
  subset: text(),
  labelNoise: text(),
  augment: text(),
};

export const DATA_USAGE = `  --dataset NAME      ${[...SHIPPED_DATASETS, ...TOY_DATASETS, 'synthetic'].join(' | ')}
                      or your files: cifar10:DIR | idx:DIR | csv:FILE (default fashion-mnist)
  --toy-noise X       noise of a 2-D toy set, 0 … 1 (default 0)
  --subset N          train on N class-balanced examples chosen by --seed (default all)
  --label-noise K:R   symmetric:R (R ≤ 0.8) or pair:R (R < 0.5), fixed by --seed
  --augment LIST      crop,flip: random crop (zero padding) and horizontal flip per batch`;

export interface DataOptions {
  /** The config's dataset name (own files named by their folder or file). */
  readonly dataset: string;
  /** Own files: the folder (cifar10, idx) or file (csv) to read. */
  readonly datasetPath?: string;
  readonly toyNoise?: number;
  readonly subset?: number;
  readonly labelNoise?: LabelNoiseConfig;
  readonly augment?: AugmentConfig;
}

type Given = { [K in keyof typeof DATA_FLAGS]?: string };

export function parseDataFlags(given: Given, errors: string[]): DataOptions {
  const dataset = parseDatasetFlag(given.dataset ?? 'fashion-mnist', errors);
  const number = (flag: string, raw: string | undefined, ok: (v: number) => boolean, rule: string) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() !== '' && ok(value)) return value;
    errors.push(`${flag} must be ${rule}, got "${raw}"`);
    return undefined;
  };
  const toyNoise = number('--toy-noise', given.toyNoise, (v) => v >= 0 && v <= 1, 'from 0 to 1');
  const subset = number(
    '--subset',
    given.subset,
    (v) => Number.isInteger(v) && v >= 10,
    'a whole number ≥ 10',
  );
  const noise = given.labelNoise === undefined ? undefined : parseLabelNoise(given.labelNoise);
  if (noise && 'problem' in noise) errors.push(`--label-noise: ${noise.problem}`);
  const augment = given.augment === undefined ? undefined : parseAugment(given.augment);
  if (augment && 'problem' in augment) errors.push(`--augment: ${augment.problem}`);
  return {
    ...dataset,
    ...(toyNoise === undefined ? {} : { toyNoise }),
    ...(subset === undefined ? {} : { subset }),
    ...(noise && !('problem' in noise) ? { labelNoise: noise } : {}),
    ...(augment && !('problem' in augment) ? { augment } : {}),
  };
}

function parseDatasetFlag(raw: string, errors: string[]): Pick<DataOptions, 'dataset' | 'datasetPath'> {
  if (raw === 'synthetic') return { dataset: raw };
  const colon = raw.indexOf(':');
  const format = raw.slice(0, colon);
  if (colon > 0 && (USER_FORMATS as readonly string[]).includes(format)) {
    const path = raw.slice(colon + 1);
    const label =
      basename(path)
        .replace(/[^\w.\- ]/g, '_')
        .slice(0, 60) || 'files';
    return { dataset: `${format}:${label}`, datasetPath: path };
  }
  const ref = parseDatasetName(raw);
  if ('problem' in ref) errors.push(`--dataset: ${ref.problem}`);
  return { dataset: 'problem' in ref ? 'fashion-mnist' : raw };
}
