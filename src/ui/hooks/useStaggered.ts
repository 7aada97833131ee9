/**
 * Hands new values to many components one per task instead of all in one: nine charts redrawing
 * together block the page for the sum of their costs, one after another for the largest one only,
 * so clicks and typing get through between them. A value that changes again before its turn takes
 * the latest; while `paused` (a chart off screen) nothing is queued. Each update is a transition, so
 * React renders it in slices and yields to the page between them (a chart whose axes changed costs a
 * whole Recharts render) — except where `urgent` says so: a transition is restarted by every update
 * that comes before it finishes, so a chart's first (and costliest) render, interrupted by the
 * stream's 10 messages a second on a slow machine, could wait seconds for its first point.
 */
import { startTransition, useEffect, useRef, useState } from 'react';

const queue: (() => void)[] = [];
let draining = false;

function drain(): void {
  const job = queue.shift();
  job?.();
  if (queue.length > 0) setTimeout(drain, 0);
  else draining = false;
}

function enqueue(job: () => void): void {
  queue.push(job);
  if (draining) return;
  draining = true;
  setTimeout(drain, 0);
}

export function useStaggered<T>(value: T, paused: boolean, urgent?: (shown: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const waiting = useRef(false);
  latest.current = value;
  useEffect(() => {
    if (paused || Object.is(value, shown) || waiting.current) return;
    waiting.current = true;
    const now = urgent?.(shown) ?? false;
    enqueue(() => {
      waiting.current = false;
      if (now) setShown(latest.current);
      else startTransition(() => setShown(latest.current));
    });
  }, [value, shown, paused, urgent]);
  return shown;
}
