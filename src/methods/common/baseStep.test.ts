import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS, type Hyperparams } from '../../config/optimizers';
import { PytorchSgdStep } from './baseStep';

const hparams = (patch: Partial<Hyperparams>): Hyperparams => ({ ...DEFAULT_HYPERPARAMS, ...patch });

async function twoSteps(patch: Partial<Hyperparams>): Promise<number[][]> {
  const w = tf.variable(tf.tensor1d([1, -2]));
  const grad = tf.tensor1d([0.5, 0.25]);
  const base = new PytorchSgdStep([w]);
  const seen: number[][] = [];
  for (let i = 0; i < 2; i++) {
    base.apply([grad], hparams(patch), 0.1);
    seen.push([...(await w.data())]);
  }
  base.dispose();
  w.dispose();
  grad.dispose();
  return seen;
}

describe('PyTorch SGD base step', () => {
  it('applies coupled weight decay and heavy-ball momentum like torch.optim.SGD', async () => {
    // w=[1,-2], g=[.5,.25], λ=.1, β=.9, η=.1
    // step 1: d = g+λw = [.6,.05]; buf = d; w = [.94, -2.005]
    // step 2: d = [.5+.094, .25-.2005] = [.594,.0495]; buf = .9·[.6,.05]+d = [1.134,.0945]; w = [.8266, -2.01445]
    const [first, second] = await twoSteps({ momentum: 0.9, weightDecay: 0.1, nesterov: false });
    expect(first?.[0]).toBeCloseTo(0.94, 6);
    expect(first?.[1]).toBeCloseTo(-2.005, 6);
    expect(second?.[0]).toBeCloseTo(0.8266, 6);
    expect(second?.[1]).toBeCloseTo(-2.01445, 6);
  });

  it('uses d + β·buf as the direction with nesterov', async () => {
    // step 1: d = [.6,.05]; buf = d; direction = d + .9·buf = [1.14,.095]; w = [.886, -2.0095]
    // step 2: d = g + λw = [.5886, .04905]; buf = .9·[.6,.05] + d = [1.1286, .09405];
    //         direction = d + .9·buf = [1.60434, .133695]; w = [.886 - .160434, -2.0095 - .0133695]
    const [first, second] = await twoSteps({ momentum: 0.9, weightDecay: 0.1, nesterov: true });
    expect(first?.[0]).toBeCloseTo(0.886, 6);
    expect(first?.[1]).toBeCloseTo(-2.0095, 6);
    expect(second?.[0]).toBeCloseTo(0.725566, 6);
    expect(second?.[1]).toBeCloseTo(-2.0228695, 6);
  });

  it('is plain gradient descent without momentum and decay', async () => {
    const [first, second] = await twoSteps({ momentum: 0, weightDecay: 0 });
    expect(first).toEqual([expect.closeTo(0.95, 6), expect.closeTo(-2.025, 6)]);
    expect(second).toEqual([expect.closeTo(0.9, 6), expect.closeTo(-2.05, 6)]);
  });
});
