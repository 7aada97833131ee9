/**
 * The worker protocol's requests mapped onto the controller's commands, one case each, and the reply
 * every request gets: its result, or the message of the error it threw.
 */
import type { ProbeConfig, ProbeKind } from '../config/probes';
import type { RobustConfig } from '../config/robust';
import type { BackendChoice, ExperimentConfig } from '../config/schema';
import type { Session, SessionSnapshot } from '../engine/session/session';
import type { Checkpoint, WeightsExport, WorkerEvent, WorkerRequest } from './protocol';
import type { CheckpointReply } from './savedCheckpoints';

export interface TrainerCommands {
  configure(config: ExperimentConfig, dataUrl: string): Promise<void>;
  /** Trains until paused or done; `maxTicks` stops it after that many steps. */
  start(maxTicks?: number): Promise<void>;
  pause(): Promise<void>;
  stop(): Promise<void>;
  /** The configured session again from step 0 (a new generation). */
  reset(): Promise<void>;
  /** A live change to the runs (hyperparameters, add, remove, fork). */
  edit(change: (session: Session) => void): Promise<void>;
  evaluateNow(): Promise<void>;
  exportWeights(runId: string, replica?: number): Promise<WeightsExport>;
  replay(): void;
  switchBackend(choice: BackendChoice): Promise<void>;
  /** Starts a probe of each run; the ids of the probes started. */
  probe(kind: ProbeKind, runIds: readonly string[], lineFrom?: string): string[];
  setProbes(probes: ProbeConfig): void;
  setRobust(robust: RobustConfig | undefined): void;
  checkpoint(): Checkpoint | undefined;
  saveCheckpoint(recordId: string): Promise<CheckpointReply | undefined>;
  restoreSnapshot(snapshot: SessionSnapshot, elapsedMs: number): Promise<void>;
}

/** Runs `request` on `commands` and posts the reply. */
export async function answer(
  commands: TrainerCommands,
  request: WorkerRequest,
  post: (event: WorkerEvent) => void,
): Promise<void> {
  try {
    const result = await run(commands, request);
    post({
      type: 'reply',
      requestId: request.requestId,
      ok: true,
      ...(result === undefined ? {} : { result }),
    });
  } catch (error) {
    post({ type: 'reply', requestId: request.requestId, ok: false, error: (error as Error).message });
  }
}

function run(commands: TrainerCommands, request: WorkerRequest): unknown {
  switch (request.type) {
    case 'configure':
      return commands.configure(request.config, request.dataUrl);
    case 'start':
    case 'resume':
      return commands.start();
    case 'stepOnce':
      return commands.start(1);
    case 'pause':
      return commands.pause();
    case 'stop':
      return commands.stop();
    case 'reset':
      return commands.reset();
    case 'updateHyperparams':
      return commands.edit((s) => s.updateHyperparams(request.runId, request.patch));
    case 'addRun':
      return commands.edit((s) => s.addRun(request.run));
    case 'removeRun':
      return commands.edit((s) => s.removeRun(request.runId));
    case 'forkRun':
      return commands.edit((s) => s.forkRun(request.parentId, request.run));
    case 'evaluateNow':
      return commands.evaluateNow();
    case 'exportWeights':
      return commands.exportWeights(request.runId, request.replica);
    case 'replay':
      return commands.replay();
    case 'switchBackend':
      return commands.switchBackend(request.backend);
    case 'probe':
      return commands.probe(request.kind, request.runIds, request.lineFrom);
    case 'setProbes':
      return commands.setProbes(request.probes);
    case 'setRobust':
      return commands.setRobust(request.robust);
    case 'checkpoint':
      return commands.checkpoint();
    case 'saveCheckpoint':
      return commands.saveCheckpoint(request.recordId);
    case 'restoreSnapshot':
      return commands.restoreSnapshot(request.snapshot, request.elapsedMs ?? 0);
  }
}
