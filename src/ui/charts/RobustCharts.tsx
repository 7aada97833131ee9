/**
 * Robustness: accuracy under FGSM, PGD-k and Gaussian noise over the steps (one ε or σ at a time,
 * chosen above the charts), and accuracy against ε at the latest robust evaluation. Shown when the
 * setup has a robust evaluation or a shown run brought robust records (an imported bundle).
 */
import { useMemo, useState } from 'react';
import type { RobustConfig } from '../../config/robust';
import type { Progress } from '../../worker/protocol';
import type { RunView } from '../runViews';
import { useBandMode } from './bandSetting';
import { createHoverStore } from './hoverStore';
import { MetricChart } from './MetricChart';
import { robustEpsilonLines, robustLevels, robustStepLines } from './robustLines';

const CHART_HEIGHT = 180;
const WAITING = 'The first robust evaluation is running (it takes many gradient passes).';

interface RobustChartsProps {
  readonly runs: readonly RunView[];
  readonly robust?: RobustConfig;
  readonly progress?: Progress['robust'];
  /** Bumps when the data changed; the lines are rebuilt only then. */
  readonly version: number;
}

/** A choice among numbers, kept valid when the list changes (the first, else the largest ≤ 8/255). */
function useLevel(levels: readonly number[], preferred: number): [number, (value: number) => void] {
  const [chosen, setChosen] = useState<number>();
  const fallback = levels.includes(preferred) ? preferred : (levels[0] ?? preferred);
  return [chosen !== undefined && levels.includes(chosen) ? chosen : fallback, setChosen];
}

function LevelSelect(props: {
  label: string;
  levels: readonly number[];
  value: number;
  format: (value: number) => string;
  onChange: (value: number) => void;
}) {
  return (
    <label className="inline">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {props.levels.map((level) => (
          <option key={level} value={level}>
            {props.format(level)}
          </option>
        ))}
      </select>
    </label>
  );
}

const epsText = (eps: number) => `${eps}/255`;

export function RobustCharts({ runs, robust, progress, version }: RobustChartsProps) {
  const hover = useMemo(createHoverStore, []);
  const band = useBandMode();
  // biome-ignore lint/correctness/useExhaustiveDependencies: records grow in place; `version` says when
  const levels = useMemo(() => robustLevels(runs), [runs, version]);
  const [eps, setEps] = useLevel(levels.eps, 8);
  const [sigma, setSigma] = useLevel(levels.sigmas, 0.1);
  const [curveAttack, setCurveAttack] = useState<'fgsm' | 'pgd'>('pgd');
  const anyRecords = runs.some((run) => (run.series?.robust.length ?? 0) > 0);
  const k = runs.flatMap((run) => run.series?.robust.at(-1)?.pgdSteps ?? [])[0] ?? robust?.pgdSteps ?? 10;
  // biome-ignore lint/correctness/useExhaustiveDependencies: records grow in place; `version` says when
  const charts = useMemo(
    () => [
      {
        id: 'robust-fgsm',
        title: `FGSM accuracy at ε = ${epsText(eps)}`,
        lines: robustStepLines(runs, 'fgsm', eps, 'step', band),
      },
      {
        id: 'robust-pgd',
        title: `PGD-${k} accuracy at ε = ${epsText(eps)}`,
        lines: robustStepLines(runs, 'pgd', eps, 'step', band),
      },
      {
        id: 'robust-noise',
        title: `Accuracy under noise σ = ${sigma}`,
        lines: robustStepLines(runs, 'noise', sigma, 'step', band),
      },
    ],
    [runs, eps, sigma, k, band, version],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: records grow in place; `version` says when
  const curve = useMemo(
    () => robustEpsilonLines(runs, curveAttack, band),
    [runs, curveAttack, band, version],
  );
  if (!robust && !anyRecords) return null;
  const emptyText = anyRecords ? 'Not measured in this setup.' : WAITING;
  const running =
    progress &&
    `Robust evaluation of step ${progress.step}: ${Math.round((100 * progress.completedSlices) / progress.totalSlices)}%`;
  return (
    <section className="charts-panel robust-panel" aria-label="Robustness" data-testid="robust-charts">
      <h2 className="section-heading">Robustness</h2>
      <fieldset className="chart-toolbar plain" aria-label="Robustness settings">
        {levels.eps.length > 0 && (
          <LevelSelect label="Radius ε" levels={levels.eps} value={eps} format={epsText} onChange={setEps} />
        )}
        {levels.sigmas.length > 0 && (
          <LevelSelect
            label="Noise σ"
            levels={levels.sigmas}
            value={sigma}
            format={String}
            onChange={setSigma}
          />
        )}
        <label className="inline">
          Accuracy vs ε for
          <select value={curveAttack} onChange={(e) => setCurveAttack(e.target.value as 'fgsm' | 'pgd')}>
            <option value="pgd">PGD-{k}</option>
            <option value="fgsm">FGSM</option>
          </select>
        </label>
        {running && (
          <output className="mono" data-testid="robust-progress">
            {running}
          </output>
        )}
      </fieldset>
      <div className="charts">
        {charts.map((chart) => (
          <MetricChart
            key={chart.id}
            id={chart.id}
            title={chart.title}
            hint={`First ${robust?.examples ?? 'E_r'} test images, attacked at every evaluation (every seed: mean and spread).`}
            lines={chart.lines}
            markers={[]}
            logY={false}
            xLabel="Step"
            height={CHART_HEIGHT}
            hover={hover}
            emptyText={emptyText}
          />
        ))}
        <MetricChart
          id="robust-vs-eps"
          title={`${curveAttack === 'pgd' ? `PGD-${k}` : 'FGSM'} accuracy vs ε`}
          hint="Latest evaluation; ε in /255, 0 = clean."
          lines={curve}
          markers={[]}
          logY={false}
          xLabel="ε (/255)"
          height={CHART_HEIGHT}
          hover={hover}
          emptyText={emptyText}
        />
      </div>
    </section>
  );
}
