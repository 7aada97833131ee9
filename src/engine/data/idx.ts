/**
 * IDX files (the MNIST family's format): a big-endian header, magic 0x0000 + type + rank, then one
 * uint32 per dimension, then the raw bytes. Parsing returns a result instead of throwing, so a corrupt
 * download becomes a message in the UI.
 */
import { gunzipSync } from 'fflate';
import { importSizeProblem, MAX_IMPORT_BYTES, megabytes } from '../../config/importSize';
import { fileProblem as fail, type Parsed } from './parsed';

export type { Parsed } from './parsed';

export interface IdxArray {
  readonly shape: number[];
  readonly data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
/** Magic number and up to 255 dimensions of 4 bytes each. */
const IDX_MAX_HEADER_BYTES = 4 + 4 * 255;

/**
 * Larger files, and headers (or gzip trailers) claiming more, are refused before anything is
 * allocated: a header claiming gigabytes is a corrupt or hostile file.
 */
export const MAX_IDX_BYTES = MAX_IMPORT_BYTES.idx;

const tooBig = (what: string, bytes: number) =>
  `${what} ${megabytes(bytes)}; IDX files up to ${megabytes(MAX_IDX_BYTES)} can be imported`;

/** Parses an uncompressed IDX buffer holding unsigned bytes, checking it has the expected rank. */
export function parseIdx(bytes: Uint8Array, expectedRank: number, fileName: string): Parsed<IdxArray> {
  if (bytes.length < 4) return fail(fileName, `file is ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expectedMagic = (UNSIGNED_BYTE << 8) | expectedRank;
  if (magic !== expectedMagic) {
    return fail(fileName, `bad magic number 0x${hex(magic)}, expected 0x${hex(expectedMagic)}`);
  }
  const headerBytes = 4 + 4 * expectedRank;
  if (bytes.length < headerBytes) return fail(fileName, 'truncated header');
  const shape: number[] = [];
  for (let d = 0; d < expectedRank; d++) shape.push(view.getUint32(4 + 4 * d));
  const expectedBytes = shape.reduce((a, b) => a * b, 1);
  if (expectedBytes > MAX_IDX_BYTES)
    return fail(fileName, tooBig(`header shape [${shape.join(', ')}] needs`, expectedBytes));
  const dataBytes = bytes.length - headerBytes;
  if (dataBytes !== expectedBytes) {
    const what = dataBytes < expectedBytes ? 'truncated' : 'has trailing bytes';
    return fail(
      fileName,
      `${what}: header shape [${shape.join(', ')}] needs ${expectedBytes} bytes, got ${dataBytes}`,
    );
  }
  return { ok: true, value: { shape, data: bytes.subarray(headerBytes) } };
}

/** Decompresses (when gzip-framed) and parses an IDX file. */
export function parseIdxFile(raw: Uint8Array, expectedRank: number, fileName: string): Parsed<IdxArray> {
  // The file's own size first (a header may add a few bytes to the largest data allowed).
  const tooLarge = importSizeProblem('idx', raw.length, MAX_IDX_BYTES + IDX_MAX_HEADER_BYTES);
  if (tooLarge) return fail(fileName, tooLarge);
  const isGzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  if (!isGzip) return parseIdx(raw, expectedRank, fileName);
  // The gzip trailer's size (mod 2^32) is what the decompressor allocates up front.
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const inflatedBytes = raw.length >= 18 ? view.getUint32(raw.length - 4, true) : 0;
  if (inflatedBytes > MAX_IDX_BYTES)
    return fail(fileName, tooBig('gzip trailer says it inflates to', inflatedBytes));
  let inflated: Uint8Array;
  try {
    inflated = gunzipSync(raw);
  } catch (error) {
    return fail(fileName, `gzip data is corrupt or truncated (${(error as Error).message})`);
  }
  return parseIdx(inflated, expectedRank, fileName);
}

/** Encodes unsigned bytes as an uncompressed IDX file (for the MNIST conversion and for tests). */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const expectedBytes = shape.reduce((a, b) => a * b, 1);
  if (data.length !== expectedBytes) {
    throw new Error(`IDX shape [${shape.join(', ')}] needs ${expectedBytes} bytes, got ${data.length}`);
  }
  const headerBytes = 4 + 4 * shape.length;
  const bytes = new Uint8Array(headerBytes + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, (UNSIGNED_BYTE << 8) | shape.length);
  for (const [d, size] of shape.entries()) view.setUint32(4 + 4 * d, size);
  bytes.set(data, headerBytes);
  return bytes;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
