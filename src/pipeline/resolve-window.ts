/**
 * The run's window [from, to): the command line's, else the snapshot manifest's (the demo data
 * covers a fixed week), else the 24 hours before now.
 */
import type { SourceConfig } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import { readManifest } from '../extract/index.ts';

const DAY_MS = 86_400_000;

function instant(value: string, flag: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new ConfigError(`${flag} ${JSON.stringify(value)} is not an ISO-8601 date or instant`, flag);
  return new Date(t).toISOString();
}

export function resolveWindow(
  source: SourceConfig,
  flags: { from?: string; to?: string },
  now: Date = new Date(),
): { from: string; to: string } {
  const manifest = source.kind === 'files' ? readManifest(source.dir)?.window : undefined;
  // A manifest's window is written as its author wrote it ("…00Z", "+02:00", a date); it goes
  // through `instant` too, so every window compares as text with what the store keeps (ISO-8601
  // UTC with milliseconds, as toISOString writes it).
  const to = flags.to
    ? instant(flags.to, '--to')
    : manifest?.to
      ? instant(manifest.to, "the manifest's window.to")
      : now.toISOString();
  const from = flags.from
    ? instant(flags.from, '--from')
    : flags.to || !manifest
      ? new Date(Date.parse(to) - DAY_MS).toISOString()
      : instant(manifest.from, "the manifest's window.from");
  if (Date.parse(from) >= Date.parse(to)) {
    throw new ConfigError(`the window is empty: --from ${from} is not before --to ${to}`, '--from');
  }
  return { from, to };
}
