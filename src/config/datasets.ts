/**
 * Dataset names in the config, the URL and the CLI: a shipped set (`fashion-mnist`, `mnist`), a 2-D
 * toy set generated from the seed (`spiral` …), or the user's own files as `format:label`
 * (`cifar10:my-batches`, `idx:kmnist`, `csv:points.csv`), where the label names the files cached on
 * the page (or the folder/file on the CLI) and a link from another machine asks for them.
 */
import { z } from 'zod';
import { quote } from './quote';

export const SHIPPED_DATASETS = ['fashion-mnist', 'mnist'] as const;
export const TOY_DATASETS = ['spiral', 'moons', 'circles', 'xor', 'blobs'] as const;
export const USER_FORMATS = ['cifar10', 'idx', 'csv'] as const;

export type ShippedDatasetName = (typeof SHIPPED_DATASETS)[number];
export type ToyDatasetName = (typeof TOY_DATASETS)[number];
export type UserFormat = (typeof USER_FORMATS)[number];

export type DatasetRef =
  | { readonly kind: 'shipped'; readonly name: ShippedDatasetName }
  | { readonly kind: 'toy'; readonly name: ToyDatasetName }
  | { readonly kind: 'user'; readonly format: UserFormat; readonly label: string };

export const DATASET_LABELS: Record<ShippedDatasetName | ToyDatasetName, string> = {
  'fashion-mnist': 'Fashion-MNIST',
  mnist: 'MNIST digits (10,000)',
  spiral: '2-D: spiral',
  moons: '2-D: two moons',
  circles: '2-D: circles',
  xor: '2-D: XOR',
  blobs: '2-D: Gaussian blobs (3 classes)',
};

export const USER_FORMAT_LABELS: Record<UserFormat, string> = {
  cifar10: 'CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin)',
  idx: 'IDX files (train-images-idx3-ubyte … t10k-labels-idx1-ubyte)',
  csv: 'CSV of features and a label column',
};

/** Toy sets have 2 classes except the blobs' 3 (engine/data/toys.ts draws them). */
export const TOY_CLASS_COUNTS: Record<ToyDatasetName, number> = {
  spiral: 2,
  moons: 2,
  circles: 2,
  xor: 2,
  blobs: 3,
};

const USER_LABEL = /^[\w.\- ]{1,60}$/;

/** Reads a dataset name; the problem is a sentence naming what is wrong. */
export function parseDatasetName(text: string): DatasetRef | { problem: string } {
  if ((SHIPPED_DATASETS as readonly string[]).includes(text))
    return { kind: 'shipped', name: text as ShippedDatasetName };
  if ((TOY_DATASETS as readonly string[]).includes(text))
    return { kind: 'toy', name: text as ToyDatasetName };
  const colon = text.indexOf(':');
  const format = text.slice(0, colon);
  const label = text.slice(colon + 1);
  if (colon > 0 && (USER_FORMATS as readonly string[]).includes(format)) {
    if (USER_LABEL.test(label)) return { kind: 'user', format: format as UserFormat, label };
    return { problem: `${quote(label)} is not a dataset label (1–60 letters, digits, spaces, . _ -)` };
  }
  const names = [...SHIPPED_DATASETS, ...TOY_DATASETS, ...USER_FORMATS.map((f) => `${f}:LABEL`)];
  return { problem: `${quote(text)} is not a dataset: use one of ${names.join(', ')}` };
}

export function datasetName(ref: DatasetRef): string {
  return ref.kind === 'user' ? `${ref.format}:${ref.label}` : ref.name;
}

/** Input shape and class count where the name alone tells them (user files say so only when loaded). */
export function knownDataShape(
  text: string,
): { imageShape: readonly [number, number, number]; numClasses: number } | undefined {
  const ref = parseDatasetName(text);
  if ('problem' in ref) return undefined;
  if (ref.kind === 'shipped') return { imageShape: [28, 28, 1], numClasses: 10 };
  if (ref.kind === 'toy') return { imageShape: [1, 1, 2], numClasses: TOY_CLASS_COUNTS[ref.name] };
  return ref.format === 'cifar10' ? { imageShape: [32, 32, 3], numClasses: 10 } : undefined;
}

export const datasetNameSchema = z.string().refine((text) => !('problem' in parseDatasetName(text)), {
  message: 'not a dataset name (fashion-mnist, mnist, a 2-D toy set, or cifar10:/idx:/csv: with a label)',
});

export const LABEL_NOISE_KINDS = ['symmetric', 'pair'] as const;

/** Symmetric noise up to 80% (as in the SAM papers); pair-flip below 50%, past which c+1 outvotes c. */
export const labelNoiseSchema = z
  .object({ kind: z.enum(LABEL_NOISE_KINDS), rate: z.number().min(0).max(0.8) })
  .refine((noise) => noise.kind === 'symmetric' || noise.rate < 0.5, {
    message: 'pair-flip noise must stay below 0.5 (beyond, class c+1 outnumbers c)',
    path: ['rate'],
  });
export type LabelNoiseConfig = z.infer<typeof labelNoiseSchema>;

export const augmentSchema = z.object({ crop: z.boolean(), flip: z.boolean() });
export type AugmentConfig = z.infer<typeof augmentSchema>;

/** `symmetric:0.4` or `pair:0.2`, as in links and CLI flags. */
export function parseLabelNoise(text: string): LabelNoiseConfig | { problem: string } {
  const [kind = '', rateText = '', ...rest] = text.split(':');
  const parsed = labelNoiseSchema.safeParse({
    kind,
    rate: rateText.trim() === '' ? Number.NaN : Number(rateText),
  });
  if (parsed.success && rest.length === 0) return parsed.data;
  const reason = parsed.success ? 'one colon' : parsed.error.issues[0]?.message;
  return {
    problem: `${quote(text)} is not a label noise (symmetric:RATE with RATE 0–0.8, or pair:RATE below 0.5; ${reason})`,
  };
}

export function formatLabelNoise(noise: LabelNoiseConfig): string {
  return `${noise.kind}:${noise.rate}`;
}

/** `crop`, `flip` or `crop,flip`. */
export function parseAugment(text: string): AugmentConfig | { problem: string } {
  const parts = text.split(',').map((part) => part.trim());
  const unknown = parts.find((part) => part !== 'crop' && part !== 'flip');
  if (unknown !== undefined) return { problem: `augment: ${quote(unknown)} is not crop or flip` };
  return { crop: parts.includes('crop'), flip: parts.includes('flip') };
}

export function formatAugment(augment: AugmentConfig): string {
  return [augment.crop ? 'crop' : '', augment.flip ? 'flip' : ''].filter(Boolean).join(',');
}
