/**
 * A snapshot folder may carry `manifest.json` with the window its data covers, so that a run on
 * it (the demo) uses that window by default instead of "the last 24 hours".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors/index.ts';

export interface Manifest {
  readonly window?: { readonly from: string; readonly to: string };
}

const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** The folder's manifest, or null when there is none. */
export function readManifest(dir: string): Manifest | null {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DataError(`cannot read ${path}: ${(err as Error).message}`, { file: path }, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${path} is not valid JSON`, { file: path }, { cause: err });
  }
  const window = (raw as { window?: { from?: unknown; to?: unknown } } | null)?.window;
  if (window === undefined) return {};
  if (!isInstant(window.from) || !isInstant(window.to))
    throw new DataError(`${path}: window.from and window.to must be ISO-8601 instants`, {
      file: path,
      field: 'window',
    });
  return { window: { from: window.from, to: window.to } };
}
