/**
 * How fast each logical CPU of this machine is right now: the same fixed JS loop timed in a fresh Node process
 * pinned to each CPU in turn (`taskset`). On a shared virtual machine a vCPU can run at half its speed for
 * minutes (its host core busy with another guest), which no benchmark here can see from inside; probing before
 * each side of a race shows when the two sides ran on different machines, in effect.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/** A fixed multiply-add loop over 256 KiB, ~0.2 s on an unloaded core of the 2026 machines. */
const LOOP = `(()=>{const a=new Float32Array(65536).fill(1.0001);let s=0;const t=performance.now();
for(let k=0;k<1500;k++)for(let i=0;i<65536;i++)s+=a[i]*a[(i*7)&65535];
process.stdout.write(String(performance.now()-t)+(s>0?'':' '));})()`;

export interface HostSpeed {
  /** ms of the fixed loop per logical CPU (pinned), or one unpinned figure where taskset is missing. */
  readonly msPerCpu: number[];
  readonly pinned: boolean;
}

function timeLoop(cpu: number | undefined): number | undefined {
  const [command, args] =
    cpu === undefined
      ? [process.execPath, ['-e', LOOP]]
      : ['taskset', ['-c', String(cpu), process.execPath, '-e', LOOP]];
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  const ms = Number.parseFloat(run.stdout ?? '');
  return run.status === 0 && Number.isFinite(ms) ? ms : undefined;
}

/** The loop's time on every logical CPU (one after another, so each runs alone). */
export function probeHostSpeed(): HostSpeed {
  const pinned = cpus().map((_, cpu) => timeLoop(cpu));
  if (pinned.every((ms) => ms !== undefined)) return { msPerCpu: pinned as number[], pinned: true };
  const unpinned = timeLoop(undefined);
  return { msPerCpu: unpinned === undefined ? [] : [unpinned], pinned: false };
}
