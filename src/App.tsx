/** The page: composes the header, the setup (sidebar), controls, charts and the summary; computes nothing. */
import { useDeferredValue, useMemo } from 'react';
import { planReplicas } from './config/replicas';
import { Charts } from './ui/charts/Charts';
import { RobustCharts } from './ui/charts/RobustCharts';
import { BackendBadge } from './ui/components/BackendBadge';
import { ConfusionMatrix } from './ui/components/ConfusionMatrix';
import { Controls } from './ui/components/Controls';
import { DecisionBoundaries } from './ui/components/DecisionBoundaries';
import { DeviceLostBanner } from './ui/components/DeviceLostBanner';
import { ExperimentPanel } from './ui/components/ExperimentPanel';
import { ImportsList } from './ui/components/ImportsList';
import { MissingDatasetPrompt } from './ui/components/MissingDatasetPrompt';
import { Notices } from './ui/components/Notices';
import { PresetsBar } from './ui/components/PresetsBar';
import { ProgressPanel } from './ui/components/ProgressPanel';
import { RunSummary } from './ui/components/RunSummary';
import { RunsPanel } from './ui/components/RunsPanel';
import { SavedSessions } from './ui/components/SavedSessions';
import { SeedStatistics } from './ui/components/SeedStatistics';
import { SharePanel } from './ui/components/SharePanel';
import { SweepChart } from './ui/components/SweepChart';
import { useFileDrop } from './ui/hooks/useFileDrop';
import { usePageFiles } from './ui/hooks/usePageFiles';
import { usePersistence } from './ui/hooks/usePersistence';
import { usePlayground } from './ui/hooks/usePlayground';
import { useThrottled } from './ui/hooks/useThrottled';
import { restartOffer } from './ui/persistence/persistenceState';
import { ProbesPanel } from './ui/probes/ProbesPanel';
import { buildRunViews, stepsPerEpochOf } from './ui/runViews';
import { modeOf, setupProblem } from './ui/sessionMode';
import { hasResults } from './ui/store';
import { sweepLines } from './ui/sweepPoints';

/** Charts and the table redraw at most this often while streaming (the store takes every message). */
const REDRAW_MS = 100;
const NO_CLASSES: readonly string[] = [];

export function App() {
  const { state, experiment } = usePlayground();
  const { persistence, sessions } = usePersistence(experiment);
  const restart = restartOffer(state, persistence);
  const mode = modeOf(state);
  const version = useThrottled(state.version, REDRAW_MS);
  const { config, runs: series, imported, info } = state;
  // biome-ignore lint/correctness/useExhaustiveDependencies: series grow in place; `version` says when
  const runs = useMemo(
    () => buildRunViews(config, series, imported, info),
    [config, series, imported, info, version],
  );
  // The summary under the charts takes new runs a render later, in the background (its components are
  // memoized): statistics over 32 replicas would otherwise add to every frame the stream paints.
  const summaryRuns = useDeferredValue(runs);
  const sweep = useMemo(
    () => sweepLines(planReplicas(config.runs, config.sweep, config.seed, config.seeds).runs, summaryRuns),
    [config, summaryRuns],
  );
  const visibleRuns = useMemo(() => runs.filter((run) => !state.hidden.has(run.key)), [runs, state.hidden]);
  const files = usePageFiles(experiment);
  const dragging = useFileDrop(files.take);
  const waitingFor = experiment.waitingForData;
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>SAM Playground</h1>
          <p className="tagline">
            SGD, SAM, BiSAM and the rest of the SAM family side by side on Fashion-MNIST, MNIST, 2-D toy sets
            or your own data, trained in your browser
          </p>
        </div>
        <SharePanel state={state} runs={runs} store={experiment.store} />
        <BackendBadge report={state.backend} />
      </header>
      {state.deviceLost && (
        <DeviceLostBanner
          lost={state.deviceLost}
          onSwitch={(backend) => void experiment.switchBackend(backend)}
        />
      )}
      <Notices notices={state.notices} onDismiss={(index) => experiment.dismissNotice(index)} />
      {state.status === 'failed' && state.statusMessage && (
        <p className="error" role="alert" data-testid="error">
          {state.statusMessage}
          {restart && (
            <button type="button" onClick={() => sessions.restartFromAutosave(restart.id)}>
              Restart from the last autosave (step {restart.step.toLocaleString('en-US')})
            </button>
          )}
        </p>
      )}
      {waitingFor && (
        <MissingDatasetPrompt
          dataset={waitingFor}
          picked={files.picked}
          onFiles={(f) => void files.take(f)}
        />
      )}
      <SavedSessions persistence={persistence} sessions={sessions} started={hasResults(state)} />
      <div className="layout">
        <aside className="sidebar" aria-label="Setup">
          <RunsPanel state={state} mode={mode} experiment={experiment} />
          <ExperimentPanel
            config={state.draft ?? config}
            stepsPerEpoch={stepsPerEpochOf(state.draft ?? config, state.draft ? undefined : info)}
            experiment={experiment}
            drafting={state.draft !== undefined}
          />
        </aside>
        <main className="main">
          <Controls
            status={state.status}
            mode={mode}
            experiment={experiment}
            problem={waitingFor ? `give the files of ${waitingFor} first` : setupProblem(config)}
            {...(waitingFor ? { waiting: 'Waiting for your files' } : {})}
          />
          <PresetsBar experiment={experiment} />
          <ProgressPanel state={state} />
          <DecisionBoundaries runs={runs} points={info?.points} version={version} />
          <Charts
            state={state}
            runs={runs}
            version={version}
            onToggleRun={(key) => experiment.toggleHidden(key)}
          />
          <RobustCharts
            runs={visibleRuns}
            {...(config.robust ? { robust: config.robust } : {})}
            {...(state.progress?.robust ? { progress: state.progress.robust } : {})}
            version={version}
          />
          <ProbesPanel state={state} runs={runs} experiment={experiment} />
          <h2 className="section-heading">Summary</h2>
          <RunSummary runs={summaryRuns} sessionStatus={state.status} />
          <SeedStatistics runs={summaryRuns} probes={state.probes} />
          <SweepChart lines={sweep} />
          <h2 className="section-heading">Latest evaluation by class</h2>
          <ConfusionMatrix runs={summaryRuns} classNames={info?.classNames ?? NO_CLASSES} />
          <ImportsList imported={imported} experiment={experiment} mode={mode} />
        </main>
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop an exported bundle to show its runs next to the live ones, or dataset files (CIFAR-10 .bin
          batches, IDX files, one CSV) to train on them
        </div>
      )}
    </div>
  );
}
