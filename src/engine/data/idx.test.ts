import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeIdx, MAX_IDX_BYTES, parseIdx, parseIdxFile } from './idx';

/** A valid rank-3 IDX file: magic 0x00000803, dims [2, 2, 3], then 12 bytes 0..11. */
function imagesFile(): Uint8Array {
  const header = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3];
  return Uint8Array.from([...header, ...Array.from({ length: 12 }, (_, i) => i)]);
}

describe('IDX parsing', () => {
  it('reads the shape and the data of a good file', () => {
    const parsed = parseIdx(imagesFile(), 3, 'images');
    expect(parsed).toEqual({
      ok: true,
      value: { shape: [2, 2, 3], data: Uint8Array.from({ length: 12 }, (_, i) => i) },
    });
  });

  it('reads back what encodeIdx wrote', () => {
    expect(
      encodeIdx(
        [2, 2, 3],
        Uint8Array.from({ length: 12 }, (_, i) => i),
      ),
    ).toEqual(imagesFile());
  });

  it('refuses to encode data that does not fill the shape', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow('IDX shape [2, 2] needs 4 bytes, got 3');
  });

  it('reads a gzip-compressed file', () => {
    const parsed = parseIdxFile(gzipSync(imagesFile()), 3, 'images.gz');
    expect(parsed.ok && parsed.value.shape).toEqual([2, 2, 3]);
  });

  it('rejects a bad magic number with the numbers in the message', () => {
    const bytes = imagesFile();
    bytes[3] = 1; // a labels file's magic, 0x00000801
    expect(parseIdx(bytes, 3, 'images')).toEqual({
      ok: false,
      error: 'images: bad magic number 0x00000801, expected 0x00000803',
    });
  });

  it('rejects truncated data', () => {
    const parsed = parseIdx(imagesFile().subarray(0, 20), 3, 'images');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/truncated: header shape \[2, 2, 3\] needs 12 bytes, got 4/);
  });

  it('rejects a truncated gzip stream instead of throwing', () => {
    const gz = gzipSync(imagesFile());
    const parsed = parseIdxFile(gz.subarray(0, gz.length - 12), 3, 'images.gz');
    expect(parsed.ok).toBe(false);
  });

  it('refuses a file over the size limit before reading its header, saying both sizes', () => {
    expect(parseIdxFile(new Uint8Array(MAX_IDX_BYTES + 2 ** 20), 3, 'train-images-idx3-ubyte')).toEqual({
      ok: false,
      error: 'train-images-idx3-ubyte: the file is 257 MB; IDX files up to 256 MB can be imported',
    });
  });

  it('rejects a file too short for a header', () => {
    expect(parseIdx(Uint8Array.from([0, 0]), 1, 'labels').ok).toBe(false);
  });
});
