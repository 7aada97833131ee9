/** One-click experiments (config/presets.ts): each applies its share link's setup. */
import { DEFAULT_CONFIG } from '../../config/defaults';
import { EXPERIMENT_PRESETS } from '../../config/presets';
import { decodeConfig } from '../../config/url';
import type { Experiment } from '../experiment';

export function PresetsBar({ experiment }: { experiment: Experiment }) {
  return (
    <nav className="presets" aria-label="Preset experiments">
      <span className="hint">Try:</span>
      {EXPERIMENT_PRESETS.map((preset) => (
        <button
          key={preset.id}
          type="button"
          className="small"
          title={preset.hint}
          data-testid={`preset-${preset.id}`}
          onClick={() =>
            experiment.editExperiment(() => decodeConfig(`?${preset.query}`, DEFAULT_CONFIG).config)
          }
        >
          {preset.label}
        </button>
      ))}
    </nav>
  );
}
