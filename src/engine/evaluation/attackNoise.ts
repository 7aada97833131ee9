/**
 * The random draws of the attacks, per test example: example i always gets the same PGD start
 * direction and the same Gaussian noise for a given seed, whatever the chunking, the run or the
 * step of the evaluation, so every run of a comparison is attacked from the same points.
 */
import { createRng, deriveSeed } from '../random';

/** Stream labels that keep the two draws independent of each other. */
const PGD_START = 1;
const GAUSSIAN_NOISE = 2;

/** U(−1, 1) per pixel of test examples [start, end); PGD's start is x + ε·u. */
export function pgdStartDirections(seed: number, start: number, end: number, pixels: number): Float32Array {
  return perExample(seed, PGD_START, start, end, pixels, (rng, out) => {
    for (let p = 0; p < out.length; p++) out[p] = 2 * rng() - 1;
  });
}

/** N(0, 1) per pixel of test examples [start, end) (Box–Muller, both outputs used). */
export function gaussianNoise(seed: number, start: number, end: number, pixels: number): Float32Array {
  return perExample(seed, GAUSSIAN_NOISE, start, end, pixels, (rng, out) => {
    for (let p = 0; p < out.length; p += 2) {
      // 1 − u lies in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - rng()));
      const angle = 2 * Math.PI * rng();
      out[p] = radius * Math.cos(angle);
      if (p + 1 < out.length) out[p + 1] = radius * Math.sin(angle);
    }
  });
}

function perExample(
  seed: number,
  purpose: number,
  start: number,
  end: number,
  pixels: number,
  fill: (rng: () => number, out: Float32Array) => void,
): Float32Array {
  const values = new Float32Array((end - start) * pixels);
  for (let example = start; example < end; example++) {
    const offset = (example - start) * pixels;
    fill(createRng(deriveSeed(seed, purpose, example)), values.subarray(offset, offset + pixels));
  }
  return values;
}
