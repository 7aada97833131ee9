/**
 * Keeps the first of a series of equal values (equal by `key`), so a memoised child that takes a value
 * rebuilt on every redraw (axes, markers) re-renders only when it really changed.
 */
import { useMemo } from 'react';

export function useByKey<T>(value: T, key: string): T {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the value
  return useMemo(() => value, [key]);
}
