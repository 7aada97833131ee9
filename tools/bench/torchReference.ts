/** The PyTorch CPU reference row of the benchmark, where Debian's python3-torch is installed. */
import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import { findTorchPython, PYTHONS } from '../common/torchPython';
import type { BenchRecord } from './node';
import { throughput } from './stats';

const run = promisify(execFile);

/**
 * PyTorch rows (sgd and sam, batch 64 and 128) or a reason why there are none; on `threads` intra-op threads
 * (default: 2, or 1 on a one-core machine).
 */
export async function torchReference(
  steps: number,
  threads = Math.min(2, cpus().length),
): Promise<{ records: BenchRecord[]; note?: string }> {
  const torch = findTorchPython();
  if (!torch)
    return { records: [], note: `no PyTorch reference: no python3 with torch (tried ${PYTHONS.join(', ')})` };
  try {
    const { stdout } = await run(
      torch.python,
      ['tools/bench/torch_reference.py', String(threads), String(steps)],
      {
        timeout: 600_000,
      },
    );
    const parsed = JSON.parse(stdout) as {
      torch: string;
      rows: { method: string; batch: number; msPerStep: number }[];
    };
    const records = parsed.rows.map(({ method, batch, msPerStep }) => ({
      host: 'pytorch' as const,
      backend: `torch ${parsed.torch} CPU, ${threads} thread${threads === 1 ? '' : 's'}`,
      method,
      batch,
      steps,
      ...throughput(msPerStep, batch),
    }));
    return { records };
  } catch (error) {
    const message =
      (error as Error).message.split('\n').find((line) => line.includes('Error')) ?? (error as Error).message;
    return { records: [], note: `no PyTorch reference: ${message.trim()}` };
  }
}
