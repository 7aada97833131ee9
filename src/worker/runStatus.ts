/** What the page learns of a run each message: its replicas' phases folded into one status, and each replica's. */
import type { Run } from '../engine/session/run';
import type { ReplicaStatus, RunStatus } from './protocol';

const replicaStatus = (run: Run): ReplicaStatus => ({
  status: run.phase,
  step: run.step,
  ...(run.divergedAtStep === undefined ? {} : { divergedAtStep: run.divergedAtStep }),
});

/** `withTiming`: on CPU and WASM ops run when called, so timing a step call measures it; GPUs only enqueue. */
export function runStatus(replicas: readonly Run[], withTiming: boolean): RunStatus {
  const first = replicas[0];
  if (!first) throw new Error('a run has at least one replica');
  const phases = replicas.map((r) => r.phase);
  const status = phases.includes('active')
    ? 'active'
    : phases.every((p) => p === 'diverged')
      ? 'diverged'
      : 'done';
  const diverged = replicas.map((r) => r.divergedAtStep).filter((s) => s !== undefined);
  const timed = replicas.map((r) => r.msPerStep).filter((ms) => ms !== undefined);
  return {
    runId: first.id,
    optimizer: first.config.optimizer,
    status,
    step: Math.max(...replicas.map((r) => r.step)),
    ...(diverged.length === 0 ? {} : { divergedAtStep: Math.min(...diverged) }),
    replicas: replicas.map(replicaStatus),
    hparams: first.hparams,
    gradEvalsPerStep: first.gradEvalsPerStep,
    ...(withTiming && timed.length > 0 ? { msPerStep: timed.reduce((a, b) => a + b, 0) / timed.length } : {}),
  };
}
