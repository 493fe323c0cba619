/**
 * Which source a configuration points at, as a fingerprint (host, port and database; never a
 * user or password) and a description for people. The warehouse (extract) and the state store
 * are each bound to one source by it, so neither mixes two booking databases. The table mapping
 * is left out: fixing a column name in it must not make the same database look like another.
 */
import { createHash } from 'node:crypto';
import type { SourceConfig } from './resolve.ts';

export interface SourceIdentity {
  readonly fingerprint: string;
  /** For people: `postgresql://host:5432/db` or `files:/path`. */
  readonly description: string;
}

export function sourceIdentity(source: Exclude<SourceConfig, { kind: 'none' }>): SourceIdentity {
  let parts: unknown[];
  let description: string;
  if (source.kind === 'postgres') {
    const u = new URL(source.url);
    // libpq's defaults: port 5432, database named after the user; a socket host may be a parameter.
    const host = (u.hostname || u.searchParams.get('host') || 'localhost').toLowerCase();
    const port = u.port || u.searchParams.get('port') || '5432';
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username);
    parts = ['postgres', host, port, database];
    description = `postgresql://${host}:${port}/${database}`;
  } else {
    // The demo is the demo wherever the checkout lives; another folder is another source.
    parts = source.demo ? ['demo'] : ['files', source.dir];
    description = source.demo ? 'the embedded demo data' : `files:${source.dir}`;
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
  return { fingerprint, description };
}
