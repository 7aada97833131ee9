/** One seed's weights of a run, read back from the device for the page's download. */
import type { Session } from '../engine/session/session';
import type { WeightsExport } from './protocol';

/**
 * Replica `replica` of run `runId` (0 when absent: seed `config.seed`, what a one-seed session
 * trains), with the seed it trained with. Throws naming the replica if there is none.
 */
export async function exportRunWeights(session: Session, runId: string, replica = 0): Promise<WeightsExport> {
  const replicas = session.replicasOf(runId);
  const run = replicas[replica];
  if (!run) throw new Error(`replica: run "${runId}" has replicas 0–${replicas.length - 1}, not ${replica}`);
  const tensors = await Promise.all(
    run.model.params.map(async (param) => ({
      name: param.name,
      shape: [...param.shape],
      values: (await param.data()) as Float32Array,
    })),
  );
  return { runId, replica, seed: run.seed, step: run.step, tensors };
}
