/**
 * The guard that keeps a deployment off the demo data: a configured run (a configuration file,
 * a state store, SMTP, recipients, a booking API, or a home a run against a booking database
 * used) with no source stops here, exit status 2.
 */
import { ConfigError } from '../errors/index.ts';
import type { SourceConfig } from './resolve.ts';

export function requireSource(
  source: SourceConfig,
): asserts source is Exclude<SourceConfig, { kind: 'none' }> {
  if (source.kind !== 'none') return;
  const d = source.deployedBy;
  const sign = d.startsWith('the configuration file')
    ? `${d} exists`
    : d.startsWith('the home')
      ? `${d} holds the warehouse or state store of a run against a booking database`
      : `${d} is set`;
  throw new ConfigError(
    `no booking database is configured, yet ${sign}, so this is a deployment: ` +
      'it never runs on the demo data. Set RESRECON_SOURCE_URL (or source.url in the configuration file)',
    'RESRECON_SOURCE_URL',
  );
}
