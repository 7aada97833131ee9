/**
 * The data fields of a link: `data` (any dataset name, see datasets.ts) and the regime
 * (`toyNoise=0.2`, `subset=1000`, `noise=symmetric:0.4`, `augment=crop,flip`). Regime fields are
 * written only when set, so links without them keep meaning "all the data, clean".
 */
import { formatAugment, formatLabelNoise, parseAugment, parseDatasetName, parseLabelNoise } from './datasets';
import { quote } from './quote';
import { experimentConfigSchema } from './schema';
import type { UrlField } from './url';

/** A regime number written only when set, checked by the config schema; `expectation` says what fits. */
function optionalNumberField(key: 'toyNoise' | 'subset', expectation: string): UrlField {
  return {
    key,
    versions: [2],
    read: (config) => (config[key] === undefined ? undefined : String(config[key])),
    write: (config, raw, problems) => {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (experimentConfigSchema.shape[key].safeParse(value).success) return { ...config, [key]: value };
      problems.push(`${key}=${quote(raw)} ${expectation}`);
      return config;
    },
  };
}

export const DATA_URL_FIELDS: readonly UrlField[] = [
  {
    key: 'data',
    versions: [1, 2],
    read: (config) => config.dataset,
    write: (config, raw, problems) => {
      const ref = parseDatasetName(raw);
      if (!('problem' in ref)) return { ...config, dataset: raw };
      problems.push(`data: ${ref.problem}; using ${config.dataset}`);
      return config;
    },
  },
  optionalNumberField('toyNoise', 'must be a number from 0 to 1; using the clean set'),
  optionalNumberField('subset', 'must be a whole number from 10 to 1,000,000; using all the examples'),
  {
    key: 'noise',
    versions: [2],
    read: (config) => (config.labelNoise ? formatLabelNoise(config.labelNoise) : undefined),
    write: (config, raw, problems) => {
      const noise = parseLabelNoise(raw);
      if (!('problem' in noise)) return { ...config, labelNoise: noise };
      problems.push(`noise: ${noise.problem}; using clean labels`);
      return config;
    },
  },
  {
    key: 'augment',
    versions: [2],
    read: (config) => (config.augment ? formatAugment(config.augment) : undefined),
    write: (config, raw, problems) => {
      const augment = parseAugment(raw);
      if (!('problem' in augment)) return { ...config, augment };
      problems.push(`${augment.problem}; no augmentation`);
      return config;
    },
  },
];
