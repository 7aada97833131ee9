/** Reads the initial weights `npm run export:torch -- --weights FILE` embeds in the script. */
import { readFileSync } from 'node:fs';
import type { ExportedTensor } from '../../src/export/torchScript';
import { UsageError } from '../common/flags';

/** Values as an array, also where a Float32Array went through JSON.stringify ({"0": …, "1": …}). */
function numbers(values: unknown): number[] | undefined {
  const list = Array.isArray(values)
    ? values
    : values && typeof values === 'object'
      ? Object.values(values)
      : undefined;
  return list?.every((v) => typeof v === 'number' && Number.isFinite(v)) ? list : undefined;
}

/**
 * The tensors of a weights file in tfjs layouts: the page's weights export ({"tensors": [{shape,
 * values}…]}) or a parity case ({"params": …}); a UsageError naming the file and the tensor otherwise.
 */
export function readWeights(path: string, read = (p: string) => readFileSync(p, 'utf8')): ExportedTensor[] {
  let json: { tensors?: unknown; params?: unknown } | null;
  try {
    json = JSON.parse(read(path));
  } catch (error) {
    throw new UsageError([`--weights: ${path}: ${(error as Error).message}`]);
  }
  const tensors = json?.tensors ?? json?.params;
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new UsageError([
      `--weights: ${path} needs "tensors" or "params": [{"shape": […], "values": […]}, …]`,
    ]);
  return tensors.map((tensor: { shape?: unknown; values?: unknown }, i) => {
    const values = numbers(tensor?.values);
    const shape = tensor?.shape;
    if (!Array.isArray(shape) || !values)
      throw new UsageError([`--weights: ${path}: tensors[${i}] needs a "shape" and finite "values"`]);
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    if (size !== values.length)
      throw new UsageError([
        `--weights: ${path}: tensors[${i}] has ${values.length} values for shape [${shape.join(', ')}]`,
      ]);
    return { shape, values };
  });
}

/** The seed a page weights export says its weights trained with (`"seed": 2`), or undefined (parity cases, older exports). */
export function readWeightsSeed(
  path: string,
  read = (p: string) => readFileSync(p, 'utf8'),
): number | undefined {
  const seed = (JSON.parse(read(path)) as { seed?: unknown } | null)?.seed;
  return Number.isInteger(seed) ? (seed as number) : undefined;
}
