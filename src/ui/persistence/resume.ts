/**
 * Resuming a saved session: the saved setup is configured afresh, its charts come back (every point
 * and evaluation streamed before), and the worker continues from the saved checkpoint. The points
 * after the checkpoint are dropped by the worker's `restored` events and recomputed, so none is lost
 * or shown twice and the next steps are exactly those the interrupted session would have taken.
 */
import type { Experiment } from '../experiment';
import type { Autosaver } from './autosave';
import { loadSession, type SavedSeries, unpackSeries } from './savedSessions';

/** Training time at `step`: the latest time recorded for an earlier step, over all runs. */
function elapsedAt(runs: readonly SavedSeries[], step: number): number {
  let elapsed = 0;
  for (const run of runs)
    for (let i = 0; i < run.steps.length && (run.steps[i] as number) < step; i++)
      elapsed = Math.max(elapsed, run.wallMs[i] as number);
  return Number.isFinite(elapsed) ? elapsed : 0;
}

export async function resumeSession(experiment: Experiment, autosaver: Autosaver, id: string): Promise<void> {
  const data = await loadSession(id);
  if (!data) return experiment.notify('That saved session is gone (deleted in another tab?)');
  const { checkpoint } = data;
  if (!checkpoint)
    return experiment.notify('That saved session cannot resume: its checkpoint (the weights) is missing');
  const { store } = experiment;
  store.update((s) => ({ ...s, config: data.config, draft: undefined }));
  await experiment.configure(data.config, true);
  if (store.get().status !== 'ready' || !experiment.link) return;
  const step = checkpoint.step;
  store.update((s) => ({
    ...s,
    runs: new Map(data.runs.map((run) => [run.runId, unpackSeries(run)])),
    // Changes after the checkpoint are recomputed without them (the snapshot predates them).
    events: data.events.filter((event) => event.step < step),
    version: s.version + 1,
  }));
  autosaver.adopt(id, store.get().generation, data.checkpointKey);
  try {
    await experiment.link.request({
      type: 'restoreSnapshot',
      snapshot: checkpoint.snapshot,
      elapsedMs: elapsedAt(data.runs, step),
    });
  } catch (error) {
    return experiment.notify(`Could not resume the saved session: ${(error as Error).message}`);
  }
  // A finished session opens to its charts; an unfinished one trains on.
  if (step < data.config.steps) await experiment.train();
}
