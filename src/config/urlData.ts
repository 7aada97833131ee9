/**
 * The data fields of a link: `data` (any dataset name, see datasets.ts) and the regime
 * (`toyNoise=0.2`, `subset=1000`, `noise=symmetric:0.4`, `augment=crop,flip`). Regime fields are
 * written only when set, so links without them keep meaning "all the data, clean".
 */
import { formatAugment, formatLabelNoise, parseAugment, parseDatasetName, parseLabelNoise } from './datasets';
import { quote } from './quote';
import { experimentConfigSchema } from './schema';
import type { UrlField } from './url';

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
  {
    key: 'toyNoise',
    versions: [2],
    read: (config) => (config.toyNoise === undefined ? undefined : String(config.toyNoise)),
    write: (config, raw, problems) => {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (experimentConfigSchema.shape.toyNoise.safeParse(value).success)
        return { ...config, toyNoise: value };
      problems.push(`toyNoise=${quote(raw)} must be a number from 0 to 1; using the clean set`);
      return config;
    },
  },
  {
    key: 'subset',
    versions: [2],
    read: (config) => (config.subset === undefined ? undefined : String(config.subset)),
    write: (config, raw, problems) => {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (experimentConfigSchema.shape.subset.safeParse(value).success) return { ...config, subset: value };
      problems.push(
        `subset=${quote(raw)} must be a whole number from 10 to 1,000,000; using all the examples`,
      );
      return config;
    },
  },
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
