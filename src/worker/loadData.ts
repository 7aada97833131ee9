/**
 * The worker's data sources: shipped files fetched with byte progress (a 26 MB download shows a bar
 * instead of a blank page), the user's files from IndexedDB; toy sets need neither.
 */
import { DATASET_LABELS, parseDatasetName } from '../config/datasets';
import type { FileReader, ImageDataset } from '../engine/data/dataset';
import { type DataConfig, loadBaseDataset } from '../engine/data/experimentData';
import type { WorkerEvent } from './protocol';
import { readUserDataset, userDatasetFiles } from './userDatasets';

export type ByteProgress = (fileName: string, loadedBytes: number, totalBytes: number) => void;

export function fetchReader(baseUrl: string, onProgress: ByteProgress): FileReader {
  return async (fileName) => {
    const url = `${baseUrl.replace(/\/$/, '')}/${fileName}`;
    const response = await fetch(url);
    if (!response.ok)
      throw new Error(`could not load ${url}: HTTP ${response.status} ${response.statusText}`);
    const totalBytes = Number(response.headers.get('content-length') ?? 0);
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const parts: Uint8Array[] = [];
    let loadedBytes = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loadedBytes += value.length;
      onProgress(fileName, loadedBytes, totalBytes);
    }
    const bytes = new Uint8Array(loadedBytes);
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return bytes;
  };
}

/** Loads and validates the config's dataset (before its regime); throws with the file's problem. */
export async function loadDataset(
  config: DataConfig,
  dataUrl: string,
  post: (event: WorkerEvent) => void,
): Promise<ImageDataset> {
  const ref = parseDatasetName(config.dataset);
  const label = 'problem' in ref || ref.kind === 'user' ? config.dataset : DATASET_LABELS[ref.name];
  const loaded = new Map<string, [number, number]>();
  const readShipped = fetchReader(dataUrl, (fileName, loadedBytes, totalBytes) => {
    loaded.set(fileName, [loadedBytes, totalBytes]);
    const [done, total] = [...loaded.values()].reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    post({ type: 'loading', message: `Downloading ${label}`, loadedBytes: done, totalBytes: total });
  });
  return loadBaseDataset(config, { readShipped, userFiles: readUserDataset });
}

/** The save time of the user's files behind the name ('' for shipped and toy sets, which never change). */
export async function userDataVersion(config: DataConfig): Promise<string> {
  const ref = parseDatasetName(config.dataset);
  if ('problem' in ref || ref.kind !== 'user') return '';
  return String((await userDatasetFiles(config.dataset))?.savedAt ?? '');
}
