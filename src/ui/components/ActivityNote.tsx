/**
 * What the worker is doing while the charts cannot show anything new: the first step (compiling the
 * shaders on a GPU backend can take many seconds) with the time so far and how long it should take,
 * then the step-0 evaluation running a slice per step. A slow backend never looks dead.
 */
import { useEffect } from 'react';
import type { BackendReport } from '../../engine/backend/select';
import type { Activity, Progress } from '../../worker/protocol';
import { useNow } from '../hooks/useNow';

/** The first tick's time per run on each backend, kept across visits: the estimate before any step. */
const storageKey = (backend: string) => `sam-playground:firstStepMsPerRun:${backend}`;

/** Whether it was kept: with storage off (private mode, quota) the next visit shows no estimate. */
function rememberFirstStep(report: BackendReport | undefined, runs: number): boolean {
  if (!report?.firstStepMs || runs < 1) return false;
  try {
    localStorage.setItem(storageKey(report.backend), String(report.firstStepMs / runs));
    return true;
  } catch {
    return false;
  }
}

function rememberedFirstStepMs(backend: string | undefined, runs: number): number | undefined {
  if (!backend) return undefined;
  try {
    const perRun = Number(localStorage.getItem(storageKey(backend)));
    return perRun > 0 ? perRun * runs : undefined;
  } catch {
    return undefined;
  }
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000)).toLocaleString('en-US')} s`;

export function activityText(activity: Activity, now: number, rememberedMs: number | undefined): string {
  const what = activity.compilesShaders ? 'compiling shaders and taking the first step' : 'first step';
  const of = activity.runs > 1 ? ` of ${activity.runs} runs` : '';
  const estimate = activity.estimateMs ?? rememberedMs;
  const expected = estimate === undefined ? '' : ` (about ${seconds(Math.max(1000, estimate))} in all)`;
  return `${what}${of}: ${seconds(now - activity.startedAt)} so far${expected}`;
}

interface ActivityNoteProps {
  readonly activity?: Activity;
  readonly progress?: Progress;
  readonly backend?: BackendReport;
  readonly runs: number;
}

export function ActivityNote({ activity, progress, backend, runs }: ActivityNoteProps) {
  const now = useNow(activity !== undefined);
  useEffect(() => void rememberFirstStep(backend, runs), [backend, runs]);
  const evaluation = progress?.initialEvaluation;
  if (activity)
    return (
      <span className="activity" data-testid="activity" role="status">
        {activityText(activity, now, rememberedFirstStepMs(backend?.backend, activity.runs))}
      </span>
    );
  if (evaluation)
    return (
      <span className="activity" data-testid="activity" role="status">
        evaluating step 0 while training: {evaluation.done.toLocaleString('en-US')} /{' '}
        {evaluation.total.toLocaleString('en-US')} test images
      </span>
    );
  return null;
}
