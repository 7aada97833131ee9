import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onWasmWithLeakChecks, rng } from '../../../testing/kernelChecks';
import { fusedMomentumStep, type MomentumStepAttrs } from '../momentumStep';

onWasmWithLeakChecks();

/** The op chain the fused kernel replaces (methods/common/baseStep.ts), on the same backend. */
function chain(w: tf.Tensor, g: tf.Tensor, buf: tf.Tensor, a: MomentumStepAttrs): tf.Tensor[] {
  return tf.tidy(() => {
    const d = a.weightDecay === 0 ? g : g.add(w.mul(a.weightDecay));
    const next = buf.mul(a.momentum).add(d);
    const direction = a.nesterov ? d.add(next.mul(a.momentum)) : next;
    return [next, w.sub(direction.mul(a.lr))];
  });
}

describe('fused momentum update on WASM', () => {
  it('equals the six-kernel op chain bit for bit (with and without decay and Nesterov, odd sizes, specials)', () => {
    const r = rng(12);
    for (const [size, a] of [
      [1, { lr: 0.1, momentum: 0.9, weightDecay: 5e-4, nesterov: false }],
      [1027, { lr: 0.05, momentum: 0.9, weightDecay: 5e-4, nesterov: true }],
      [333, { lr: 0.3, momentum: 0.5, weightDecay: 0, nesterov: false }],
      [64, { lr: 1e-3, momentum: 0.99, weightDecay: 0.1, nesterov: true }],
    ] as [number, MomentumStepAttrs][]) {
      const values = (scale: number) =>
        Float32Array.from({ length: size }, (_, i) =>
          i === 3 ? Number.NaN : i === 5 ? 1e30 : (r() - 0.5) * scale,
        );
      const [w, g, buf] = [tf.tensor1d(values(2)), tf.tensor1d(values(10)), tf.tensor1d(values(1))];
      const fused = fusedMomentumStep(w, g, buf, a);
      expect(fused).toBeDefined();
      const [next, nextW] = chain(w, g, buf, a);
      const label = JSON.stringify({ size, ...a });
      expect(Array.from(fused?.nextBuffer.dataSync() ?? []), label).toEqual(
        Array.from(next?.dataSync() ?? []),
      );
      expect(Array.from(fused?.nextParam.dataSync() ?? []), label).toEqual(
        Array.from(nextW?.dataSync() ?? []),
      );
      tf.dispose([w, g, buf, next as tf.Tensor, nextW as tf.Tensor, fused?.nextBuffer, fused?.nextParam]);
    }
  });
});
