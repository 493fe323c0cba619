/**
 * Runs one extract in its own process, so a test can kill it mid-load with SIGKILL.
 * argv[2]: JSON { url, warehouse }. TMPDIR decides where its CSV files appear.
 */

import { extract } from '../../../src/extract/index.ts';
import { Warehouse } from '../../../src/warehouse/index.ts';

const { url, warehouse } = JSON.parse(process.argv[2]!) as { url: string; warehouse: string };
const wh = await Warehouse.open(warehouse);
try {
  await extract({
    source: { kind: 'postgres', url, statementTimeoutMs: 600_000, overlapMinutes: 10, tables: {} },
    warehouse: wh,
    window: { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
    runId: 'child',
    full: true,
  });
} finally {
  wh.close();
}
