/**
 * The control block the training worker and the filter-gradient helper share: a SharedArrayBuffer of flags
 * (Int32, for Atomics) and the job's addresses and sizes (Uint32: heap addresses may pass 2 GiB).
 */
import type { FilterGradJob } from './filterGradPasses';

/**
 * Int32 slots: `job` counts jobs handed out, `done` the last one finished (negated if it failed), `ready` is 1
 * once the helper runs.
 */
export const CONTROL = { job: 0, done: 1, ready: 2 } as const;
const FIELDS = ['x', 'dy', 'dw', 'images', 'oh', 'ow', 'ci', 'co', 'kh', 'kw'] as const;
const FIRST_FIELD = 4;

export const newControl = (): SharedArrayBuffer => new SharedArrayBuffer(4 * (FIRST_FIELD + FIELDS.length));

export function writeJob(control: SharedArrayBuffer, job: FilterGradJob): void {
  const words = new Uint32Array(control);
  FIELDS.forEach((field, i) => {
    words[FIRST_FIELD + i] = job[field];
  });
}

export function readJob(control: SharedArrayBuffer): FilterGradJob {
  const words = new Uint32Array(control);
  return Object.fromEntries(
    FIELDS.map((field, i) => [field, words[FIRST_FIELD + i] as number]),
  ) as unknown as FilterGradJob;
}
