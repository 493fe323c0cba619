/**
 * The rules stage: prepares the rr_* tables in DuckDB, runs every rule of the catalog over
 * them (all set detection and judging is SQL), keeps the highest-precedence match per bucket,
 * and assembles labelled sets. JavaScript only formats the result.
 */
import { readFileSync } from 'node:fs';
import { collectGarbage, collectGarbageIfGrown } from '../io/index.ts';
import {
  type Conformance,
  type Evidence,
  type LabelledSet,
  MODEL_SQL_PARAMS,
  type QuarantinedRow,
  REQUEST_MARGIN_MINUTES,
} from '../model/index.ts';
import { quoteIdent } from '../sql/index.ts';
import { sizeBytes, type Warehouse } from '../warehouse/index.ts';
import {
  AGED_OUT_KIND,
  type AgedOutMember,
  assembleSets,
  type MemberRow,
  occupantDoubtKey,
  type PaymentRow,
  type RuleMatch,
} from './assemble-sets.ts';
import { loadRules, prepareThresholds } from './load-rules.ts';
import { type OccupantDoubt, occupantGuests } from './occupant.ts';

const sqlFile = (name: string): string => readFileSync(new URL(`./sql/${name}`, import.meta.url), 'utf8');
const PREPARE_GROUPS = sqlFile('prepare-groups.sql');
const PREPARE = sqlFile('prepare.sql');
const MEMBERS = sqlFile('members.sql');
const PAYMENTS_PREPARE = sqlFile('member-payments-prepare.sql');
const PAYMENTS = sqlFile('member-payments.sql');
const CONFORMANCE = sqlFile('conformance.sql');
const AGED_OUT = sqlFile('aged-out.sql');
const LOGS_LET_GO = sqlFile('logs-let-go.sql');

/**
 * DuckDB's cap while members are read: one share's rows and their JSON, a few tens of MB; the
 * configured cap applies again afterwards (and rr_member spills to disk rather than fail).
 */
const MEMBERS_MEMORY_LIMIT = '256MB';

/** Members read and assembled at once: about 8 MB of JSON in flight, whatever the night's size. */
const MEMBERS_PER_PART = 20_000;

export interface RulesInput {
  readonly warehouse: Warehouse;
  readonly window: { readonly from: string; readonly to: string };
  /** Threshold overrides by name (configuration `rules`). */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Days the warehouse keeps the gateway's requests (warehouse.retention.logDays), for the evidence. */
  readonly logDays?: number;
}

/** Time of one step: the preparation, a rule (by its id), or a read of the results. */
export interface StepTiming {
  readonly step: string;
  readonly ms: number;
  readonly matched: number;
}

export interface RulesResult {
  readonly sets: readonly LabelledSet[];
  readonly quarantine: readonly QuarantinedRow[];
  readonly conformance: Conformance;
  readonly timings: readonly StepTiming[];
  readonly reservationsScanned: number;
  /**
   * Since when the warehouse holds the booking requests retention has not let go (ISO-8601,
   * logs-let-go.sql), or null while retention has let none go (a files source reloads the whole
   * folder each run).
   */
  readonly logsFrom: string | null;
  /** DUPLICATE sets judged without some of their members' requests (evidence `aged-out`). */
  readonly agedOutSets: number;
}

/**
 * Decides who the guest of each reservation in a look-alike group is (occupant.ts) and loads
 * the answer as rr_occupant: one row per group and name as written. Names are read once per
 * group, not per reservation, with their bookings' creation times (a partial name that fits
 * two guests joins the one booked nearest in time), and go back as one JSON document. Returns
 * the doubts about guests that only an initial or a missing part of the name separates, by
 * occupantDoubtKey.
 */
