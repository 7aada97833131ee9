/**
 * The frame every probe chart shares: title with PNG/SVG downloads, a one-line hint, and the chart or
 * a note saying which probe to run.
 */
import { type ReactNode, useRef } from 'react';
import { ChartDownloads } from '../charts/ChartDownloads';

interface ProbeFigureProps {
  readonly id: string;
  readonly title: string;
  readonly hint: string;
  /** Which settings its records were measured with (measuredWith.ts); absent before the first. */
  readonly measured?: string;
  /** Text in place of the chart while there is nothing to draw. */
  readonly emptyText?: string;
  /** The chart body's height; absent for a chart that sizes itself (the surface's SVG). */
  readonly height?: number;
  /** Which SVG the downloads save (Recharts' by default). */
  readonly selector?: string;
  readonly children: ReactNode;
}

export function ProbeFigure({
  id,
  title,
  hint,
  measured,
  emptyText,
  height,
  selector,
  children,
}: ProbeFigureProps) {
  const figure = useRef<HTMLElement>(null);
  const body = emptyText === undefined ? children : <div className="chart-empty">{emptyText}</div>;
  return (
    <figure className="chart" ref={figure} data-chart={id} aria-label={title}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <ChartDownloads
          figure={figure}
          title={title}
          chartId={id}
          disabled={emptyText !== undefined}
          {...(selector ? { selector } : {})}
        />
      </figcaption>
      <p className="chart-hint">{hint}</p>
      {measured && (
        <p className="chart-hint" data-testid="probe-measured">
          {measured}
        </p>
      )}
      {height === undefined ? (
        body
      ) : (
        <div className="chart-body" style={{ height }}>
          {body}
        </div>
      )}
    </figure>
  );
}
