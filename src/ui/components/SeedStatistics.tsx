/**
 * Runs over several seeds in numbers: final and best test accuracy and final test loss as mean ± std
 * with a 95% confidence interval, and every run against a chosen baseline, paired seed by seed, with
 * the paired t-test (and Wilcoxon from six seeds), its p-value and a plain verdict; then the same for
 * the probes and the robust evaluation, against the same baseline.
 */
import { memo, useState } from 'react';
import type { ProbeRecord } from '../../config/probes';
import { ACCURACY_POINTS, formatVerdict, PLAIN_NUMBER } from '../../stats/compare';
import type { SeedSummary } from '../../stats/describe';
import { type SeedOutcome, seedOutcome } from '../../stats/outcomes';
import { compareWithBaseline, runStatistics } from '../../stats/runStatistics';
import type { RunView } from '../runViews';
import { SeedMeasureTable } from './SeedMeasureTable';

/** Seeds of a live run, replica k at index k (imported runs were not paired with these). */
function outcomesOf(run: RunView): SeedOutcome[] {
  return (run.series?.replicas ?? []).map((replica) =>
    seedOutcome(replica.evaluations, replica.status === 'diverged'),
  );
}

function spread(summary: SeedSummary, scale: number, digits: number): string {
  if (summary.n === 0) return '–';
  const f = (value: number) => (value * scale).toFixed(digits);
  if (summary.n === 1) return f(summary.mean);
  const { mean, std, ciHalfWidth } = summary;
  return `${f(mean)} ± ${f(std)} [${f(mean - ciHalfWidth)}, ${f(mean + ciHalfWidth)}]`;
}

export const SeedStatistics = memo(function SeedStatistics({
  runs,
  probes,
}: {
  runs: readonly RunView[];
  probes: readonly ProbeRecord[];
}) {
  const seeded = runs.filter((run) => !run.importedFrom && (run.series?.replicas?.length ?? 0) > 1);
  const [chosen, setChosen] = useState<string>();
  if (seeded.length === 0) return null;
  const baseline = seeded.find((run) => run.key === chosen) ?? (seeded[0] as RunView);
  const outcomes = new Map(seeded.map((run) => [run.key, outcomesOf(run)]));
  const comparisons = compareWithBaseline(outcomes, baseline.key);
  const nameOf = (key: string) => seeded.find((run) => run.key === key)?.name ?? key;
  return (
    <section className="seed-statistics" data-testid="seed-statistics" aria-label="Statistics over seeds">
      <table className="summary">
        <caption>Over seeds, at each seed's latest evaluation: mean ± std [95% confidence interval]</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Test acc. %</th>
            <th scope="col">Best test acc. %</th>
            <th scope="col">Test loss</th>
            <th scope="col">Seeds</th>
          </tr>
        </thead>
        <tbody>
          {seeded.map((run) => {
            const stats = runStatistics(outcomes.get(run.key) ?? []);
            const diverged = stats.finalAccuracy.excluded;
            return (
              <tr key={run.key} data-run={run.key}>
                <th scope="row">
                  <span className="swatch" style={{ borderColor: run.color, background: run.color }} />
                  {run.name}
                </th>
                <td data-testid="seed-accuracy">{spread(stats.finalAccuracy, 100, 2)}</td>
                <td>{spread(stats.bestAccuracy, 100, 2)}</td>
                <td>{spread(stats.finalLoss, 1, 4)}</td>
                <td>
                  {stats.finalAccuracy.n}
                  {diverged > 0 ? ` (${diverged} diverged, left out)` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {seeded.length > 1 && (
        <>
          <label className="inline">
            Baseline
            <select value={baseline.key} onChange={(e) => setChosen(e.target.value)} data-testid="baseline">
              {seeded.map((run) => (
                <option key={run.key} value={run.key}>
                  {run.name}
                </option>
              ))}
            </select>
          </label>
          <ul className="verdicts">
            {comparisons.map((c) => {
              const label = `${nameOf(c.runId)} − ${baseline.name}`;
              return (
                <li key={c.runId} data-testid="verdict">
                  <span>Test accuracy: {formatVerdict(label, c.finalAccuracy, ACCURACY_POINTS)}</span>
                  <br />
                  <span className="muted">Test loss: {formatVerdict(label, c.finalLoss, PLAIN_NUMBER)}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <SeedMeasureTable runs={seeded} probes={probes} baseline={baseline.key} />
    </section>
  );
});
