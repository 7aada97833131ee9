import { describe, expect, it } from 'vitest';
import { installDispatchCounter } from './dispatchCounter';

/** Classes shaped like WebGPU's, whose methods record that the original ran. */
function webGpuLikeClasses() {
  const calls: string[] = [];
  class GPUComputePassEncoder {
    dispatchWorkgroups(x: number) {
      calls.push(`dispatch ${x}`);
    }
    dispatchWorkgroupsIndirect() {
      calls.push('indirect');
    }
  }
  class GPUQueue {
    submit(buffers: unknown[]) {
      calls.push(`submit ${buffers.length}`);
      return buffers.length;
    }
  }
  return { calls, classes: { GPUComputePassEncoder, GPUQueue } };
}

describe('installDispatchCounter', () => {
  it('counts dispatches and submits of every instance and still runs the originals', () => {
    const { calls, classes } = webGpuLikeClasses();
    const counter = installDispatchCounter(classes);
    const pass = new classes.GPUComputePassEncoder();
    pass.dispatchWorkgroups(4);
    pass.dispatchWorkgroupsIndirect();
    new classes.GPUComputePassEncoder().dispatchWorkgroups(2);
    expect(new classes.GPUQueue().submit([1, 2])).toBe(2);
    expect(counter.counts()).toEqual({ dispatches: 3, submits: 1 });
    expect(calls).toEqual(['dispatch 4', 'indirect', 'dispatch 2', 'submit 2']);
  });

  it('stops counting once uninstalled', () => {
    const { classes } = webGpuLikeClasses();
    const counter = installDispatchCounter(classes);
    new classes.GPUQueue().submit([]);
    counter.uninstall();
    new classes.GPUQueue().submit([]);
    new classes.GPUComputePassEncoder().dispatchWorkgroups(1);
    expect(counter.counts()).toEqual({ dispatches: 0, submits: 1 });
  });
});
