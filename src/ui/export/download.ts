/** Saves a file from the page (an object URL on a temporary link), and names files consistently. */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** `sam-playground-<what>-2025-01-31T12-00-00.<ext>`: sortable and safe on every file system. */
export function exportFileName(what: string, extension: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return `sam-playground-${what}-${stamp}.${extension}`;
}
