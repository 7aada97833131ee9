/** Finding and calling a python3 that has torch, for the PyTorch cross-checks. */
import { execFileSync } from 'node:child_process';

/** Debian's python3 first: a pyenv or venv python3 earlier on PATH usually lacks python3-torch. */
export const PYTHONS = ['/usr/bin/python3', 'python3'];

/** A python3 that imports torch, with torch's version; undefined when there is none. */
export function findTorchPython(): { python: string; version: string } | undefined {
  for (const python of PYTHONS) {
    try {
      const version = execFileSync(python, ['-c', 'import torch; print(torch.__version__)'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      return { python, version };
    } catch {
      // not there, or no torch: try the next
    }
  }
  return undefined;
}

/** Runs a reference script on one case (JSON on stdin) and parses its JSON answer. */
export function runTorchScript<T>(python: string, script: string, input: unknown): T {
  const stdout = execFileSync(python, [script, '-'], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 300_000,
  });
  return JSON.parse(stdout) as T;
}

/** 10 significant digits: far below any tolerance, and half the size of full float64 in fixture files. */
export const tenDigits = (value: number) => Number(value.toPrecision(10));
