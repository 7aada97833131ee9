/**
 * A second thread for the SIMD filter gradient. tfjs-backend-wasm's thread pool is XNNPACK's, and the
 * project's own kernels run on the calling thread, so on two cores the filter gradient (the costliest
 * kernel of a CNN step) used one. Where the backend runs threaded (shared memory, more than one thread), a
 * helper worker instantiates the same passes on the same memory, and the two threads share each job in chunks
 * (filterGradControl.ts): the training worker opens the job, works on chunks itself, then blocks in
 * Atomics.wait (allowed in a worker) only for chunks the helper still holds.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  CONTROL,
  chunkCount,
  newControl,
  openJob,
  type SharedFilterGradJob,
  workOnChunks,
  writeJob,
} from './filterGradControl';
import type { FilterGradJob } from './filterGradPasses';
import { heapMemory, isShared } from './heapAssembler';

/** How long the helper may hold a chunk before it is given up on (it never takes a tenth of this). */
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

  /** Chunks the helper has run so far (the kernel check of the benchmark page reads it). */
  get chunksRun(): number {
    return Atomics.load(this.flags, CONTROL.helped);
  }

  /** Running and not given up on. */
  get ready(): boolean {
    return !this.failed && Atomics.load(this.flags, CONTROL.ready) === 1;
  }

  /**
   * Runs `job`'s chunks on this thread and the helper's, `run` doing one chunk here; true once all are done.
   * False if the helper failed on a chunk or held one too long: it is then never used again, and the caller must
   * redo the job alone and leave its slots allocated, since a late helper could still write into them.
   */
  share(job: SharedFilterGradJob, run: (chunk: FilterGradJob) => void): boolean {
    writeJob(this.control, job);
    const id = ++this.jobs;
    openJob(this.flags, id);
    workOnChunks(this.flags, id, job, run);
    const chunks = chunkCount(job);
    const deadline = performance.now() + WAIT_MS;
    for (;;) {
      const completed = Atomics.load(this.flags, CONTROL.completed);
      if (completed === chunks) return true;
      const left = deadline - performance.now();
      if (Atomics.load(this.flags, CONTROL.failed) === id || left <= 0) {
        this.failed = true;
        return false;
      }
      Atomics.wait(this.flags, CONTROL.completed, completed, left);
    }
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
