/// <reference lib="webworker" />
/**
 * The second thread of the SIMD filter gradient (see filterGradHelper.ts): it instantiates the passes on the
 * training worker's shared WASM memory, then serves jobs forever through the control block, blocking in
 * Atomics.wait between them (a worker may block; it never needs its event loop again).
 */

import { CONTROL, readJob } from './filterGradControl';
import { type FilterGradPass, passModule, runFilterGradJob } from './filterGradPasses';
import { instantiateOn } from './heapAssembler';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (message: MessageEvent<{ memory: WebAssembly.Memory; control: SharedArrayBuffer }>) => {
  const { memory, control } = message.data;
  const flags = new Int32Array(control);
  const passes = new Map<string, FilterGradPass | null>();
  const pass = (taps: number, vectors: number, ci: number) => {
    const { key, bytes } = passModule(taps, vectors, ci);
    if (!passes.has(key)) passes.set(key, instantiateOn<FilterGradPass>(memory, bytes));
    const fn = passes.get(key);
    if (!fn) throw new Error('the filter-gradient pass did not build in the helper');
    return fn;
  };
  Atomics.store(flags, CONTROL.ready, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(flags, CONTROL.job, seen);
    const job = Atomics.load(flags, CONTROL.job);
    if (job === seen) continue;
    seen = job;
    const work = readJob(control);
    let outcome = job;
    try {
      runFilterGradJob(work, (taps, vectors) => pass(taps, vectors, work.ci));
    } catch {
      outcome = -job; // the training worker does this share itself and stops using the helper
    }
    Atomics.store(flags, CONTROL.done, outcome);
    Atomics.notify(flags, CONTROL.done);
  }
};
