/**
 * Files given to the page, by a drop anywhere or by the missing-dataset prompt's picker. Dataset files
 * (CIFAR-10 batches, IDX, CSV) become a dataset, gathered first while the setup waits for a link's
 * files and some are still missing; anything else is an exported bundle. New files of the format in
 * use get a name of their own (userData.ts), so switching to them sets up afresh like any dataset change.
 */
import { useCallback, useRef, useState } from 'react';
import { withFittingModel } from '../../config/schema';
import type { Experiment } from '../experiment';
import { importFiles } from '../imports';
import { gatherFiles, userDatasetOf } from '../missingDataset';
import { modeOf } from '../sessionMode';
import { addNotice } from '../store';
import { forgetOnceApplied, forgetReplacedDataset, formatOfFiles, importDatasetFiles } from '../userData';

export interface PageFiles {
  /** Files of the awaited dataset given so far, while some are still missing. */
  readonly picked: readonly File[];
  readonly take: (files: File[]) => Promise<void>;
}

export function usePageFiles(experiment: Experiment): PageFiles {
  const [picked, setPicked] = useState<readonly File[]>([]);
  const gathered = useRef<readonly File[]>([]);
  const take = useCallback(
    async (files: File[]) => {
      const { store } = experiment;
      const format = formatOfFiles(files.map((file) => file.name));
      if (!format) return importFiles(store, files);
      const waiting = experiment.waitingForData;
      const { complete, files: given } = gatherFiles(
        userDatasetOf(waiting ?? ''),
        format,
        gathered.current,
        files,
      );
      gathered.current = complete ? [] : given;
      setPicked(gathered.current);
      if (!complete) return;
      try {
        const state = store.get();
        const { draft, config } = state;
        const live = modeOf(state) === 'live';
        const context = { config, live, ...(draft ? { draft } : {}), ...(waiting ? { waiting } : {}) };
        const imported = await importDatasetFiles(given, context);
        if (!imported) return;
        // Forgotten first, so the dataset list the switch re-reads no longer offers the replaced files.
        await forgetReplacedDataset(imported.replaces);
        experiment.editExperiment(() => withFittingModel(imported.config));
        const { replacesOnceApplied } = imported;
        if (replacesOnceApplied) forgetOnceApplied(store, replacesOnceApplied, imported.config.dataset);
      } catch (error) {
        store.update((s) => addNotice(s, `Could not keep the dropped files: ${(error as Error).message}`));
      }
    },
    [experiment],
  );
  return { picked, take };
}
