/**
 * The page's lifetime: the store (seeded from the link), the experiment commands, the training
 * worker and the URL kept in sync with the setup. React only subscribes; nothing here computes.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { DEFAULT_CONFIG } from '../../config/defaults';
import { decodeConfig, encodeConfig } from '../../config/url';
import { applyEvent } from '../applyEvent';
import { Experiment } from '../experiment';
import { type AppState, createStore, initialState, oncePerFrame, type Store } from '../store';
import { TrainerClient } from '../trainerClient';
import { datasetAtHand } from '../userData';

const DATA_PATH = `${import.meta.env.BASE_URL}data`;

function createExperiment(): Experiment {
  const decoded = decodeConfig(location.search, DEFAULT_CONFIG);
  const notices = decoded.problems.map((problem) => `Link: ${problem}`);
  const store = createStore<AppState>(initialState(decoded.config, notices));
  return new Experiment(store, new URL(DATA_PATH, location.href).href, undefined, datasetAtHand);
}

/** Keeps the address bar equal to the setup (replaceState: no history entry per keystroke). */
function syncUrl(store: Store<AppState>): () => void {
  let shown: AppState['config'] | undefined;
  const write = () => {
    const { config } = store.get();
    if (config === shown) return;
    shown = config;
    history.replaceState(history.state, '', `${location.pathname}?${encodeConfig(config)}${location.hash}`);
  };
  write();
  return store.subscribe(write);
}

export function usePlayground() {
  const [experiment] = useState(createExperiment);
  const { store } = experiment;
  const [subscribe] = useState(() => oncePerFrame(store.subscribe));
  const state = useSyncExternalStore(subscribe, store.get);
  useEffect(() => {
    // A read-only view of the state for the end-to-end tests and for curious users in the console.
    (globalThis as { __playground?: { state: () => AppState } }).__playground = { state: store.get };
    const client = TrainerClient.create();
    const unsubscribe = client.onEvent((event) => store.update((s) => applyEvent(s, event)));
    experiment.connect(client);
    const stopSync = syncUrl(store);
    return () => {
      stopSync();
      unsubscribe();
      experiment.disconnect();
      client.terminate();
    };
  }, [experiment, store]);
  return { state, experiment };
}
