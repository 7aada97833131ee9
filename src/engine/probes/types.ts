/** What every probe shares: progress slices and the cost it reports. */

/** Where a probe stands after a slice; `latest` is the newest partial value (λ after an iteration …). */
export interface ProbeProgress {
  readonly done: number;
  readonly total: number;
  readonly latest?: number;
}

/**
 * A probe as an async generator: it yields after each gradient (or forward) evaluation over the probe
 * batch, so the worker can run training steps in between, and returns its result.
 */
export type ProbeTask<R> = AsyncGenerator<ProbeProgress, R, void>;

/** One unit of work: yields at every pause, returns a value. */
export type Pausable<T> = Generator<void, T, void>;

/** Re-yields `progress` at each pause of `inner` and returns its value; closes `inner` if stopped early. */
export function* withProgress<T>(
  inner: Pausable<T>,
  progress: ProbeProgress,
): Generator<ProbeProgress, T, void> {
  try {
    for (;;) {
      const next = inner.next();
      if (next.done) return next.value;
      yield progress;
    }
  } finally {
    inner.return(undefined as T);
  }
}
