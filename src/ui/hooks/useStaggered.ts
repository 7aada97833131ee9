/**
 * Hands new values to many components one per task instead of all in one: nine charts redrawing
 * together block the page for the sum of their costs, one after another for the largest one only,
 * so clicks and typing get through between them. A value that changes again before its turn takes
 * the latest; while `paused` (a chart off screen) nothing is queued. Each update is a transition, so
 * React renders it in slices and yields to the page between them (a chart whose axes changed costs a
 * whole Recharts render).
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

export function useStaggered<T>(value: T, paused: boolean): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const waiting = useRef(false);
  latest.current = value;
  useEffect(() => {
    if (paused || Object.is(value, shown) || waiting.current) return;
    waiting.current = true;
    enqueue(() => {
      waiting.current = false;
      startTransition(() => setShown(latest.current));
    });
  }, [value, shown, paused]);
  return shown;
}
