/**
 * The embedded DuckDB warehouse. Only this module imports DuckDB; every other stage talks to
 * it through `Warehouse`, which returns rows with exact JSON-safe values: DECIMAL and BIGINT as
 * strings, DATE as "YYYY-MM-DD", TIMESTAMPTZ as ISO-8601 in UTC with microseconds.
 * The session time zone is pinned to UTC so date arithmetic does not depend on the host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBMaterializedResult,
  DuckDBPreparedStatement,
  DuckDBResultReader,
  DuckDBValue,
} from '@duckdb/node-api';
import { DataError } from '../errors/index.ts';
import { quoteIdent } from '../sql/index.ts';

const SCHEMA_SQL = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/**
 * Positional values (`?`, `$1`), or named ones (`$from`): each statement of the SQL binds, by
 * name, those it uses (DuckDB's own parser says which), so one record serves a whole script and
 * a `$name` inside a string literal or a comment is left alone. An array value binds as a LIST.
 */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;
export type Row = Record<string, unknown>;

/**
 * DuckDB's bindings, loaded by the first `Warehouse.open`: loading them takes longer than the
 * commands that never open a warehouse (help, plans, users) take in all, and the configuration
 * reaches this module through the rules' threshold names.
 */
let duck: typeof import('@duckdb/node-api') | undefined;

function duckdb(): typeof import('@duckdb/node-api') {
  if (!duck) throw new Error('DuckDB is used before Warehouse.open loaded it');
  return duck;
}

/** A JS value as DuckDB binds it: an array becomes a LIST of its items. */
function toDuckValue(value: unknown): DuckDBValue {
  return Array.isArray(value) ? duckdb().listValue(value.map(toDuckValue)) : (value as DuckDBValue);
}

/** The named parameters this prepared statement uses, with their values; one without a value is an error. */
function ownValues(prepared: DuckDBPreparedStatement, params: Readonly<Record<string, unknown>>) {
  const values: Record<string, DuckDBValue> = {};
  for (let i = 1; i <= prepared.parameterCount; i++) {
    const name = prepared.parameterName(i);
    if (!Object.hasOwn(params, name)) throw new Error(`SQL parameter $${name} has no value`);
    values[name] = toDuckValue(params[name]);
  }
  return values;
}

// DuckDB renders TIMESTAMPTZ in the process's time zone, whatever the session's TimeZone:
// "2026-02-03 23:30:00.000001+05:30". Rows leave here as UTC ISO strings with microseconds.
const DUCK_TS =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::?(\d{2}))?(?::(\d{2}))?$/;

/** DuckDB's JSON rendering of a timestamptz, in any offset -> "2026-02-03T18:00:00.000001Z". */
export function duckTimestampToIso(value: string): string {
  const m = DUCK_TS.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, sec, frac = '', sign, oh, om = '0', os = '0'] = m;
  const offsetSec = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os));
  const utcMs =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) - offsetSec * 1000;
  const base = new Date(utcMs).toISOString().slice(0, 19);
  return `${base}.${frac.padEnd(6, '0')}Z`;
}

function normaliseRow(row: Record<string, unknown>): Row {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'string' && v.length >= 22 && v.length <= 35 && DUCK_TS.test(v))
      row[k] = duckTimestampToIso(v);
  }
  return row;
}

export interface WarehouseOptions {
  /** DuckDB threads; default: all cores. */
  readonly threads?: number;
  readonly memoryLimit?: string;
}

/**
 * A warehouse file DuckDB cannot open is never replaced on the operator's behalf: it may hold
 * rows the source has since purged. The error says how to rebuild it from the source.
 */
function unopenable(path: string, err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  // Whatever else stops DuckDB reading a file that is there (junk, a cut-off copy, a bad
  // checksum) is damage; a lock held by another process or a refused permission is not.
  const about = reason.split(path).join('');
  if (path === ':memory:' || !existsSync(path) || /lock|permission denied/i.test(about)) return err as Error;
  return new DataError(
    `the warehouse cannot be opened, it is damaged or not a DuckDB database (${reason}). ` +
      'It is a copy of the booking database: move it aside, then run again with --full to rebuild it from the source',
    { file: path },
    { cause: err },
  );
}

