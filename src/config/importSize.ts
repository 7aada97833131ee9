/**
 * How large a file each import reads, and the refusal that says so. The parsers check it (the CLI
 * reads files too) and the page checks a picked or dropped file's size before reading it at all.
 */

/** Bytes in a megabyte as the messages count them (MiB). */
const MB = 2 ** 20;

export const MAX_IMPORT_BYTES = {
  /** A bundle is JSON, parsed whole; a long multi-seed session is tens of MB. */
  bundle: 256 * MB,
  /** A CIFAR-10 batch is 29.3 MB; all 50,000 training images in one file are 147 MB. */
  cifar10: 256 * MB,
  /** Fashion-MNIST's training images are 47 MB; a header or gzip trailer claiming GB is corrupt. */
  idx: 256 * MB,
  /** A CSV is decoded to one string and split into lines, several times its size in memory. */
  csv: 64 * MB,
} as const;

export type ImportKind = keyof typeof MAX_IMPORT_BYTES;

const PLURAL_NAMES: Record<ImportKind, string> = {
  bundle: 'bundles',
  cifar10: 'CIFAR-10 batch files',
  idx: 'IDX files',
  csv: 'CSV files',
};

/** `bytes` as "1.1 MB" (a whole number without ".0"). */
export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;

/** Why a file of `bytes` cannot be imported as `kind` (too big, both sizes said), or undefined. */
export function importSizeProblem(
  kind: ImportKind,
  bytes: number,
  maxBytes: number = MAX_IMPORT_BYTES[kind],
): string | undefined {
  if (bytes <= maxBytes) return undefined;
  return `the file is ${megabytes(bytes)}; ${PLURAL_NAMES[kind]} up to ${megabytes(maxBytes)} can be imported`;
}
