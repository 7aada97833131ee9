/**
 * The control block the training worker and the filter-gradient helper share, and the one loop both run on it.
 * A shared job is cut into chunks of images; each thread claims the next chunk until none is left, and each
 * chunk accumulates into a zeroed slot of its own. So a helper that is late (its core busy) costs at most the
 * chunk it holds, and dW, the slots summed in chunk order, is the same whichever thread ran which chunk.
 */
import { type FilterGradJob, imagesOf } from './filterGradPasses';

/** A job shared in chunks: `dw` is the first of its chunks' slots, `slotBytes` apart. */
export interface SharedFilterGradJob extends FilterGradJob {
  readonly chunk: number;
  readonly slotBytes: number;
}

/**
 * Int32 slots: `job` is the id of the latest job, `claim` its id (low 23 bits) over the next unclaimed chunk (low
 * 8 bits), `completed` its chunks done, `failed` a job id the helper failed on, `helped` chunks the helper ran
 * so far, `ready` 1 once the helper runs.
 */
export const CONTROL = { job: 0, claim: 1, completed: 2, failed: 3, helped: 4, ready: 5 } as const;
const FIELDS = ['x', 'dy', 'dw', 'images', 'oh', 'ow', 'ci', 'co', 'kh', 'kw', 'chunk', 'slotBytes'] as const;
const FIRST_FIELD = 6;
/** Chunks per shared job: enough that a late thread costs little, few enough that summing the slots is cheap. */
const SHARED_CHUNKS = 8;

export const newControl = (): SharedArrayBuffer => new SharedArrayBuffer(4 * (FIRST_FIELD + FIELDS.length));

/** `job` cut into chunks, with its slots from `slots` on. */
export function sharedJob(job: FilterGradJob, slots: number): SharedFilterGradJob {
  const chunk = Math.ceil(job.images / SHARED_CHUNKS);
  return { ...job, dw: slots, chunk, slotBytes: job.kh * job.kw * job.ci * job.co * 4 };
}

export const chunkCount = (job: SharedFilterGradJob): number => Math.ceil(job.images / job.chunk);

export function writeJob(control: SharedArrayBuffer, job: SharedFilterGradJob): void {
  const words = new Uint32Array(control);
  FIELDS.forEach((field, i) => {
    words[FIRST_FIELD + i] = job[field];
  });
}

export function readJob(control: SharedArrayBuffer): SharedFilterGradJob {
  const words = new Uint32Array(control);
  return Object.fromEntries(
    FIELDS.map((field, i) => [field, words[FIRST_FIELD + i] as number]),
  ) as unknown as SharedFilterGradJob;
}

const claimWord = (id: number, index: number): number => ((id & 0x7fffff) << 8) | index;

/** Opens job `id` for claiming (its fields written and its slots zeroed before). */
export function openJob(flags: Int32Array, id: number): void {
  Atomics.store(flags, CONTROL.completed, 0);
  Atomics.store(flags, CONTROL.claim, claimWord(id, 0));
  Atomics.store(flags, CONTROL.job, id);
  Atomics.notify(flags, CONTROL.job);
}

/** The next unclaimed chunk of job `id`, or -1 once all are claimed or a newer job took its place. */
function claimChunk(flags: Int32Array, id: number, chunks: number): number {
  for (;;) {
    const word = Atomics.load(flags, CONTROL.claim);
    const index = word & 0xff;
    if (word !== claimWord(id, index) || index >= chunks) return -1;
    if (Atomics.compareExchange(flags, CONTROL.claim, word, word + 1) === word) return index;
  }
}

/**
 * Claims and runs chunks of job `id` until none is left (both threads run this); `run` gets a chunk as a job of
 * its own, into its slot.
 */
export function workOnChunks(
  flags: Int32Array,
  id: number,
  job: SharedFilterGradJob,
  run: (chunk: FilterGradJob) => void,
): void {
  const chunks = chunkCount(job);
  for (let index = claimChunk(flags, id, chunks); index >= 0; index = claimChunk(flags, id, chunks)) {
    const first = index * job.chunk;
    run(imagesOf(job, first, Math.min(job.chunk, job.images - first), job.dw + index * job.slotBytes));
    Atomics.add(flags, CONTROL.completed, 1);
    Atomics.notify(flags, CONTROL.completed);
  }
}
