/**
 * A link names the user's own dataset, whose files live only in the browser that dropped them: this
 * machine is asked for them once, by name, with a picker (or a drop anywhere on the page). Nothing
 * trains meanwhile, but every other part of the page works, including choosing another dataset.
 */
import { USER_FORMAT_LABELS } from '../../config/datasets';
import { FORMAT_NOTES, missingFiles, requiredFiles, userDatasetOf } from '../missingDataset';

interface MissingDatasetPromptProps {
  /** The dataset name of the setup (`cifar10:label` …) whose files this browser lacks. */
  readonly dataset: string;
  /** Files of it given so far, while some are still missing. */
  readonly picked: readonly File[];
  readonly onFiles: (files: File[]) => void;
}

const ACCEPT = { cifar10: '.bin', idx: '', csv: '.csv,.tsv,text/csv' } as const;

export function MissingDatasetPrompt({ dataset, picked, onFiles }: MissingDatasetPromptProps) {
  const ref = userDatasetOf(dataset);
  if (!ref) return null;
  const names = picked.map((file) => file.name);
  const missing = new Set(missingFiles(ref, names).map((requirement) => requirement.label));
  return (
    <section
      className="banner missing-dataset"
      aria-labelledby="missing-dataset-title"
      data-testid="missing-dataset"
    >
      <h2 id="missing-dataset-title">Your dataset's files: {dataset}</h2>
      <p>
        This setup trains on your own files ({USER_FORMAT_LABELS[ref.format]}). They are kept only in the
        browser that first received them, and this one does not have them yet. Give them once and they stay
        here:
      </p>
      <ul>
        {requiredFiles(ref).map(({ label }) => (
          <li key={label}>
            <code>{label}</code> {missing.has(label) ? '' : '✓'}
          </li>
        ))}
      </ul>
      <p className="hint">{FORMAT_NOTES[ref.format]}</p>
      {picked.length > 0 && (
        <p role="status">
          Got {names.join(', ')}; still missing: {[...missing].join(', ')}.
        </p>
      )}
      <label className="file-pick">
        Choose the files…{' '}
        <input
          type="file"
          multiple
          accept={ACCEPT[ref.format] || undefined}
          data-testid="missing-dataset-input"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
      </label>{' '}
      or drop them anywhere on the page. Until then nothing trains; the rest of the page works, and another
      dataset can be chosen in the setup.
    </section>
  );
}
