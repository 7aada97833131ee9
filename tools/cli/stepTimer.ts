/**
 * Per-run compute time of a lockstep comparison. The Session steps every run inside one tick and
 * times nothing, so the CLI wraps each run's `optimizer.step` and adds up its wall time. That is
 * honest without a readback barrier because the Node backends (tfjs 'cpu' and 'wasm') run every
 * kernel synchronously inside the call: when `step` returns, its work is done. On an async backend
 * (WebGL/WebGPU) the same wrapper would time only the enqueueing, hence the check below.
 */
import * as tf from '@tensorflow/tfjs';
import type { Run } from '../../src/engine/session/run';
import { keyOf } from './metricLog';

const SYNCHRONOUS_BACKENDS = ['cpu', 'wasm'];

export class StepTimer {
  private readonly totals = new Map<string, { ms: number; steps: number }>();

  constructor(runs: readonly Run[]) {
    const backend = tf.getBackend();
    if (!SYNCHRONOUS_BACKENDS.includes(backend)) {
      throw new Error(
        `step timing needs a synchronous backend (${SYNCHRONOUS_BACKENDS.join(', ')}), not ${backend}`,
      );
    }
    for (const run of runs) {
      const total = { ms: 0, steps: 0 };
      this.totals.set(keyOf(run), total);
      const optimizer = run.optimizer;
      const step = optimizer.step.bind(optimizer);
      optimizer.step = (context) => {
        const start = performance.now();
        const scalars = step(context);
        total.ms += performance.now() - start;
        total.steps += 1;
        return scalars;
      };
    }
  }

  /** Mean wall time of one step of the replica `key` (`runId#k`) so far (NaN before its first step). */
  msPerStep(key: string): number {
    const total = this.totals.get(key);
    return total && total.steps > 0 ? total.ms / total.steps : Number.NaN;
  }
}
