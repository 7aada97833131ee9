/**
 * A value that follows `value` at most every `ms` (and always ends on the latest), to pace redraws.
 * The pace adapts: when what depends on the value takes long to draw (many long runs), the next
 * update waits three times that long, so redraws never take more than about a quarter of the page's time.
 */
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  const interval = useRef(ms);
  const requestedAt = useRef<number | undefined>(undefined);
  // After the commit of a new value: how long did that redraw take?
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per shown value, which it does not read
  useEffect(() => {
    if (requestedAt.current === undefined) return;
    const cost = performance.now() - requestedAt.current;
    requestedAt.current = undefined;
    interval.current = Math.max(ms, 3 * cost);
  }, [shown, ms]);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      shownAt.current = performance.now();
      requestedAt.current = shownAt.current;
      setShown(value);
    };
    const wait = shownAt.current + interval.current - performance.now();
    if (wait <= 0) return show();
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown]);
  return shown;
}
