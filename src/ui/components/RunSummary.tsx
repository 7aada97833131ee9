/** Latest numbers per run, in words, for people who read rather than look at curves. */
import type { RunConfig } from '../../config/schema';
import type { AppState } from '../store';

export function RunSummary({ state, runs }: { state: AppState; runs: readonly RunConfig[] }) {
  return (
    <table className="summary" data-testid="run-summary">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Loss</th>
          <th scope="col">Train acc.</th>
          <th scope="col">Test acc.</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const series = state.runs.get(run.id);
          const loss = series?.values.loss?.at(-1);
          const accuracy = series?.values.accuracy?.at(-1);
          const evaluation = series?.evaluations.at(-1);
          return (
            <tr key={run.id} data-run={run.id}>
              <th scope="row">{run.name}</th>
              <td data-testid="latest-loss">{loss === undefined ? '–' : loss.toFixed(4)}</td>
              <td>{accuracy === undefined ? '–' : accuracy.toFixed(3)}</td>
              <td data-testid="test-accuracy">{evaluation ? evaluation.testAccuracy.toFixed(3) : '–'}</td>
              <td>
                {series?.status === 'diverged' ? `diverged at step ${series.divergedAtStep}` : state.status}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
