/** Folds a probe message into the page state: progress while it runs, then its record (or a notice). */
import type { ProbeMessage } from '../config/probes';
import { type AppState, addNotice } from './store';

export function applyProbeMessage(state: AppState, message: ProbeMessage): AppState {
  const activity = new Map(state.probeActivity);
  activity.delete(message.id);
  switch (message.kind) {
    case 'progress':
      activity.set(message.id, message);
      return { ...state, probeActivity: activity };
    case 'finished':
      return {
        ...state,
        probeActivity: activity,
        probes: [...state.probes, message.record],
        version: state.version + 1,
      };
    case 'failed':
      return addNotice(
        { ...state, probeActivity: activity },
        `Probe ${message.probe} of ${message.runId} failed: ${message.message}`,
      );
  }
}
