/**
 * One whole run in a process of its own, so that its peak RSS is the run's alone (DuckDB
 * included): `resrecon run` as a deployment would do it, emails into the outbox. Prints one JSON
 * line: the stage times, the peak RSS, the sets, the output folder.
 *   node --import tsx scripts/bench/run-child.ts URL FROM TO HOME OUT
 */
import { resolveConfig } from '../../src/config/index.ts';
import { runPipeline } from '../../src/pipeline/index.ts';

const [url, from, to, home, out] = process.argv.slice(2) as [string, string, string, string, string];
const config = resolveConfig({ cwd: home, env: { RESRECON_HOME: home, RESRECON_SOURCE_URL: url } });
const outcome = await runPipeline({ config, window: { from, to }, outDir: out, email: true });
process.stdout.write(
  `${JSON.stringify({
    timings: outcome.timings,
    peakRssMiB: outcome.peakRssMiB,
    maxRssKiB: process.resourceUsage().maxRSS,
    sets: outcome.report.sets.length,
    outDir: outcome.outDir,
  })}\n`,
);
