/**
 * The job's metrics in the Prometheus text format (prom-client): the runbook's alert series,
 * `duplicate_reservations_detected` (DUPLICATE sets the last run found) and
 * `idempotency_key_collision` (requests the last run saw reusing a key with another body, the
 * 422s), plus run durations and outcomes, the last success and the next run, and sets per
 * cause. Served on an optional HTTP port (127.0.0.1 by default) and/or written to a file after
 * every run, for a node exporter's textfile collector.
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { writeAtomic } from '../io/index.ts';
import { ROOT_CAUSES, type RunReport } from '../model/index.ts';

export interface JobMetrics {
  readonly registry: Registry;
  readonly skipped: Counter<'kind'>;
  recordRun(kind: string, status: 'SUCCEEDED' | 'FAILED', seconds: number, report: RunReport | null): void;
  recordWatch(bursts: number): void;
  setNextRun(at: Date | null): void;
  /** Starts the HTTP endpoint; resolves with its address. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export function jobMetrics(file: string | null): JobMetrics {
  const registry = new Registry();
  const duplicates = new Gauge({
    name: 'duplicate_reservations_detected',
    help: 'DUPLICATE sets (bookings with unintended copies) found by the last run, by kind of run',
    labelNames: ['kind'],
    registers: [registry],
  });
  const collisions = new Gauge({
    name: 'idempotency_key_collision',
    help: 'Booking requests in the last nightly window that reused an Idempotency-Key with a different body (422)',
    registers: [registry],
  });
  const byCause = new Gauge({
    name: 'resrecon_duplicate_sets',
    help: 'DUPLICATE sets of the last nightly run by root cause',
    labelNames: ['cause'],
    registers: [registry],
  });
  const bursts = new Gauge({
    name: 'resrecon_bursts',
    help: 'Bursts (more duplicate copies within one hour than the escalation limit) seen by the last run or watch pass',
    registers: [registry],
  });
  const runs = new Counter({
    name: 'resrecon_runs_total',
    help: 'Runs started by this scheduler, by kind and outcome',
    labelNames: ['kind', 'status'],
    registers: [registry],
  });
  const skipped = new Counter({
    name: 'resrecon_runs_skipped_total',
    help: 'Ticks skipped because a run was in progress here or elsewhere',
    labelNames: ['kind'],
    registers: [registry],
  });
  const duration = new Gauge({
    name: 'resrecon_run_duration_seconds',
    help: 'Duration of the last run, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'resrecon_last_success_timestamp_seconds',
    help: 'When the last successful run of each kind finished (Unix time)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const nextRun = new Gauge({
    name: 'resrecon_next_run_timestamp_seconds',
    help: 'When the next nightly run is due (Unix time)',
    registers: [registry],
  });
  let server: Server | null = null;

  const flush = (): void => {
    if (!file) return;
    void registry
      .metrics()
      .then((text) => writeAtomic(file, text))
      .catch(() => undefined);
  };

  return {
    registry,
    skipped,
    recordRun(kind, status, seconds, report) {
      runs.inc({ kind, status });
      duration.set({ kind }, seconds);
      if (status === 'SUCCEEDED') lastSuccess.set({ kind }, Date.now() / 1000);
      if (report) {
        duplicates.set({ kind }, report.totals.duplicateSets);
        collisions.set(report.conformance.mismatches422);
        for (const cause of ROOT_CAUSES) byCause.set({ cause }, report.totals.byRootCause[cause]);
        bursts.set(report.incidents.length);
      }
      flush();
    },
    recordWatch(n) {
      runs.inc({ kind: 'watch', status: 'SUCCEEDED' });
      lastSuccess.set({ kind: 'watch' }, Date.now() / 1000);
      bursts.set(n);
      flush();
    },
    setNextRun(at) {
      if (at) nextRun.set(at.getTime() / 1000);
      flush();
    },
    listen(port, host) {
      server = createServer((req, res) => {
        if (req.url !== '/metrics') {
          res.writeHead(404).end('see /metrics\n');
          return;
        }
        registry
          .metrics()
          .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text))
          .catch((err: Error) => res.writeHead(500).end(err.message));
      });
      return new Promise((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => {
          const bound = server!.address();
          resolve(`http://${host}:${typeof bound === 'object' && bound ? bound.port : port}/metrics`);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