async function loadOccupants(wh: Warehouse): Promise<Map<string, OccupantDoubt>> {
  const names = await wh.allJson<{ group_id: string; guest_name: string | null; times: number[] }>(
    // Times matter only where a partial name could fit two guests: three names or more.
    `SELECT group_id, guest_name, CASE WHEN names >= 3 THEN times ELSE [] END AS times
     FROM (SELECT *, count(*) OVER (PARTITION BY group_id) AS names
           FROM (SELECT group_id, guest_name, list(epoch_ms(created_at)) AS times FROM rr_res_base GROUP BY ALL))`,
  );
  type Group = { names: (string | null)[]; times: Map<string | null, number[]> };
  const byGroup = new Map<string, Group>();
  for (const n of names) {
    const group: Group = byGroup.get(n.group_id) ?? { names: [], times: new Map() };
    group.names.push(n.guest_name);
    group.times.set(n.guest_name, n.times);
    byGroup.set(n.group_id, group);
  }
  const rows: { group_id: string; guest_name: string | null; occupant: string }[] = [];
  const doubts = new Map<string, OccupantDoubt>();
  for (const [groupId, group] of byGroup) {
    const guests = occupantGuests(group.names, group.times);
    for (const [name, occupant] of guests.bucketOf)
      rows.push({ group_id: groupId, guest_name: name, occupant });
    for (const [occupant, doubt] of guests.doubts) doubts.set(occupantDoubtKey(groupId, occupant), doubt);
  }
  await wh.exec(
    `CREATE OR REPLACE TEMP TABLE rr_occupant AS
     SELECT unnest(from_json($rows::VARCHAR, '[{"group_id":"VARCHAR","guest_name":"VARCHAR","occupant":"VARCHAR"}]'), recursive := true)`,
    { rows: JSON.stringify(rows) },
  );
  return doubts;
}

/** Times a step; a step run once per share of the groups adds up under one name. */
async function timed<T>(timings: StepTiming[], step: string, fn: () => Promise<T[]>): Promise<T[]> {
  const t0 = performance.now();
  const rows = await fn();
  const ms = Math.round(performance.now() - t0);
  const i = timings.findIndex((t) => t.step === step);
  if (i < 0) timings.push({ step, ms, matched: rows.length });
  else timings[i] = { step, ms: timings[i]!.ms + ms, matched: timings[i]!.matched + rows.length };
  return rows;
}

