/**
 * Which kernel calls a second WASM thread makes slower: the 1- and 2-thread profiles of the same method and batch
 * (the CPU race takes both), set against each other call by call. XNNPACK runs every operator on its thread pool,
 * and small ones can cost far more there than on one thread (a [64,1]×[64,10] multiply once took 0.67 ms a call
 * against 0.012); a per-kernel total hides that, a per-call difference shows it.
 */
import type { KernelRow, ProfileResult } from './browser/types';
import { markdownTable } from './tables';

export interface ThreadCost {
  readonly method: string;
  readonly batch: number;
  /** The kernel and its input shapes, as in ProfileResult.byCall. */
  readonly call: string;
  readonly calls: number;
  /** ms per step on 1 and on 2 threads, and 2 threads minus 1 (positive: slower on 2). */
  readonly oneMs: number;
  readonly twoMs: number;
  readonly extraMs: number;
}

/** Per method and batch profiled on both thread counts, the calls 2 threads slow down most, worst first. */
export function threadCosts(profiles: readonly ProfileResult[], top: number): ThreadCost[] {
  const onThreads = (p: ProfileResult, n: number) => (p.threads ?? 1) === n;
  return profiles
    .filter((p) => p.threads === 2)
    .flatMap((two) => {
      const one = profiles.find(
        (p) =>
          onThreads(p, 1) && p.backend === two.backend && p.method === two.method && p.batch === two.batch,
      );
      if (!one) return [];
      const oneMs = new Map(one.byCall.map((row: KernelRow) => [row.name, row.ms]));
      return two.byCall
        .map((row) => ({
          method: two.method,
          batch: two.batch,
          call: row.name,
          calls: row.calls,
          oneMs: oneMs.get(row.name) ?? 0,
          twoMs: row.ms,
          extraMs: row.ms - (oneMs.get(row.name) ?? 0),
        }))
        .sort((a, b) => b.extraMs - a.extraMs)
        .slice(0, top);
    });
}

export function threadCostTable(profiles: readonly ProfileResult[], top = 6): string {
  return markdownTable(
    ['method', 'batch', 'call', 'calls/step', '1 thread ms', '2 threads ms', 'extra ms per call'],
    threadCosts(profiles, top).map((c) => [
      c.method,
      c.batch,
      `\`${c.call}\``,
      Math.round(c.calls),
      c.oneMs.toFixed(2),
      c.twoMs.toFixed(2),
      (c.extraMs / Math.max(1, Math.round(c.calls))).toFixed(3),
    ]),
  );
}
