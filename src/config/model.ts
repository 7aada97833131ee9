/** Layer specs: the JSON that describes a model, shared by presets, the layer editor, URLs and the CLI. */
import { z } from 'zod';

const activation = z.enum(['linear', 'relu', 'tanh', 'sigmoid']);

export const layerSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('conv2d'),
    filters: z.number().int().min(1).max(512),
    kernelSize: z.number().int().min(1).max(11),
    strides: z.number().int().min(1).max(4).default(1),
    padding: z.enum(['same', 'valid']).default('same'),
    activation: activation.default('relu'),
  }),
  z.object({ type: z.literal('maxPool2d'), poolSize: z.number().int().min(1).max(8) }),
  z.object({ type: z.literal('batchNorm') }),
  /** A standalone activation, for conv → batchNorm → relu stacks. */
  z.object({ type: z.literal('activation'), activation }),
  /** Mean over the spatial dimensions (H×W×C → C), the ResNet head. */
  z.object({ type: z.literal('globalAvgPool') }),
  /**
   * A ResNet basic block: conv3×3(strides)-BN-relu-conv3×3-BN plus the shortcut, then relu. The shortcut
   * is the identity, or a 1×1 conv(strides)+BN where the shape changes. Convs have no bias (BN follows).
   */
  z.object({
    type: z.literal('residual'),
    filters: z.number().int().min(1).max(512),
    strides: z.number().int().min(1).max(2).default(1),
  }),
  z.object({ type: z.literal('dropout'), rate: z.number().min(0).max(0.95) }),
  z.object({ type: z.literal('flatten') }),
  z.object({
    type: z.literal('dense'),
    units: z.number().int().min(1).max(4096),
    activation: activation.default('linear'),
  }),
]);

export type LayerSpec = z.infer<typeof layerSpecSchema>;

export const MODEL_PRESET_NAMES = [
  'small-cnn',
  'tiny-cnn',
  'mlp',
  'mlp-2d',
  'lenet5',
  'resnet8',
  'resnet20',
] as const;
export type ModelPresetName = (typeof MODEL_PRESET_NAMES)[number];

/**
 * Presets. The last dense layer emits logits (no softmax): losses take logits.
 * - small-cnn: two conv+pool blocks, ~55k parameters, the default comparison model.
 * - tiny-cnn: for software WebGPU in tests, where every kernel is slow.
 * - mlp: one hidden layer, the fastest sanity check.
 * - lenet5: LeCun's layout (6 and 16 5×5 filters, 120-84 dense) with relu and max-pooling, ~62k parameters.
 * - mlp-2d: TensorFlow Playground's kind of network for the 2-D toy sets, two tanh layers of 16.
 * - resnet8: He et al.'s CIFAR ResNet with one block per stage (16-32-64 filters) and BatchNorm, ~78k
 *   parameters; the one preset where the BatchNorm handling of the two-pass methods matters.
 * - resnet20: the same with three blocks per stage, He et al.'s ResNet-20 (~270k parameters).
 * Every preset fits 28×28×1 and 32×32×3 images; the last layer is resized to the dataset's classes.
 */
export const MODEL_PRESETS: Record<ModelPresetName, { label: string; layers: LayerSpec[] }> = {
  'small-cnn': {
    label: 'Small CNN (2 conv blocks)',
    layers: [
      { type: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 32, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'linear' },
    ],
  },
  'tiny-cnn': {
    label: 'Tiny CNN (for quick checks)',
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10, activation: 'linear' },
    ],
  },
  mlp: {
    label: 'MLP (1 hidden layer)',
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'linear' },
    ],
  },
  'mlp-2d': {
    label: 'MLP 16-16 tanh (for 2-D sets)',
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dense', units: 10, activation: 'linear' },
    ],
  },
  lenet5: {
    label: 'LeNet-5-like',
    layers: [
      { type: 'conv2d', filters: 6, kernelSize: 5, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 120, activation: 'relu' },
      { type: 'dense', units: 84, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'linear' },
    ],
  },
  resnet8: { label: 'ResNet-8 with BatchNorm (slow)', layers: resnet(1) },
  resnet20: { label: 'ResNet-20 with BatchNorm (slower)', layers: resnet(3) },
};

/** He et al.'s CIFAR ResNet-(6n+2): a BN stem, n basic blocks of 16, 32 and 64 filters, average pool. */
function resnet(blocksPerStage: number): LayerSpec[] {
  const stage = (filters: number, strides: number): LayerSpec[] =>
    Array.from({ length: blocksPerStage }, (_, i) => ({
      type: 'residual',
      filters,
      strides: i === 0 ? strides : 1,
    }));
  return [
    { type: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear' },
    { type: 'batchNorm' },
    { type: 'activation', activation: 'relu' },
    ...stage(16, 1),
    ...stage(32, 2),
    ...stage(64, 2),
    { type: 'globalAvgPool' },
    { type: 'dense', units: 10, activation: 'linear' },
  ];
}
