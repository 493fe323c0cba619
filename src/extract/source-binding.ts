/**
 * A warehouse belongs to one source. Its high-water marks only mean something for the source
 * that set them: read against another database, an increment would start from the wrong marks
 * and report an all-clear over data it never read. So the first extract records a fingerprint
 * of the source (host, port and database; never a user or password), and every
 * later one refuses another source with the setting to change (the fingerprint is config's
 * `sourceIdentity`; the state store is bound the same way).
 */
import type { SourceIdentity } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import type { Warehouse } from '../warehouse/index.ts';

/**
 * Binds an empty warehouse to the source, or checks that it is bound to this one. Runs inside
 * the extract's transaction, so a failed first extract leaves the warehouse unbound.
 */
export async function bindSource(wh: Warehouse, identity: SourceIdentity): Promise<void> {
  const bound = await wh.one<{ fingerprint: string; description: string }>(
    'SELECT fingerprint, description FROM warehouse_source LIMIT 1',
  );
  if (bound?.fingerprint === identity.fingerprint) return;
  const where = `the warehouse ${wh.path}`;
  const advice =
    'set RESRECON_HOME to another folder for this source, or delete the warehouse file so the next run backfills it';
  if (bound) {
    throw new ConfigError(
      `${where} holds data from ${bound.description}, not from ${identity.description}: ${advice}`,
      'RESRECON_HOME',
    );
  }
  const used = await wh.one('SELECT 1 AS one FROM extract_state LIMIT 1');
  if (used) {
    throw new ConfigError(
      `${where} holds data from a source it did not record (made by an older resrecon): ${advice}`,
      'RESRECON_HOME',
    );
  }
  await wh.exec('INSERT INTO warehouse_source (fingerprint, description, bound_at) VALUES ($fp, $d, now())', {
    fp: identity.fingerprint,
    d: identity.description,
  });
}
