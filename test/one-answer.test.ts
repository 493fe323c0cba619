/**
 * Which reservations are active, what a payment holds and which request creates a booking are
 * answered once, in src/model: the TypeScript asks the predicates, the SQL binds the lists
 * (MODEL_SQL_PARAMS). These tests fail when a copy of an answer reappears in a SQL file or as a
 * literal list in the code, and check that the SQL bound with the lists answers as the
 * predicates do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVE_RESERVATION_STATUSES,
  BOOKING_ENDPOINT_PATH,
  CREATE_BOOKING_REQUEST,
  isActiveReservation,
  isCapturedPayment,
  isKnownReservationStatus,
  isVoidablePayment,
  MODEL_SQL_PARAMS,
  PAYMENT_STATUSES,
  PLAN_STATUSES,
  paymentHold,
  RESERVATION_STATUSES,
  showsRefund,
  WHOLE_CHARGE_PAYMENT_STATUSES,
} from '../src/model/index.ts';
import { inactiveReservations } from '../src/pipeline/inactive-reservations.ts';
import { Warehouse } from '../src/warehouse/index.ts';

const SRC = new URL('../src/', import.meta.url).pathname;

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Files that answer for themselves: the model (the answers' home) and the simulator, which writes
 * a booking source as a booking API would and names the statuses it writes.
 */
const OWN_ANSWERS = ['model/', 'simulate/'];
const answered = (file: string): boolean => OWN_ANSWERS.some((d) => relative(SRC, file).startsWith(d));

/** Text without SQL comments (a comment may name a status or the endpoint). */
const sqlCode = (text: string): string => text.replace(/--.*$/gm, '');

const STATUS_NAMES = [...new Set<string>([...RESERVATION_STATUSES, ...PAYMENT_STATUSES])];

describe('one answer per question, in SQL', () => {
  const sqlFiles = filesUnder(SRC, '.sql').filter((f) => !answered(f));

  it('finds the SQL files it checks', () => {
    expect(sqlFiles.map((f) => relative(SRC, f))).toEqual(
      expect.arrayContaining([
        'rules/sql/prepare-groups.sql',
        'rules/sql/prepare.sql',
        'extract/older-requests.sql',
        'extract/postgres/queries/api-logs.full.sql',
      ]),
    );
  });

  it('holds no reservation or payment status as a literal: the lists are bound', () => {
    const found = sqlFiles.flatMap((f) => {
      const code = sqlCode(readFileSync(f, 'utf8'));
      return STATUS_NAMES.filter((s) => code.includes(`'${s}'`)).map((s) => `${relative(SRC, f)}: '${s}'`);
    });
    expect(found).toEqual([]);
  });

  it('names the booking endpoint nowhere: its path and method are bound or rendered from the model', () => {
    const found = sqlFiles.flatMap((f) => {
      const code = sqlCode(readFileSync(f, 'utf8'));
      return code.includes(BOOKING_ENDPOINT_PATH) || /'POST'/i.test(code) ? [relative(SRC, f)] : [];
    });
    expect(found).toEqual([]);
  });

  it('binds under every name the SQL files use for the model’s answers', () => {
    const used = new Set(
      sqlFiles.flatMap((f) =>
        [...sqlCode(readFileSync(f, 'utf8')).matchAll(/\$([a-z_]+_status(?:es)?|create_[a-z]+)\b/g)].map(
          (m) => m[1]!,
        ),
      ),
    );
    expect([...used].sort()).toEqual(Object.keys(MODEL_SQL_PARAMS).sort());
  });
});

