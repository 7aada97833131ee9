/** Which backend trains, on which adapter, and why it is not the one asked for. */
import type { BackendReport } from '../../engine/backend/select';

const LABELS = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

export function BackendBadge({ report }: { report?: BackendReport }) {
  if (!report)
    return (
      <div className="badge badge-pending" data-testid="backend-badge">
        Backend: starting…
      </div>
    );
  const adapter = report.adapter;
  const adapterText = adapter
    ? [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' · ') +
      (adapter.isFallbackAdapter ? ' (software fallback adapter)' : '')
    : undefined;
  return (
    <div
      className={`badge badge-${report.backend}`}
      data-testid="backend-badge"
      data-backend={report.backend}
    >
      <strong>{LABELS[report.backend]}</strong>
      {adapterText && <span className="badge-detail">{adapterText}</span>}
      {report.details && <span className="badge-detail">{report.details}</span>}
      {report.fallbackReason && (
        <span className="badge-detail badge-reason" data-testid="backend-reason">
          {report.requested === 'auto' ? 'auto: ' : `asked for ${report.requested}: `}
          {report.fallbackReason}
        </span>
      )}
    </div>
  );
}
