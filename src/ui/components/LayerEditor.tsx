/**
 * The custom model, layer by layer: each layer's settings, its output shape and parameter count as
 * you edit (plain arithmetic, no TensorFlow.js on the page), and the first layer that does not fit.
 */
import { type LayerSpec, layerSpecSchema } from '../../config/model';
import { describeModel } from '../../config/modelShape';

const LAYER_TYPES: Record<LayerSpec['type'], { label: string; make: () => LayerSpec }> = {
  conv2d: {
    label: 'Convolution',
    make: () => ({
      type: 'conv2d',
      filters: 16,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'relu',
    }),
  },
  maxPool2d: { label: 'Max pooling', make: () => ({ type: 'maxPool2d', poolSize: 2 }) },
  batchNorm: { label: 'BatchNorm', make: () => ({ type: 'batchNorm' }) },
  activation: { label: 'Activation', make: () => ({ type: 'activation', activation: 'relu' }) },
  residual: { label: 'Residual block', make: () => ({ type: 'residual', filters: 16, strides: 1 }) },
  globalAvgPool: { label: 'Global average pool', make: () => ({ type: 'globalAvgPool' }) },
  dropout: { label: 'Dropout', make: () => ({ type: 'dropout', rate: 0.25 }) },
  flatten: { label: 'Flatten', make: () => ({ type: 'flatten' }) },
  dense: { label: 'Dense', make: () => ({ type: 'dense', units: 32, activation: 'relu' }) },
};

const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid'] as const;

/** The numeric and choice settings of a layer type, as [key, label, choices?]. */
type Setting = readonly [key: string, label: string, choices?: readonly string[]];

const SETTINGS: Partial<Record<LayerSpec['type'], readonly Setting[]>> = {
  conv2d: [
    ['filters', 'filters'],
    ['kernelSize', 'kernel'],
    ['strides', 'stride'],
    ['padding', 'padding', ['same', 'valid']],
    ['activation', 'activation', ACTIVATIONS],
  ],
  maxPool2d: [['poolSize', 'size']],
  activation: [['activation', 'function', ACTIVATIONS]],
  residual: [
    ['filters', 'filters'],
    ['strides', 'stride'],
  ],
  dropout: [['rate', 'rate']],
  dense: [
    ['units', 'units'],
    ['activation', 'activation', ACTIVATIONS],
  ],
};

interface LayerEditorProps {
  readonly layers: readonly LayerSpec[];
  readonly onChange: (layers: LayerSpec[]) => void;
}

function LayerSettings({
  layer,
  index,
  onChange,
}: {
  layer: LayerSpec;
  index: number;
  onChange: (layer: LayerSpec) => void;
}) {
  const values = layer as unknown as Record<string, string | number>;
  const set = (key: string, raw: string, numeric: boolean) => {
    const next = layerSpecSchema.safeParse({ ...layer, [key]: numeric ? Number(raw) : raw });
    // Out-of-range numbers are refused here; the input keeps the last valid value.
    if (next.success) onChange(next.data);
  };
  return (
    <>
      {(SETTINGS[layer.type] ?? []).map(([key, label, choices]) =>
        choices ? (
          <select
            key={key}
            aria-label={`Layer ${index + 1} ${label}`}
            value={String(values[key])}
            onChange={(e) => set(key, e.target.value, false)}
          >
            {choices.map((choice) => (
              <option key={choice}>{choice}</option>
            ))}
          </select>
        ) : (
          <label key={key} className="layer-number">
            {label}
            <input
              type="number"
              min={key === 'rate' ? 0 : 1}
              step={key === 'rate' ? 0.05 : 1}
              value={values[key]}
              onChange={(e) => set(key, e.target.value, true)}
              aria-label={`Layer ${index + 1} ${label}`}
            />
          </label>
        ),
      )}
    </>
  );
}

export function LayerEditor({ layers, onChange }: LayerEditorProps) {
  const report = describeModel(layers);
  const replace = (index: number, layer: LayerSpec) =>
    onChange(layers.map((l, i) => (i === index ? layer : l)));
  const move = (index: number, by: number) => {
    const next = [...layers];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    onChange(next);
  };
  return (
    <div className="layer-editor">
      <ol>
        {layers.map((layer, index) => {
          const row = report.layers[index];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: layers have no identity beyond their position
            <li key={index} className={row?.problem ? 'layer-invalid' : undefined}>
              <div className="layer-row">
                <strong>{LAYER_TYPES[layer.type].label}</strong>
                <LayerSettings layer={layer} index={index} onChange={(next) => replace(index, next)} />
              </div>
              <div className="layer-row layer-meta">
                <span className="muted mono">
                  {row?.problem
                    ? `⚠ ${row.problem}`
                    : `→ ${row?.shape.join('×')} · ${row?.params.toLocaleString('en-US')} params`}
                </span>
                <span className="layer-buttons">
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move layer ${index + 1} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move layer ${index + 1} down`}
                    disabled={index === layers.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Remove layer ${index + 1}`}
                    disabled={layers.length <= 1}
                    onClick={() => onChange(layers.filter((_, i) => i !== index))}
                  >
                    ×
                  </button>
                </span>
              </div>
            </li>
          );
        })}
      </ol>
      <label className="inline">
        Add layer
        <select
          value=""
          onChange={(e) => {
            const type = e.target.value as LayerSpec['type'];
            if (!type) return;
            // Before the classifier head: the last dense(10) stays last.
            const at = Math.max(0, layers.length - 1);
            onChange([...layers.slice(0, at), LAYER_TYPES[type].make(), ...layers.slice(at)]);
          }}
        >
          <option value="">choose…</option>
          {Object.entries(LAYER_TYPES).map(([type, { label }]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <p className={report.problem ? 'problem' : 'hint'} role="status">
        {report.problem
          ? `Not trainable yet: ${report.problem}`
          : `${report.paramCount.toLocaleString('en-US')} parameters in ${layers.length} layers`}
      </p>
    </div>
  );
}
