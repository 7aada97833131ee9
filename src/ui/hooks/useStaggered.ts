/**
 * Hands new values to many components one at a time instead of all in one: nine charts redrawing
 * together block the page for the sum of their costs, one after another for the largest one only,
 * so clicks and typing get through between them. The next component's turn comes once the previous
 * one has committed its value (not merely been handed it): transitions handed out together are
 * rendered together, and the first chart then waited for the last before anything was painted. A
 * value that changes again before its turn takes the latest; while `paused` (a chart off screen)
 * nothing is queued. Each update is a transition, so React renders it in slices and yields to the
 * page between them (a chart whose axes changed costs a whole Recharts render) — except where
 * `urgent` says so: a transition is restarted by every update that comes before it finishes, so a
 * chart's first (and costliest) render, interrupted by the stream's 10 messages a second on a slow
 * machine, could wait seconds for its first point.
 */
import { startTransition, useEffect, useRef, useState } from 'react';

/** A turn that never commits (its component gone) lets the next one go after this long. */
const TURN_LIMIT_MS = 1000;

type Turn = (done: () => void) => void;
const queue: Turn[] = [];
let running = false;

function nextTurn(): void {
  const turn = queue.shift();
  if (!turn) {
    running = false;
    return;
  }
  let finished = false;
  const done = () => {
    if (finished) return;
    finished = true;
    clearTimeout(limit);
    setTimeout(nextTurn, 0);
  };
  const limit = setTimeout(done, TURN_LIMIT_MS);
  turn(done);
}

function enqueue(turn: Turn): void {
  queue.push(turn);
  if (running) return;
  running = true;
  setTimeout(nextTurn, 0);
}

export function useStaggered<T>(value: T, paused: boolean, urgent?: (shown: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const current = useRef(shown);
  const waiting = useRef(false);
  /** Ends this component's turn once the value it was handed has committed. */
  const release = useRef<{ handed: T; done: () => void } | undefined>(undefined);
  latest.current = value;
  current.current = shown;
  useEffect(() => {
    if (!release.current || !Object.is(release.current.handed, shown)) return;
    release.current.done();
    release.current = undefined;
  });
  useEffect(() => () => release.current?.done(), []);
  useEffect(() => {
    if (paused || Object.is(value, shown) || waiting.current) return;
    waiting.current = true;
    const now = urgent?.(shown) ?? false;
    enqueue((done) => {
      waiting.current = false;
      const handed = latest.current;
      if (Object.is(handed, current.current)) return done();
      release.current = { handed, done };
      if (now) setShown(handed);
      else startTransition(() => setShown(handed));
    });
  }, [value, shown, paused, urgent]);
  return shown;
}
