/** PNG and SVG download buttons of one chart. */
import type { RefObject } from 'react';
import { chartSvg, svgToPng } from '../export/chartImage';
import { downloadBlob, downloadText, exportFileName } from '../export/download';

interface ChartDownloadsProps {
  readonly figure: RefObject<HTMLElement | null>;
  readonly title: string;
  readonly chartId: string;
  readonly disabled: boolean;
  /** Which SVG in the figure is the chart (Recharts' by default). */
  readonly selector?: string;
}

export function ChartDownloads({
  figure,
  title,
  chartId,
  disabled,
  selector = 'svg.recharts-surface',
}: ChartDownloadsProps) {
  const svgOf = () => {
    const svg = figure.current?.querySelector<SVGSVGElement>(selector);
    if (!svg) throw new Error('the chart has not been drawn yet');
    return chartSvg(svg, title);
  };
  const savePng = async () => {
    try {
      downloadBlob(await svgToPng(svgOf()), exportFileName(chartId, 'png'));
    } catch (error) {
      // Rare (no canvas); the SVG button still works, so say so where the user looked.
      alert(`Could not make the PNG: ${(error as Error).message}. Try SVG.`);
    }
  };
  const saveSvg = () => downloadText(svgOf().text, exportFileName(chartId, 'svg'), 'image/svg+xml');
  return (
    <span className="chart-downloads">
      <button
        type="button"
        className="small"
        disabled={disabled}
        onClick={() => void savePng()}
        aria-label={`Download ${title} as PNG`}
      >
        PNG
      </button>
      <button
        type="button"
        className="small"
        disabled={disabled}
        onClick={saveSvg}
        aria-label={`Download ${title} as SVG`}
      >
        SVG
      </button>
    </span>
  );
}
