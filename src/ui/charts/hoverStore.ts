/**
 * The crosshair's x, shared by every chart of the page (they line up by x value, like Recharts' syncId
 * did), in a store outside React state: moving the pointer redraws the hover layers only, never the
 * charts' frames or lines.
 */
import { useSyncExternalStore } from 'react';
import { createStore, type Store } from '../store';

export interface Hover {
  /** Data x under the pointer (or chosen by the arrow keys). */
  readonly x: number;
  /** The chart the pointer is over: only it shows the numbers. */
  readonly chartId: string;
  /** Pointer position in that chart's body, px, to place the numbers beside it (none: keyboard). */
  readonly left?: number;
  readonly top?: number;
}

export type HoverStore = Store<Hover | undefined>;

export const createHoverStore = (): HoverStore => createStore<Hover | undefined>(undefined);

export function useHover(store: HoverStore): Hover | undefined {
  return useSyncExternalStore(store.subscribe, store.get);
}
