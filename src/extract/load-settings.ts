/**
 * DuckDB settings for the length of one extract, restored afterwards.
 * - Rows are written uncompressed: compressing them (FSST and dictionary analysis of every string
 *   column) ran on one thread and took about two thirds of DuckDB's load time of a backfill
 *   (scripts/bench-extract.ts). The file grows about 2.5× for the rows of that run; later
 *   checkpoints of changed row groups compress as usual.
 * - Insertion order is kept while loading: DuckDB then inserts in batches and writes only full
 *   row groups. Without it each thread left a part-filled row group, and the checkpoint at the
 *   warehouse's close merged them, rewriting and compressing most of the largest table: at
 *   300,000 reservations that close took 2 to 3 s (up to 7 s on a busy machine), and 50 ms with
 *   order kept, for no slower a load.
 * - Memory is capped so that a backfill stays well under 1 GiB of RSS (about 750 MiB for 1M
 *   reservations and 2M booking requests); DuckDB spills to its temporary directory beyond it.
 */
import type { Warehouse } from '../warehouse/index.ts';

const LOAD_MEMORY_LIMIT = '384MB';

export function withLoadSettings<T>(wh: Warehouse, fn: () => Promise<T>): Promise<T> {
  return wh.withSettings(
    {
      force_compression: 'uncompressed',
      preserve_insertion_order: 'true',
      memory_limit: LOAD_MEMORY_LIMIT,
    },
    fn,
  );
}
