/**
 * The band drawn around a mean over seeds (±1 std or min–max): one page-wide choice, set in the chart
 * toolbar and read by every chart that draws seeds (training, robustness, probes), so they agree.
 */
import { useSyncExternalStore } from 'react';
import { createStore } from '../store';
import type { BandMode } from './seedLines';

const bandStore = createStore<BandMode>('std');

export const setBandMode = (mode: BandMode): void => bandStore.update(() => mode);

export function useBandMode(): BandMode {
  return useSyncExternalStore(bandStore.subscribe, bandStore.get);
}
