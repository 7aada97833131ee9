/// <reference lib="webworker" />
/**
 * The second thread of the SIMD filter gradient (see filterGradHelper.ts): it instantiates the passes on the
 * training worker's shared WASM memory, then works on every job's chunks beside the training worker, blocking
 * in Atomics.wait between jobs (a worker may block; it never needs its event loop again).
 */

import { CONTROL, readJob, workOnChunks } from './filterGradControl';
import { passesOn, runFilterGradJob } from './filterGradPasses';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (message: MessageEvent<{ memory: WebAssembly.Memory; control: SharedArrayBuffer }>) => {
  const { memory, control } = message.data;
  const flags = new Int32Array(control);
  const pass = passesOn(memory);
  Atomics.store(flags, CONTROL.ready, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(flags, CONTROL.job, seen);
    const id = Atomics.load(flags, CONTROL.job);
    if (id === seen) continue;
    seen = id;
    // A job the training worker already finished alone has no chunk left to claim: nothing is read or written.
    const job = readJob(control);
    try {
      workOnChunks(flags, id, job, (chunk) => {
        runFilterGradJob(chunk, (taps, vectors) => pass(taps, vectors, job.ci));
        Atomics.add(flags, CONTROL.helped, 1);
      });
    } catch {
      // The training worker redoes the job alone and stops using the helper.
      Atomics.store(flags, CONTROL.failed, id);
      Atomics.notify(flags, CONTROL.completed);
    }
  }
};
