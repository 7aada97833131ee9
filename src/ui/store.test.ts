import { describe, expect, it } from 'vitest';
import { createStore, oncePerFrame } from './store';

describe('oncePerFrame', () => {
  it('tells a listener once per frame however often the store changed, and never after unsubscribing', () => {
    const store = createStore(0);
    const frames: (() => void)[] = [];
    const subscribe = oncePerFrame(store.subscribe, (callback) => frames.push(callback));
    const seen: number[] = [];
    const unsubscribe = subscribe(() => seen.push(store.get()));
    for (let i = 1; i <= 5; i++) store.update(() => i);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(seen).toEqual([5]);
    store.update(() => 6);
    unsubscribe();
    frames.shift()?.();
    expect(seen).toEqual([5]);
  });
});
