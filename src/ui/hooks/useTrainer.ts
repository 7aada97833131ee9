/** Owns the worker client and the store for the page's lifetime; exposes state and commands. */
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ExperimentConfig } from '../../config/schema';
import { type AppState, applyEvent, createStore, initialState } from '../store';
import { TrainerClient } from '../trainerClient';

const DATA_PATH = `${import.meta.env.BASE_URL}data`;

export function useTrainer(config: ExperimentConfig, initialNotices: readonly string[]) {
  const store = useMemo(
    () => createStore<AppState>({ ...initialState(), notices: [...initialNotices] }),
    [initialNotices],
  );
  const state = useSyncExternalStore(store.subscribe, store.get);
  const client = useRef<TrainerClient | null>(null);

  const notify = useCallback(
    (error: Error) => store.update((s) => ({ ...s, notices: [...s.notices, error.message] })),
    [store],
  );

  useEffect(() => {
    // A read-only view of the state for the end-to-end tests and for curious users in the console.
    (globalThis as { __playground?: { state: () => AppState } }).__playground = { state: store.get };
    const created = TrainerClient.create();
    client.current = created;
    const unsubscribe = created.onEvent((event) => store.update((s) => applyEvent(s, event)));
    const dataUrl = new URL(DATA_PATH, location.href).href;
    created.request({ type: 'configure', config, dataUrl }).catch(notify);
    return () => {
      unsubscribe();
      created.terminate();
      client.current = null;
    };
  }, [config, store, notify]);

  const command = useCallback(
    (type: 'start' | 'pause' | 'resume' | 'reset') => {
      client.current?.request({ type }).catch(notify);
    },
    [notify],
  );

  return {
    state,
    train: () => command(state.status === 'paused' ? 'resume' : 'start'),
    pause: () => command('pause'),
    reset: () => command('reset'),
    dismissNotice: (index: number) =>
      store.update((s) => ({ ...s, notices: s.notices.filter((_, i) => i !== index) })),
  };
}
