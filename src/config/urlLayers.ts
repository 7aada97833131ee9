/**
 * A custom model in a URL, readable by people:
 * `conv(16,3)-pool(2)-conv(32,3,s2,valid,tanh)-flat-dense(32,relu)-dense(10)`.
 * Arguments are positional for the sizes and flags for the rest; defaults are left out.
 */
import { type LayerSpec, layerSpecSchema } from './model';
import { quote } from './quote';
import { splitTopLevel, type Token, tokenize } from './urlTokens';

const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid'] as const;

export function encodeLayer(spec: LayerSpec): string {
  switch (spec.type) {
    case 'conv2d': {
      const args = [spec.filters, spec.kernelSize].map(String);
      if (spec.strides !== 1) args.push(`s${spec.strides}`);
      if (spec.padding !== 'same') args.push(spec.padding);
      if (spec.activation !== 'relu') args.push(spec.activation);
      return `conv(${args.join(',')})`;
    }
    case 'maxPool2d':
      return `pool(${spec.poolSize})`;
    case 'batchNorm':
      return 'bn';
    case 'activation':
      return `act(${spec.activation})`;
    case 'globalAvgPool':
      return 'gap';
    case 'residual':
      return spec.strides === 1 ? `res(${spec.filters})` : `res(${spec.filters},s${spec.strides})`;
    case 'dropout':
      return `drop(${spec.rate})`;
    case 'flatten':
      return 'flat';
    case 'dense':
      return spec.activation === 'linear'
        ? `dense(${spec.units})`
        : `dense(${spec.units},${spec.activation})`;
  }
}

export const encodeLayers = (layers: readonly LayerSpec[]): string => layers.map(encodeLayer).join('-');

/** The layer a token describes, before validation: positional sizes, `sN` strides, padding and activation flags. */
function layerFromToken({ name, args: untrimmed }: Token): Record<string, unknown> | string {
  const args = untrimmed.map((a) => a.trim());
  const sizes = args.filter((a) => /^\d+(\.\d+)?$/.test(a)).map(Number);
  const flags = args.filter((a) => !/^\d+(\.\d+)?$/.test(a));
  const strides = flags.find((f) => /^s\d+$/.test(f));
  const activation = flags.find((f) => (ACTIVATIONS as readonly string[]).includes(f));
  const padding = flags.find((f) => f === 'same' || f === 'valid');
  const unknown = flags.filter((f) => f !== strides && f !== activation && f !== padding);
  if (unknown.length > 0) return `unknown argument ${quote(unknown[0] as string)}`;
  const optional = {
    ...(strides ? { strides: Number(strides.slice(1)) } : {}),
    ...(padding ? { padding } : {}),
    ...(activation ? { activation } : {}),
  };
  switch (name) {
    case 'conv':
      return { type: 'conv2d', filters: sizes[0], kernelSize: sizes[1], ...optional };
    case 'pool':
      return { type: 'maxPool2d', poolSize: sizes[0] };
    case 'bn':
      return { type: 'batchNorm' };
    case 'act':
      return { type: 'activation', activation: activation ?? args[0] };
    case 'gap':
      return { type: 'globalAvgPool' };
    case 'res':
      return { type: 'residual', filters: sizes[0], ...optional };
    case 'drop':
      return { type: 'dropout', rate: sizes[0] };
    case 'flat':
      return { type: 'flatten' };
    case 'dense':
      return { type: 'dense', units: sizes[0], ...optional };
    default:
      return `unknown layer ${quote(name)} (use conv, pool, bn, act, gap, res, drop, flat or dense)`;
  }
}

/** The layers of a `layers=` value, or the first problem (with the layer's position and text). */
export function decodeLayers(text: string): { layers: LayerSpec[] } | { problem: string } {
  const layers: LayerSpec[] = [];
  const parts = splitTopLevel(text, '-');
  for (const [index, part] of parts.entries()) {
    const where = `layer ${index + 1} ${quote(part)}`;
    const token = tokenize(part);
    if (typeof token === 'string') return { problem: `${where}: ${token}` };
    const raw = layerFromToken(token);
    if (typeof raw === 'string') return { problem: `${where}: ${raw}` };
    const checked = layerSpecSchema.safeParse(raw);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return { problem: `${where}: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` };
    }
    layers.push(checked.data);
  }
  return { layers };
}
