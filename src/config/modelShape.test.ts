import { describe, expect, it } from 'vitest';
import { buildModel } from '../engine/model/build';
import { MODEL_PRESET_NAMES, MODEL_PRESETS } from './model';
import { describeModel, IMAGE_SHAPE, NUM_CLASSES } from './modelShape';

describe('describeModel', () => {
  it('counts the small CNN at 55,338 parameters', () => {
    // conv 3·3·1·16+16 = 160; conv 3·3·16·32+32 = 4,640; dense 7·7·32·32+32 = 50,208; dense 32·10+10 = 330.
    expect(describeModel(MODEL_PRESETS['small-cnn'].layers).paramCount).toBe(55_338);
  });

  it('follows the shapes through conv, pool and flatten', () => {
    const report = describeModel(MODEL_PRESETS['small-cnn'].layers);
    expect(report.layers.map((l) => l.shape)).toEqual([
      [28, 28, 16],
      [14, 14, 16],
      [14, 14, 32],
      [7, 7, 32],
      [1568],
      [32],
      [10],
    ]);
    expect(report.problem).toBeUndefined();
  });

  it.each(MODEL_PRESET_NAMES)('agrees with the engine for the %s preset', (name) => {
    const model = buildModel(MODEL_PRESETS[name].layers, IMAGE_SHAPE, NUM_CLASSES);
    const engineCount = model.paramCount;
    model.dispose();
    expect(describeModel(MODEL_PRESETS[name].layers).paramCount).toBe(engineCount);
  });

  it('names the first layer that does not fit', () => {
    const report = describeModel([
      { type: 'flatten' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'dense', units: 10, activation: 'linear' },
    ]);
    expect(report.problem).toBe(
      'layer 2 (maxPool2d): maxPool2d needs an image input (H×W×C), got a flat vector: remove the flatten before it',
    );
    expect(report.layers[1]?.problem).toMatch(/needs an image input/);
  });

  it('asks for a flat input before dense', () => {
    expect(describeModel([{ type: 'dense', units: 10, activation: 'linear' }]).problem).toBe(
      'layer 1 (dense): dense needs a flat input: add flatten (or globalAvgPool) before it',
    );
  });

  it('asks for ten logits at the end', () => {
    expect(
      describeModel([{ type: 'flatten' }, { type: 'dense', units: 5, activation: 'linear' }]).problem,
    ).toBe('the last layer must be dense with 10 units (one logit per class)');
  });
});
