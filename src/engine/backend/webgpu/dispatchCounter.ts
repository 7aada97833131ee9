/**
 * Counts what a WebGPU step costs the driver: compute dispatches (one per tfjs kernel that runs a
 * shader) and queue submits (each a round trip into the driver). A step made of many tiny kernels is
 * bound by these counts rather than by arithmetic, so they are the figure to cut. Counting patches
 * the prototypes of the WebGPU classes it is given (the page's globals, or Dawn's in Node), so every
 * device made from them is counted, tfjs's included, with no change to tfjs.
 */

export interface DispatchCounts {
  readonly dispatches: number;
  readonly submits: number;
}

/** The two WebGPU classes whose calls are counted; `globalThis` in a browser or worker. */
export interface WebGpuClasses {
  readonly GPUComputePassEncoder: { prototype: object };
  readonly GPUQueue: { prototype: object };
}

type Method = (...args: unknown[]) => unknown;

export interface DispatchCounter {
  /** Counts since the counter was installed. */
  readonly counts: () => DispatchCounts;
  /** Puts the original methods back. */
  readonly uninstall: () => void;
}

/** Wraps `dispatchWorkgroups` (direct and indirect) and `submit` so each call is counted. */
export function installDispatchCounter(classes: WebGpuClasses): DispatchCounter {
  let dispatches = 0;
  let submits = 0;
  const restores = [
    wrap(classes.GPUComputePassEncoder.prototype, 'dispatchWorkgroups', () => dispatches++),
    wrap(classes.GPUComputePassEncoder.prototype, 'dispatchWorkgroupsIndirect', () => dispatches++),
    wrap(classes.GPUQueue.prototype, 'submit', () => submits++),
  ];
  return {
    counts: () => ({ dispatches, submits }),
    uninstall: () => {
      for (const restore of restores) restore();
    },
  };
}

function wrap(prototype: object, name: string, onCall: () => void): () => void {
  const target = prototype as Record<string, Method | undefined>;
  const original = target[name];
  if (typeof original !== 'function') return () => {};
  target[name] = function (this: unknown, ...args: unknown[]) {
    onCall();
    return original.apply(this, args);
  };
  return () => {
    target[name] = original;
  };
}
