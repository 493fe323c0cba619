/**
 * The guard that keeps a deployment off the demo data: a configured run (a configuration file,
 * a state store, SMTP, recipients or a booking API) with no source stops here, exit status 2.
 */
import { ConfigError } from '../errors/index.ts';
import type { SourceConfig } from './resolve.ts';

export function requireSource(
  source: SourceConfig,
): asserts source is Exclude<SourceConfig, { kind: 'none' }> {
  if (source.kind !== 'none') return;
  const sign = source.deployedBy.startsWith('the configuration file')
    ? `${source.deployedBy} exists`
    : `${source.deployedBy} is set`;
  throw new ConfigError(
    `no booking database is configured, yet ${sign}, so this is a deployment: ` +
      'it never runs on the demo data. Set RESRECON_SOURCE_URL (or source.url in the configuration file)',
    'RESRECON_SOURCE_URL',
  );
}
