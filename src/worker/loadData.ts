/** Fetches dataset files with byte progress, so a 26 MB download shows a bar instead of a blank page. */
import { FASHION_MNIST, type FileReader, type ImageDataset, loadIdxDataset } from '../engine/data/dataset';
import type { WorkerEvent } from './protocol';

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

/** Downloads and validates Fashion-MNIST, reporting byte progress; throws with the file's problem. */
export async function loadFashionMnist(
  dataUrl: string,
  post: (event: WorkerEvent) => void,
): Promise<ImageDataset> {
  const loaded = new Map<string, [number, number]>();
  const read = fetchReader(dataUrl, (fileName, loadedBytes, totalBytes) => {
    loaded.set(fileName, [loadedBytes, totalBytes]);
    const [done, total] = [...loaded.values()].reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    post({ type: 'loading', message: 'Downloading Fashion-MNIST', loadedBytes: done, totalBytes: total });
  });
  const parsed = await loadIdxDataset(FASHION_MNIST, read);
  if (!parsed.ok) throw new Error(`dataset is unusable: ${parsed.error}`);
  return parsed.value;
}