export async function runRules(input: RulesInput): Promise<RulesResult> {
  const wh = input.warehouse;
  const overrides = input.thresholds ?? {};
  const rules = loadRules(overrides);
  const base = {
    ...MODEL_SQL_PARAMS,
    from: input.window.from,
    to: input.window.to,
    ...prepareThresholds(overrides),
  };
  const timings: StepTiming[] = [];

  // Three steps, timed apart: the groups (SQL), who each occupant is (code), the links (SQL).
  await timed(timings, 'groups', async () => {
    await wh.exec(PREPARE_GROUPS, base);
    return [];
  });
  let occupantDoubts = new Map<string, OccupantDoubt>();
  await timed(timings, 'occupants', async () => {
    occupantDoubts = await loadOccupants(wh);
    return [];
  });
  await timed(timings, 'prepare', async () => {
    await wh.exec(PREPARE, base);
    return [];
  });

  const matches = new Map<string, RuleMatch>();
  for (const rule of rules) {
    const params = { ...base, ...rule.thresholds };
    const rows = await timed(timings, rule.id, () =>
      wh.all<{ bucket_id: string; confidence: number; evidence: Evidence[]; doubt?: string | null }>(
        rule.sql,
        params,
      ),
    );
    for (const row of rows) {
      // Rules run in precedence order: the first match of a bucket wins.
      if (matches.has(row.bucket_id)) continue;
      matches.set(row.bucket_id, {
        ruleId: rule.id,
        verdict: rule.verdict,
        cause: rule.cause,
        doubt: row.doubt ?? null,
        confidence: Math.max(0, Math.min(1, Number(row.confidence))),
        evidence: row.evidence.filter((e) => e.detail !== null),
      });
    }
  }

  // A bucket no rule explains has only identical booking data behind it. When its payments are
  // what a checkout of several rooms under one name leaves, the set says so rather than stand
  // as an unexplained copy whose plan would refund a room booked on purpose.
  const cartPaid = await timed(timings, 'unexplained', () =>
    wh.all<{ bucket_id: string; charge_span: string }>(
      'SELECT bucket_id, charge_span FROM rr_bucket_pay WHERE paid_as_cart ORDER BY bucket_id',
    ),
  );
  const unexplainedDoubts = new Map<string, string>();
  for (const row of cartPaid)
    if (!matches.has(row.bucket_id))
      unexplainedDoubts.set(
        row.bucket_id,
        `each booking carries its own charge of one stay's price, made within ${row.charge_span} of each other: that is how a checkout of several rooms under one name pays, and nothing in the log shows a booking sent again`,
      );

  const quarantine = await timed(timings, 'quarantine', () =>
    wh.all<{ table_name: string; row_id: string; reason: string }>(
      'SELECT * FROM rr_quarantine ORDER BY row_id',
    ),
  );
  const conformanceRows = await timed(timings, 'conformance', () =>
    wh.all<{
      client_id: string;
      requests: number;
      without_key: number;
      replays: number;
      conflicts409: number;
      mismatches422: number;
      timeouts: number;
    }>(CONFORMANCE, base),
  );
  const scanned = await wh.one<{ n: string }>(
    'SELECT count(*)::VARCHAR AS n FROM reservation WHERE created_at >= $from::TIMESTAMPTZ AND created_at < $to::TIMESTAMPTZ',
    { from: base.from, to: base.to },
  );

  // Members whose requests retention has let go: their sets say so (assembleSets).
  const horizon = await wh.one<{ logs_from: string | null }>(LOGS_LET_GO);
  const logsFrom = horizon?.logs_from ?? null;
  const agedOutRows = logsFrom
    ? await timed(timings, 'aged-out', () =>
        wh.all<{ bucket_id: string; id: string; created_at: string }>(AGED_OUT, {
          from: base.from,
          request_margin_minutes: REQUEST_MARGIN_MINUTES,
          logs_from: logsFrom,
        }),
      )
    : [];
  const agedOutByBucket = new Map<string, AgedOutMember[]>();
  for (const row of agedOutRows) {
    const list = agedOutByBucket.get(row.bucket_id) ?? [];
    list.push({ reservationId: row.id, createdAt: row.created_at });
    agedOutByBucket.set(row.bucket_id, list);
  }

  await wh.exec(PAYMENTS_PREPARE);
  // Only rr_member and rr_member_payment are read from here on: the other working tables go, and
  // DuckDB is held to a smaller cap, before the sets build up in this process (at 3,000,000
  // reservations this, with shares of 20,000, took the stage's peak RSS from 1.9 GiB to 1.4 GiB).
  const working = await wh.all<{ name: string }>(
    "SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'rr\\_%' ESCAPE '\\' AND table_name NOT IN ('rr_member', 'rr_member_payment')",
  );
  for (const t of working) await wh.exec(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`);
  collectGarbage();
  const configured = await wh.memoryLimitBytes();
  const members = sizeBytes(MEMBERS_MEMORY_LIMIT);
  const cap = Number.isFinite(configured) ? Math.min(configured, members) : members;
  const sets: LabelledSet[] = [];
  await wh.withSettings({ memory_limit: `${Math.floor(cap / 2 ** 20)}MiB` }, async () => {
    // One connection: queries run one after another, each timed so a slow step shows in the bench.
    // Members and their payments are read and assembled a share of the groups at a time: memory
    // stays bounded by the share, not by the night.
    const size = await wh.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rr_member');
    const parts = Math.max(1, Math.ceil((size?.n ?? 0) / MEMBERS_PER_PART));
    for (let part = 0; part < parts; part++) {
      const share = { parts, part };
      const members = await timed(timings, 'members', () =>
        wh.allJson<MemberRow>(MEMBERS, share, ['group_id', 'bucket_id', 'seq']),
      );
      const payments = await timed(timings, 'payments', () =>
        wh.allJson<PaymentRow>(PAYMENTS, share, ['reservation_id', 'created_at', 'id']),
      );
      await timed(timings, 'assemble', async () => {
        sets.push(
          ...assembleSets({
            members,
            payments,
            matches,
            occupantDoubts,
            unexplainedDoubts,
            ...(logsFrom ? { agedOut: { logsFrom, byBucket: agedOutByBucket } } : {}),
            ...(input.logDays === undefined ? {} : { logDays: input.logDays }),
            window: input.window,
          }),
        );
        return [];
      });
      collectGarbageIfGrown();
    }
  });
  sets.sort((a, b) => (a.setId < b.setId ? -1 : a.setId > b.setId ? 1 : 0));
  const num = (v: unknown): number => Number(v);
  const sum = (k: keyof (typeof conformanceRows)[number]): number =>
    conformanceRows.reduce((a, r) => a + num(r[k]), 0);

  return {
    sets,
    quarantine: quarantine.map((q) => ({ table: q.table_name, rowId: q.row_id, reason: q.reason })),
    conformance: {
      createRequests: sum('requests'),
      withoutKey: sum('without_key'),
      replays: sum('replays'),
      conflicts409: sum('conflicts409'),
      mismatches422: sum('mismatches422'),
      timeouts: sum('timeouts'),
      byClient: conformanceRows.map((r) => ({
        clientId: r.client_id,
        requests: num(r.requests),
        withoutKey: num(r.without_key),
        timeouts: num(r.timeouts),
      })),
    },
    timings,
    reservationsScanned: Number(scanned?.n ?? 0),
    logsFrom,
    agedOutSets: sets.filter((s) => s.evidence.some((e) => e.kind === AGED_OUT_KIND)).length,
  };
}
