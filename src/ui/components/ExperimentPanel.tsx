/**
 * The experiment: data, model, batch, length, seed, schedule, evaluation and backend. Edits change the
 * setup; while runs train they wait in a draft that only "Apply" turns into a new experiment (which
 * discards the results), so nothing recorded is lost by accident.
 */

import { MAX_REPLICAS } from '../../config/limits';
import { MODEL_PRESET_NAMES, MODEL_PRESETS } from '../../config/model';
import type { Schedule } from '../../config/optimizers';
import { planReplicas } from '../../config/replicas';
import {
  BACKEND_CHOICES,
  describeConfigModel,
  type ExperimentConfig,
  experimentConfigSchema,
  modelLayers,
} from '../../config/schema';
import type { Experiment } from '../experiment';
import { DataFields } from './DataFields';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';
import { ScheduleFields } from './HyperparamFields';
import { LayerEditor } from './LayerEditor';
import { LengthField } from './LengthField';
import { RobustFields } from './RobustFields';
import { SweepField } from './SweepField';

const BACKEND_LABELS: Record<(typeof BACKEND_CHOICES)[number], string> = {
  auto: 'Auto (fastest available)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM (CPU, SIMD)',
  cpu: 'Plain CPU (slow)',
};

type IntegerKey = 'batchSize' | 'seed' | 'seeds' | 'evalEvery' | 'evalExamples';

/** The schema's own range, worded for a field. */
function integerProblem(key: IntegerKey | 'steps', label: string) {
  const shaped = experimentConfigSchema.shape[key];
  const field = 'unwrap' in shaped ? shaped.unwrap() : shaped;
  return (value: number) =>
    field.safeParse(value).success
      ? undefined
      : `${label} must be a whole number from ${field.minValue} to ${field.maxValue?.toLocaleString('en-US')}`;
}

/** How many replicas the setup trains, against the session's limit. */
function replicaText(config: ExperimentConfig): string {
  const plan = planReplicas(config.runs, config.sweep, config.seed, config.seeds);
  return plan.problem ?? `${plan.replicas.length} of at most ${MAX_REPLICAS} replicas.`;
}

interface ExperimentPanelProps {
  readonly config: ExperimentConfig;
  readonly stepsPerEpoch: number;
  readonly experiment: Experiment;
  /** True while edits wait in a draft. */
  readonly drafting: boolean;
}

export function ExperimentPanel({ config, stepsPerEpoch, experiment, drafting }: ExperimentPanelProps) {
  const edit = (patch: Partial<ExperimentConfig>) => experiment.editExperiment((c) => ({ ...c, ...patch }));
  const integer = (key: IntegerKey, label: string, hint: string) => (
    <NumberField
      label={label}
      value={config[key]}
      hint={hint}
      validate={integerProblem(key, label)}
      onCommit={(value) => edit({ [key]: value })}
    />
  );
  const report = describeConfigModel(config);
  const schedules = config.runs.map((run) => JSON.stringify(run.hparams.schedule));
  const sharedSchedule = new Set(schedules).size === 1 ? config.runs[0]?.hparams.schedule : undefined;
  const setSchedule = (patch: Partial<Schedule>) =>
    experiment.editExperiment((c) => ({
      ...c,
      runs: c.runs.map((run) => ({
        ...run,
        hparams: { ...run.hparams, schedule: { ...run.hparams.schedule, ...patch } },
      })),
    }));
  return (
    <section className="panel experiment-panel" aria-labelledby="experiment-heading">
      <h2 id="experiment-heading">Experiment</h2>
      {drafting && <DraftBar experiment={experiment} />}
      <DataFields config={config} experiment={experiment} />
      <SelectField
        label="Model"
        value={config.model}
        options={[
          ...MODEL_PRESET_NAMES.map((name) => [name, MODEL_PRESETS[name].label] as const),
          ['custom', 'Custom (edit the layers)'] as const,
        ]}
        // Custom starts from the model in use, so it is one edit away from a preset.
        onChange={(model) =>
          edit(model === 'custom' ? { model, layers: modelLayers(config) } : { model, layers: undefined })
        }
        hint={
          !report
            ? 'Checked when your files load'
            : report.problem
              ? `⚠ ${report.problem}`
              : `${report.paramCount.toLocaleString('en-US')} parameters`
        }
        testId="param-count"
      />
      {config.model === 'custom' && (
        <LayerEditor layers={config.layers ?? []} onChange={(layers) => edit({ layers })} />
      )}
      {integer('batchSize', 'Batch size', 'Images per step, the same batch for every run.')}
      <LengthField
        steps={config.steps}
        stepsPerEpoch={stepsPerEpoch}
        validate={integerProblem('steps', 'Length')}
        onCommit={(steps) => edit({ steps })}
      />
      {integer('seed', 'Seed', 'Initial weights and batch order; the same seed gives the same curves.')}
      {integer(
        'seeds',
        'Seeds',
        `Each run trained once per seed (seed, seed + 1, …), paired across runs: bands and statistics. ${replicaText(config)}`,
      )}
      <SweepField sweep={config.sweep} runs={config.runs} onCommit={(sweep) => edit({ sweep })} />
      {sharedSchedule ? (
        <ScheduleFields schedule={sharedSchedule} onChange={setSchedule} />
      ) : (
        <p className="hint">Schedule: set per run (the runs differ).</p>
      )}
      {integer('evalEvery', 'Evaluate every', 'Test-set evaluation every this many steps.')}
      {integer('evalExamples', 'Test images per evaluation', 'The first n images of the 10,000 test images.')}
      <RobustFields
        {...(config.robust ? { robust: config.robust } : {})}
        onChange={(robust) => experiment.setEvaluationSettings({ robust })}
      />
      <SelectField
        label="Backend"
        value={config.backend}
        options={BACKEND_CHOICES.map((choice) => [choice, BACKEND_LABELS[choice]] as const)}
        onChange={(backend) => edit({ backend })}
      />
    </section>
  );
}

function DraftBar({ experiment }: { experiment: Experiment }) {
  return (
    <div className="draft-bar" role="alert">
      <p>
        These changes need a new experiment. Applying it discards the results of the runs in progress (export
        them first if you want to keep them).
      </p>
      <button type="button" className="small primary" onClick={() => void experiment.applyDraft()}>
        Apply and restart
      </button>
      <button type="button" className="small" onClick={() => experiment.discardDraft()}>
        Keep training
      </button>
    </div>
  );
}
