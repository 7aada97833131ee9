/** The page: composes the header, controls, progress and charts; computes nothing itself. */
import { useMemo, useState } from 'react';
import { DEFAULT_CONFIG } from './config/defaults';
import { decodeConfig } from './config/url';
import { Charts } from './ui/charts/Charts';
import { BackendBadge } from './ui/components/BackendBadge';
import { Controls } from './ui/components/Controls';
import { Notices } from './ui/components/Notices';
import { ProgressPanel } from './ui/components/ProgressPanel';
import { RunSummary } from './ui/components/RunSummary';
import { useTrainer } from './ui/hooks/useTrainer';

export function App() {
  const [{ config, problems }] = useState(() => decodeConfig(location.search, DEFAULT_CONFIG));
  const initialNotices = useMemo(
    () => problems.map((p) => `URL: ${p} (using the default instead)`),
    [problems],
  );
  const { state, train, pause, reset, dismissNotice } = useTrainer(config, initialNotices);
  return (
    <div className="app">
      <header>
        <h1>SAM Playground</h1>
        <p className="tagline">
          Sharpness-aware training in your browser: Fashion-MNIST, {config.model}, batch {config.batchSize}
        </p>
        <BackendBadge report={state.backend} />
      </header>
      <Notices notices={state.notices} onDismiss={dismissNotice} />
      {state.status === 'failed' && state.statusMessage && (
        <p className="error" role="alert" data-testid="error">
          {state.statusMessage}
        </p>
      )}
      <Controls status={state.status} onTrain={train} onPause={pause} onReset={reset} />
      <ProgressPanel state={state} />
      <RunSummary state={state} runs={config.runs} />
      <Charts state={state} runs={config.runs} />
    </div>
  );
}
