/**
 * A second thread for the SIMD filter gradient. tfjs-backend-wasm's thread pool is XNNPACK's, and the
 * project's own kernels run on the calling thread, so on two cores the filter gradient (the costliest
 * kernel of a CNN step) used one. Where the backend runs threaded (shared memory, more than one thread), a
 * helper worker instantiates the same passes on the same memory and takes a share of the images: the
 * training worker writes the job into the control block (filterGradControl.ts), wakes the helper, does its
 * own share, then blocks in Atomics.wait (allowed in a worker) until the helper is done.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { CONTROL, newControl, writeJob } from './filterGradControl';
import type { FilterGradJob } from './filterGradPasses';
import { heapMemory, isShared } from './heapAssembler';

/** How long a share may take before the helper is given up on (it never takes a tenth of this). */
const WAIT_MS = 30_000;

export class FilterGradHelper {
  private readonly flags: Int32Array;
  private jobs = 0;
  private failed = false;

  constructor(
    private readonly control: SharedArrayBuffer,
    worker: Worker,
  ) {
    this.flags = new Int32Array(control);
    worker.onerror = () => {
      this.failed = true;
    };
  }

  /** Jobs handed out so far (the kernel check of the benchmark page reads it). */
  get jobsStarted(): number {
    return this.jobs;
  }

  /** Running and not given up on. */
  get ready(): boolean {
    return !this.failed && Atomics.load(this.flags, CONTROL.ready) === 1;
  }

  /**
   * Hands the helper `job`; returns the wait for it: true once done, false if the helper failed (it answers
   * -id) or did not finish in time. The helper is then never used again, and the caller must do the job
   * itself and leave its output buffer allocated, since a late helper could still write into it.
   */
  start(job: FilterGradJob): () => boolean {
    writeJob(this.control, job);
    const id = ++this.jobs;
    Atomics.store(this.flags, CONTROL.job, id);
    Atomics.notify(this.flags, CONTROL.job);
    return () => {
      const deadline = performance.now() + WAIT_MS;
      for (;;) {
        const done = Atomics.load(this.flags, CONTROL.done);
        if (done === id) return true;
        const left = deadline - performance.now();
        if (done === -id || left <= 0) {
          this.failed = true;
          return false;
        }
        Atomics.wait(this.flags, CONTROL.done, done, left);
      }
    };
  }
}

const helpers = new WeakMap<object, FilterGradHelper | null>();

/** This backend's helper once it runs (it is started on the first call), or null where there is none. */
export function readyFilterGradHelper(b: BackendWasm): FilterGradHelper | null {
  if (!helpers.has(b.wasm)) helpers.set(b.wasm, startHelper(b));
  const helper = helpers.get(b.wasm);
  return helper?.ready ? helper : null;
}

function startHelper(b: BackendWasm): FilterGradHelper | null {
  const memory = heapMemory(b);
  if (!memory || !isShared(memory) || typeof Worker !== 'function' || getThreadsCount() < 2) return null;
  try {
    const control = newControl();
    const worker = new Worker(new URL('./filterGradHelper.worker.ts', import.meta.url), { type: 'module' });
    worker.postMessage({ memory, control });
    return new FilterGradHelper(control, worker);
  } catch {
    return null;
  }
}