export class Warehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** File path, or ':memory:'. */
    readonly path: string,
  ) {}

  /** Opens (creating when missing) the warehouse file and makes sure the canonical tables exist. */
  static async open(path: string, options: WarehouseOptions = {}): Promise<Warehouse> {
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.threads) config['threads'] = String(options.threads);
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    duck ??= await import('@duckdb/node-api');
    const instance = await duck.DuckDBInstance.create(path, config).catch((err: unknown) => {
      throw unopenable(path, err);
    });
    const connection = await instance.connect();
    const wh = new Warehouse(instance, connection, path);
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run('SET preserve_insertion_order = false');
    // Hand freed memory back to the system after each task past 32 MB rather than 128 MB: the
    // rules' working memory is gone before the sets build up in this process.
    await connection.run("SET allocator_flush_threshold = '32MB'");
    await connection.run("SET allocator_bulk_deallocation_flush_threshold = '64MB'");
    await connection.run(
      "CREATE OR REPLACE TEMP MACRO iso(ts) AS strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ')",
    );
    await wh.exec(SCHEMA_SQL);
    return wh;
  }

  /**
   * Runs every statement of `sql` in order, each bound with its own parameters, and returns the
   * last one's result. Statements are split by DuckDB's parser, not by text.
   */
  private async run(sql: string, params?: SqlParams): Promise<DuckDBMaterializedResult> {
    if (params === undefined) return this.connection.run(sql);
    if (Array.isArray(params)) return this.connection.run(sql, params.map(toDuckValue));
    const named = params as Readonly<Record<string, unknown>>;
    const statements = await this.connection.extractStatements(sql);
    let result: DuckDBMaterializedResult | undefined;
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      try {
        prepared.bind(ownValues(prepared, named));
        result = await prepared.run();
      } finally {
        prepared.destroySync();
      }
    }
    return result!;
  }

  private async read(sql: string, params?: SqlParams): Promise<DuckDBResultReader> {
    const reader = new (duckdb().DuckDBResultReader)(await this.run(sql, params));
    await reader.readAll();
    return reader;
  }

  /** Runs one statement or a whole script (see SqlParams for how parameters bind). */
  async exec(sql: string, params?: SqlParams): Promise<void> {
    await this.run(sql, params);
  }

  /** Runs a query and returns its rows as plain objects with exact values. */
  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.read(sql, params);
    return reader.getRowObjectsJson().map((r) => normaliseRow(r as Record<string, unknown>) as T);
  }

  /**
   * For large results: DuckDB renders the whole result as one JSON array of rows, each row an
   * array of text (no key repeated per row: a third of the bytes of an array of objects), parsed
   * once here and turned into objects; several times faster than converting value by value.
   * Numbers and booleans come back as such, other non-text columns as their JSON. JSON has no
   * exact decimal, 64-bit integer or instant, so the query must cast such columns to text itself
   * (the `iso()` macro renders a timestamptz as ISO-8601 UTC with microseconds). The rows come
   * in the order of the `orderBy` columns (an ORDER BY inside `sql` is not kept).
   */
  async allJson<T>(sql: string, params?: SqlParams, orderBy: readonly string[] = []): Promise<T[]> {
    const shape = await this.read(`SELECT * FROM (${sql}\n) q LIMIT 0`, params);
    const names = shape.columnNames();
    const kinds = shape.columnTypes().map((t) => jsonKind(String(t)));
    const cells = names.map((n, i) =>
      kinds[i] === 'json' ? `to_json(q.${quoteIdent(n)})::VARCHAR` : `q.${quoteIdent(n)}::VARCHAR`,
    );
    const order =
      orderBy.length > 0 ? ` ORDER BY ${orderBy.map((c) => `q.${quoteIdent(c)}`).join(', ')}` : '';
    const wrapped = `SELECT coalesce(to_json(list([${cells.join(', ')}]${order})), '[]')::VARCHAR AS rows FROM (${sql}\n) q`;
    const reader = await this.read(wrapped, params);
    const tuples = JSON.parse(String(reader.getRows()[0]![0])) as (string | null)[][];
    return tuples.map((tuple) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const v = tuple[i]!;
        const kind = kinds[i];
        row[names[i]!] =
          v === null || kind === 'text'
            ? v
            : kind === 'number'
              ? Number(v)
              : kind === 'boolean'
                ? v === 'true'
                : JSON.parse(v);
      }
      return row as T;
    });
  }

  async one<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Runs fn with some DuckDB settings changed, then puts back what they were. Names are
   * constants of the caller; values go through DuckDB's own string quoting.
   */
  async withSettings<T>(settings: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
    const before: [string, string][] = [];
    try {
      for (const [name, value] of Object.entries(settings)) {
        if (!/^[a-z_]+$/.test(name)) throw new Error(`not a DuckDB setting name: ${name}`);
        const row = await this.one<{ v: string }>('SELECT current_setting($name)::VARCHAR AS v', { name });
        before.push([name, row?.v ?? '']);
        await this.exec(`SET ${name} = ${settingLiteral(value)}`);
      }
      return await fn();
    } finally {
      for (const [name, value] of before.reverse()) await this.exec(`SET ${name} = ${settingLiteral(value)}`);
    }
  }

  /** The memory cap now in force, in bytes. */
  async memoryLimitBytes(): Promise<number> {
    const row = await this.one<{ v: string }>("SELECT current_setting('memory_limit') AS v");
    return sizeBytes(row?.v ?? '');
  }

  /** Runs fn inside one transaction: everything it wrote commits together or not at all. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.connection.run('COMMIT');
      return result;
    } catch (err) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A setting's value as a SQL string literal. */
const settingLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

const UNIT: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/** "732.4 MiB", "768MB" -> bytes (NaN when unreadable). */
export function sizeBytes(text: string): number {
  const m = /^\s*([\d.]+)\s*([KMGT]?I?B)\s*$/i.exec(text);
  return m ? Number(m[1]) * (UNIT[m[2]!.toUpperCase()] ?? Number.NaN) : Number.NaN;
}

/** How allJson carries a column of this DuckDB type through text. */
function jsonKind(type: string): 'text' | 'number' | 'boolean' | 'json' {
  if (type === 'VARCHAR') return 'text';
  if (type === 'BOOLEAN') return 'boolean';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL)$/.test(type)) return 'number';
  return 'json';
}

/** Opens a warehouse, runs fn, and closes it whatever happens. */
export async function usingWarehouse<T>(
  path: string,
  fn: (wh: Warehouse) => Promise<T>,
  options?: WarehouseOptions,
): Promise<T> {
  const wh = await Warehouse.open(path, options);
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}
