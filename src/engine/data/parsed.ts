/** Parsing user data returns a result instead of throwing, so a bad file becomes a message in the UI. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A failed parse whose message starts with the file's name. */
export function fileProblem(fileName: string, reason: string): { ok: false; error: string } {
  return { ok: false, error: `${fileName}: ${reason}` };
}

/** A file the user gave, by its base name. */
export interface NamedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}
