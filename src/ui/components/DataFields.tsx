/**
 * The experiment's data: the dataset (shipped, 2-D toy, or the user's files kept in this browser) and
 * its regime: toy noise, a class-balanced subset, label noise and augmentation. Changing the dataset
 * switches to a preset that fits it when the model in use does not.
 */
import { useEffect, useState } from 'react';
import {
  DATASET_LABELS,
  LABEL_NOISE_KINDS,
  parseDatasetName,
  SHIPPED_DATASETS,
  TOY_DATASETS,
} from '../../config/datasets';
import { type ExperimentConfig, experimentConfigSchema, withFittingModel } from '../../config/schema';
import { type StoredFiles, userDatasetFiles, userDatasetNames } from '../../worker/userDatasets';
import type { Experiment } from '../experiment';
import { describeStoredFiles } from '../userData';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';

interface DataFieldsProps {
  readonly config: ExperimentConfig;
  readonly experiment: Experiment;
}

const NOISE_LABELS = { none: 'None', symmetric: 'Symmetric (any wrong class)', pair: 'Pair-flip (c → c+1)' };

export function DataFields({ config, experiment }: DataFieldsProps) {
  const edit = (patch: Partial<ExperimentConfig>) => experiment.editExperiment((c) => ({ ...c, ...patch }));
  const stored = useStoredDatasets(config.dataset);
  const files = useStoredFiles(config.dataset);
  const ref = parseDatasetName(config.dataset);
  const isToy = !('problem' in ref) && ref.kind === 'toy';
  const names = [...SHIPPED_DATASETS, ...TOY_DATASETS].map((name) => [name, DATASET_LABELS[name]] as const);
  const own = stored.map((name) => [name, `Your files: ${name}`] as const);
  const noiseKind = config.labelNoise?.kind ?? 'none';
  return (
    <>
      <SelectField
        label="Dataset"
        value={config.dataset}
        options={[...names, ...own]}
        onChange={(dataset) => experiment.editExperiment((c) => withFittingModel({ ...c, dataset }))}
        hint="Drop your own files on the page to add them: CIFAR-10 .bin batches, IDX files or one CSV."
        testId="dataset-hint"
      />
      {files && (
        <p className="hint" data-testid="dataset-files">
          Files of {config.dataset}: {describeStoredFiles(files)}; kept in this browser since{' '}
          {new Date(files.savedAt).toLocaleTimeString('en-GB')}.
        </p>
      )}
      {isToy && (
        <NumberField
          label="Toy noise"
          value={config.toyNoise ?? 0}
          hint="0 (clean) … 1 (classes overlap)."
          validate={(v) => (v >= 0 && v <= 1 ? undefined : 'Toy noise must be from 0 to 1')}
          onCommit={(toyNoise) => edit({ toyNoise })}
        />
      )}
      <NumberField
        label="Training subset"
        value={config.subset ?? 0}
        hint="Class-balanced examples to train on, seeded; 0 = all."
        validate={(v) =>
          v === 0 || experimentConfigSchema.shape.subset.safeParse(v).success
            ? undefined
            : 'Subset must be 0 (all) or a whole number from 10 to 1,000,000'
        }
        onCommit={(subset) => edit({ subset: subset === 0 ? undefined : subset })}
      />
      <SelectField
        label="Label noise"
        value={noiseKind}
        options={(['none', ...LABEL_NOISE_KINDS] as const).map((kind) => [kind, NOISE_LABELS[kind]] as const)}
        onChange={(kind) =>
          edit({ labelNoise: kind === 'none' ? undefined : { kind, rate: config.labelNoise?.rate ?? 0.4 } })
        }
        hint="Training labels replaced at random, the same for every run; adds the memorisation charts."
      />
      {config.labelNoise && (
        <NumberField
          label="Noise rate"
          value={config.labelNoise.rate}
          hint={config.labelNoise.kind === 'pair' ? 'Below 0.5.' : '0 … 0.8.'}
          validate={(rate) => {
            const kind = config.labelNoise?.kind ?? 'symmetric';
            const ok = experimentConfigSchema.shape.labelNoise.safeParse({ kind, rate }).success;
            return ok ? undefined : `Rate must be from 0 to ${kind === 'pair' ? 'below 0.5' : '0.8'}`;
          }}
          onCommit={(rate) => edit({ labelNoise: { kind: config.labelNoise?.kind ?? 'symmetric', rate } })}
        />
      )}
      {!isToy && <AugmentFields config={config} onChange={(augment) => edit({ augment })} />}
    </>
  );
}

function AugmentFields({
  config,
  onChange,
}: {
  config: ExperimentConfig;
  onChange: (augment: ExperimentConfig['augment']) => void;
}) {
  const current = config.augment ?? { crop: false, flip: false };
  const set = (part: 'crop' | 'flip', on: boolean) => {
    const next = { ...current, [part]: on };
    onChange(next.crop || next.flip ? next : undefined);
  };
  return (
    <div className="field field-check">
      <span>Augmentation</span>
      <label>
        <input type="checkbox" checked={current.crop} onChange={(e) => set('crop', e.target.checked)} />
        Random crop (zero padding 4 for 32×32, 2 for 28×28)
      </label>
      <label>
        <input type="checkbox" checked={current.flip} onChange={(e) => set('flip', e.target.checked)} />
        Horizontal flip (p = 0.5; off for digits)
      </label>
      <small className="hint">Per batch on the device, the same draws for every run.</small>
    </div>
  );
}

/** The user datasets kept in this browser, plus the one in use (a link may name files not yet dropped). */
function useStoredDatasets(current: string): string[] {
  const [stored, setStored] = useState<string[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the dataset in use changes (a drop adds one)
  useEffect(() => {
    void userDatasetNames()
      .then(setStored)
      .catch(() => setStored([]));
  }, [current]);
  const ref = parseDatasetName(current);
  const isUser = !('problem' in ref) && ref.kind === 'user';
  return isUser && !stored.includes(current) ? [...stored, current] : stored;
}

/** The names and sizes of the files behind a user dataset kept in this browser; undefined otherwise. */
function useStoredFiles(dataset: string): StoredFiles | undefined {
  const [files, setFiles] = useState<StoredFiles>();
  useEffect(() => {
    let current = true;
    setFiles(undefined);
    const ref = parseDatasetName(dataset);
    if ('problem' in ref || ref.kind !== 'user') return;
    void userDatasetFiles(dataset)
      .then((listing) => current && setFiles(listing))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [dataset]);
  return files;
}