describe('one answer per question, in TypeScript', () => {
  // PENDING and FAILED are also plan and item outcomes: a list or comparison is a copy of the
  // model's answer when it names a status no plan or item shares (a list in brackets for the code,
  // in parentheses for SQL written in TypeScript).
  const shared = new Set<string>(['PENDING', 'FAILED', ...PLAN_STATUSES]);
  const own = STATUS_NAMES.filter((s) => !shared.has(s)).join('|');
  const any = STATUS_NAMES.join('|');
  const list = new RegExp(`[[(]\\s*'(${any})'\\s*,\\s*'(${any})'`, 'g');
  const compared = new RegExp(`status\\s*[!=]==?\\s*'(${own})'|'(${own})'\\s*[!=]==?\\s*[\\w.?]*status`);
  const endpoint = new RegExp(`'(POST )?${BOOKING_ENDPOINT_PATH}/?'`);
  const copies = (line: string): boolean =>
    [...line.matchAll(list)].some((m) => !shared.has(m[1]!) || !shared.has(m[2]!)) ||
    compared.test(line) ||
    endpoint.test(line);

  it('keeps no status list, status comparison or booking endpoint outside the model', () => {
    const found = filesUnder(SRC, '.ts')
      .filter((f) => !answered(f) && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (copies(line) ? [`${relative(SRC, f)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });
});

describe('the predicates', () => {
  it('call a reservation active while PENDING or CONFIRMED, and nothing unknown or missing', () => {
    expect(RESERVATION_STATUSES.filter(isActiveReservation)).toEqual([...ACTIVE_RESERVATION_STATUSES]);
    expect(isActiveReservation(null)).toBe(false);
    expect(isActiveReservation('pending')).toBe(false);
    expect(RESERVATION_STATUSES.every(isKnownReservationStatus)).toBe(true);
    expect(isKnownReservationStatus('ON_HOLD')).toBe(false);
  });

  it('say what each payment status holds, and what can be refunded, voided or shows a refund', () => {
    expect(Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, paymentHold(s)]))).toEqual({
      PENDING: 'PENDING',
      AUTHORIZED: 'AUTHORIZED',
      CAPTURED: 'HELD',
      FAILED: 'NONE',
      REFUNDED: 'NONE',
      PARTIALLY_REFUNDED: 'HELD',
      VOIDED: 'NONE',
    });
    expect(paymentHold('SETTLED')).toBeNull();
    expect(paymentHold('toString')).toBeNull();
    expect(PAYMENT_STATUSES.filter(isCapturedPayment)).toEqual(['CAPTURED', 'PARTIALLY_REFUNDED']);
    expect(PAYMENT_STATUSES.filter(isVoidablePayment)).toEqual(['AUTHORIZED']);
    expect(PAYMENT_STATUSES.filter(showsRefund)).toEqual(['REFUNDED', 'PARTIALLY_REFUNDED']);
    expect(WHOLE_CHARGE_PAYMENT_STATUSES).toEqual(['AUTHORIZED', 'CAPTURED']);
  });

  it('name the create-booking request as the reports print it', () => {
    expect(CREATE_BOOKING_REQUEST.label).toBe(`${CREATE_BOOKING_REQUEST.method} ${BOOKING_ENDPOINT_PATH}`);
    expect(CREATE_BOOKING_REQUEST.paths).toContain(BOOKING_ENDPOINT_PATH);
  });
});

describe('the SQL bound with the lists answers as the predicates do', () => {
  let wh: Warehouse;
  const statuses = [...RESERVATION_STATUSES, 'ON_HOLD'];
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    for (const [i, status] of statuses.entries())
      await wh.exec('INSERT INTO reservation (id, status) VALUES ($id, $status)', { id: `r${i}`, status });
  });
  afterAll(() => wh.close());

  it('retires plans on exactly the reservations the model calls inactive', async () => {
    const inactive = await inactiveReservations(
      wh,
      statuses.map((_, i) => `r${i}`),
    );
    expect([...inactive.values()].sort()).toEqual(statuses.filter((s) => !isActiveReservation(s)).sort());
  });

  it('finds active, known and whole-charge statuses as the predicates do', async () => {
    const row = await wh.one<{ active: string[]; known: string[]; whole: string[] }>(
      `SELECT
         list_filter($all, s -> s IN $active_statuses) AS active,
         list_filter($all, s -> s IN $reservation_statuses) AS known,
         list_filter($all, s -> s IN $whole_charge_statuses) AS whole`,
      { ...MODEL_SQL_PARAMS, all: [...statuses, ...PAYMENT_STATUSES] },
    );
    const all = [...statuses, ...PAYMENT_STATUSES];
    expect(row?.active).toEqual(all.filter(isActiveReservation));
    expect(row?.known).toEqual(all.filter(isKnownReservationStatus));
    expect(row?.whole).toEqual(
      all.filter((s) => (WHOLE_CHARGE_PAYMENT_STATUSES as readonly string[]).includes(s)),
    );
  });
});
