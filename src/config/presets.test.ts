import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults';
import { EXPERIMENT_PRESETS } from './presets';
import { describeConfigModel } from './schema';
import { decodeConfig } from './url';

describe.each(EXPERIMENT_PRESETS)('preset $id', (preset) => {
  it('decodes without a problem to a model that fits its data', () => {
    const { config, problems } = decodeConfig(`?${preset.query}`, DEFAULT_CONFIG);
    expect(problems).toEqual([]);
    expect(describeConfigModel(config)?.problem).toBeUndefined();
  });
});
