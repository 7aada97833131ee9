/**
 * 2-D data: one small canvas per run with the predicted class over the plane (from the latest
 * evaluation) and the training points on top, side by side so the runs' boundaries compare at a
 * glance. A redraw is a 48×48 putImageData scaled up plus a few hundred dots; its cost in ms is kept
 * on the element (`data-draw-ms`) for the benchmark and the tests.
 */
import { useEffect, useRef } from 'react';
import { DECISION_BOUNDARY } from '../../config/metrics';
import type { TrainingPoints } from '../../worker/protocol';
import type { RunView } from '../runViews';

const SIZE = 168;
/** Class colours: light for the regions, full for the points. */
const CLASS_COLORS: readonly [number, number, number][] = [
  [37, 99, 235],
  [234, 88, 12],
  [22, 163, 74],
  [147, 51, 234],
];

interface DecisionBoundariesProps {
  readonly runs: readonly RunView[];
  readonly points?: TrainingPoints;
  /** Bumps when evaluations arrived. */
  readonly version: number;
}

export function DecisionBoundaries({ runs, points, version }: DecisionBoundariesProps) {
  if (!points) return null;
  return (
    <section className="boundaries" aria-label="Decision boundaries" data-testid="decision-boundaries">
      <h2 className="section-heading">Decision boundaries</h2>
      <p className="hint">
        Predicted class over the plane at the latest evaluation; dots are training points.
      </p>
      <div className="boundary-grid">
        {runs
          .filter((run) => run.importedFrom === undefined)
          .map((run) => (
            <BoundaryCanvas key={run.key} run={run} points={points} version={version} />
          ))}
      </div>
    </section>
  );
}

function BoundaryCanvas({ run, points, version }: { run: RunView; points: TrainingPoints; version: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = [...(run.series?.evaluations ?? [])].reverse().find((e) => e.boundary !== undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: evaluations grow in place; `version` says when
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const started = performance.now();
    drawBoundary(context, latest?.boundary, points);
    element.dataset.drawMs = (performance.now() - started).toFixed(2);
    element.dataset.step = String(latest?.step ?? '');
  }, [latest, points, version]);
  return (
    <figure className="boundary">
      <canvas ref={canvas} width={SIZE} height={SIZE} data-testid={`boundary-${run.key}`} />
      <figcaption style={{ color: run.color }}>
        {run.name}
        {latest ? ` · step ${latest.step}` : ''}
      </figcaption>
    </figure>
  );
}

function drawBoundary(
  context: CanvasRenderingContext2D,
  boundary: Uint8Array | undefined,
  points: TrainingPoints,
) {
  const { resolution: n, extent } = DECISION_BOUNDARY;
  context.clearRect(0, 0, SIZE, SIZE);
  if (boundary) {
    const image = new ImageData(n, n);
    boundary.forEach((k, cell) => {
      const [r, g, b] = colorOf(k);
      image.data.set([r, g, b, 80], cell * 4);
    });
    // Drawn at 48×48 then scaled up by drawImage: one small upload per redraw.
    const grid = new OffscreenCanvas(n, n);
    grid.getContext('2d')?.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = false;
    context.drawImage(grid, 0, 0, SIZE, SIZE);
  }
  const toPixel = (v: number) => ((v + extent) / (2 * extent)) * SIZE;
  for (let i = 0; i < points.labels.length; i++) {
    const [r, g, b] = colorOf(points.labels[i] as number);
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.fillRect(
      toPixel(points.xy[2 * i] as number) - 1.5,
      SIZE - toPixel(points.xy[2 * i + 1] as number) - 1.5,
      3,
      3,
    );
  }
}

const colorOf = (k: number) => CLASS_COLORS[k % CLASS_COLORS.length] as [number, number, number];
