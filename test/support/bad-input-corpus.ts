/**
 * The bad-input corpus: source rows and configurations that cannot be right, each with the
 * outcome a person should see. src/rules/bad-input.test.ts writes every case into a simulated
 * source and asserts its outcome; docs/bad-input.md is the same list as a table for people
 * (`npm run docs:bad-input` rewrites it from here). Money stays in decimal strings.
 */

/** The night every case is written into (the test's run window) and the time its rows carry. */
export const WINDOW = { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' } as const;
export const AT = '2026-11-01T12:00:00Z';

export type Row = Readonly<Record<string, string | null>>;

/** A valid reservation of the night, to lay a case's values over. */
export const reservation = (id: string): Record<string, string | null> => ({
  id,
  confirmationNumber: `CN-${id}`,
  guestEmail: `${id}@bad.example.com`,
  guestName: 'Bad Row',
  propertyId: 'prop_bad',
  roomTypeId: 'prop_bad_STD',
  checkIn: '2026-12-01',
  checkOut: '2026-12-03',
  rateAmount: '100.00',
  currency: 'EUR',
  status: 'CONFIRMED',
  createdAt: AT,
  updatedAt: AT,
});

/** A valid captured payment of EUR 200.00, to lay a case's values over. */
export const payment = (id: string, reservationId: string): Record<string, string | null> => ({
  id,
  reservationId,
  status: 'CAPTURED',
  amount: '200.00',
  refundedAmount: '0.00',
  currency: 'EUR',
  createdAt: AT,
  updatedAt: AT,
});

export type Input =
  /** One reservation (values over `reservation(id)`); `copies` are more rows with the same id. */
  | { readonly kind: 'reservation'; readonly row: Row; readonly copies?: readonly Row[] }
  /**
   * A booking made twice, `${id}a` kept with a good payment `${id}-k` and `${id}b` the copy with
   * payment `${id}-c` (values over `payment(…)`); `reservations` over both bookings; `copies`
   * are more rows with the copy's payment id.
   */
  | {
      readonly kind: 'payment';
      readonly reservations?: Row;
      readonly payment: Row;
      readonly copies?: readonly Row[];
    }
  /** A payment whose reservation is not in the source. */
  | { readonly kind: 'orphan-payment'; readonly payment: Row }
  /** A creating request of the gateway log (the booking pair of case pay01). */
  | {
      readonly kind: 'log';
      readonly timestamp: string;
      readonly requestId: string | null;
      readonly guestEmail: string | null;
      readonly status: number;
      readonly response: string;
      readonly duration: number;
    }
  /** Reservations that must be seen as one guest's. */
  | { readonly kind: 'same-guest'; readonly rows: readonly Row[] }
  /**
   * A configuration file (`null`: a folder stands where the file should be), after `setup` ran
   * on the source (fixed SQL of the corpus, no values).
   */
  | { readonly kind: 'config'; readonly file: string | null; readonly setup?: string };

export type Outcome =
  /** Left out of the rules with this reason, shown in the reports' quarantine. */
  | { readonly kind: 'quarantined'; readonly table: 'Reservation' | 'Payment'; readonly reason: string }
  /** Judged like any other row: a booking made once is in no duplicate set. */
  | { readonly kind: 'alone' }
  /**
   * Judged with its copy: the set's plan refunds the copy's payment once, with this amount, in
   * `currency` (the payment's; EUR unless said).
   */
  | { readonly kind: 'refunded'; readonly amount: string; readonly currency?: string }
  /** The set's plan moves no money for the copy's payment and is flagged for a person. */
  | { readonly kind: 'flagged'; readonly detail: string; readonly quarantined?: string }
  /** In no set, no plan, no total. */
  | { readonly kind: 'ignored' }
  /** The run reads it and goes on; `counted` among the night's creating requests or not. */
  | { readonly kind: 'read'; readonly counted: boolean }
  /** The bookings land in one duplicate set. */
  | { readonly kind: 'grouped' }
  /** `run` stops with exit status 2 before touching anything; stderr matches `message`. */
  | { readonly kind: 'exit2'; readonly names: string; readonly message: RegExp };

export interface BadInputCase {
  readonly id: string;
  /** What is wrong, in one line. */
  readonly what: string;
  readonly input: Input;
  readonly expected: Outcome;
}

/** The outcome as a short sentence for people (the table in docs/bad-input.md). */
export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'quarantined':
      return `quarantined${o.table === 'Reservation' ? '' : ` (${o.table})`}: "${o.reason}"`;
    case 'alone':
      return 'judged alone, in no set';
    case 'refunded':
      return `judged with its copy; the copy's payment refunded once (${o.currency ? `${o.currency} ` : ''}${o.amount})`;
    case 'flagged':
      return `plans no money; flagged UNHANDLED_PAYMENT (${o.detail})${o.quarantined ? `; quarantined (Payment): "${o.quarantined}"` : ''}`;
    case 'ignored':
      return 'ignored: in no set, plan or total';
    case 'read':
      return o.counted
        ? "read; counted among the night's creating requests"
        : 'read; outside the night, so not counted among its creating requests';
    case 'grouped':
      return 'one guest: the bookings form one duplicate set';
    case 'exit2':
      return `exit 2 naming ${o.names}`;
    default:
      throw new Error(`unknown outcome ${JSON.stringify(o satisfies never)}`);
  }
}

const q = (reason: string): Outcome => ({ kind: 'quarantined', table: 'Reservation', reason });
const res = (id: string, what: string, row: Row, expected: Outcome): BadInputCase => ({
  id,
  what,
  input: { kind: 'reservation', row },
  expected,
});
const pay = (
  id: string,
  what: string,
  input: Omit<Extract<Input, { kind: 'payment' }>, 'kind'>,
  expected: Outcome,
): BadInputCase => ({ id, what, input: { kind: 'payment', ...input }, expected });
const flag = (paymentId: string, detail: string, quarantined?: string): Outcome => ({
  kind: 'flagged',
  detail: `payment ${paymentId}: ${detail}`,
  ...(quarantined ? { quarantined } : {}),
});
const log = (
  id: string,
  what: string,
  values: Partial<Omit<Extract<Input, { kind: 'log' }>, 'kind'>>,
  counted = true,
): BadInputCase => ({
  id,
  what,
  input: {
    kind: 'log',
    timestamp: AT,
    requestId: `req-${id}`,
    guestEmail: 'pay01@bad.example.com',
    status: 201,
    response: '{"id": "pay01a"}',
    duration: 120,
    ...values,
  },
  expected: { kind: 'read', counted },
});
const config = (
  id: string,
  what: string,
  file: string | null,
  names: string,
  message: RegExp,
  setup?: string,
): BadInputCase => ({
  id,
  what,
  input: { kind: 'config', file, ...(setup ? { setup } : {}) },
  expected: { kind: 'exit2', names, message },
});

/** Copies of the reservations table, one with a column gone (cfg05), one with a column renamed (cfg06). */
const WITHOUT_GUEST_NAME = `DROP TABLE IF EXISTS reservation_copy;
CREATE TABLE reservation_copy AS SELECT * FROM "Reservation";
ALTER TABLE reservation_copy DROP COLUMN "guestName"`;
const EMAIL_RENAMED = `DROP TABLE IF EXISTS reservation_renamed;
CREATE TABLE reservation_renamed AS SELECT * FROM "Reservation";
ALTER TABLE reservation_renamed RENAME COLUMN "guestEmail" TO email`;

export const BAD_INPUT: readonly BadInputCase[] = [
  res('bad01', 'NULL guest email', { guestEmail: null }, q('no guest email')),
  res('bad02', 'empty guest email', { guestEmail: '' }, q('no guest email')),
  res('bad03', 'guest email of spaces', { guestEmail: '   ' }, q('no guest email')),
  res(
    'bad04',
    'check-out before check-in',
    { checkIn: '2026-12-05', checkOut: '2026-12-03' },
    q('check-out not after check-in'),
  ),
  res(
    'bad05',
    'zero-night stay',
    { checkIn: '2026-12-05', checkOut: '2026-12-05' },
    q('check-out not after check-in'),
  ),
  res('bad06', 'NULL check-in', { checkIn: null }, q('no check-in or check-out date')),
  res('bad07', 'NULL check-out', { checkOut: null }, q('no check-in or check-out date')),
  res('bad08', 'NULL room type', { roomTypeId: null }, q('no room type')),
  res('bad09', 'room type of spaces', { roomTypeId: '  ' }, q('no room type')),
  res('bad10', 'unknown status', { status: 'WEIRD' }, q('unknown status "WEIRD"')),
  res('bad11', 'NULL status', { status: null }, q('unknown status NULL')),
  res('bad12', 'lower-case status', { status: 'confirmed' }, q('unknown status "confirmed"')),
  res('bad13', 'a megabyte-long guest name', { guestName: 'A'.repeat(1_000_000) }, { kind: 'alone' }),
  res(
    'bad14',
    'control characters and a lone surrogate in the name',
    { guestName: 'Bad\u0001\u0007Row\u001b[31m \ud800 end' },
    { kind: 'alone' },
  ),
  res('bad15', 'created far in the future', { createdAt: '2099-01-01T00:00:00Z' }, { kind: 'alone' }),
  res('bad16', 'a negative rate', { rateAmount: '-50.00' }, { kind: 'alone' }),
  res('bad17', 'an absurd rate', { rateAmount: '9999999999.99' }, { kind: 'alone' }),
  res(
    'bad18',
    'SQL in the guest name',
    { guestName: "Robert'); DROP TABLE reservation;--" },
    { kind: 'alone' },
  ),
  res('bad19', 'NULL creation time', { createdAt: null }, q('no creation time')),
  res('bad20', 'NULL rate', { rateAmount: null }, { kind: 'alone' }),
  res(
    'bad21',
    'a check-in in year 9999',
    { checkIn: '9999-12-01', checkOut: '9999-12-03' },
    { kind: 'alone' },
  ),
  res('bad22', 'a currency that is no ISO code ("EURO")', { currency: 'EURO' }, { kind: 'alone' }),
  {
    id: 'bad23',
    what: 'the same reservation row twice (a table without its primary key)',
    input: { kind: 'reservation', row: {}, copies: [{}] },
    expected: { kind: 'alone' },
  },
  {
    id: 'bad24',
    what: 'two rows with one reservation id that disagree (CONFIRMED and CANCELLED)',
    input: { kind: 'reservation', row: {}, copies: [{ status: 'CANCELLED' }] },
    expected: q('2 different rows with this id in the source'),
  },
  pay(
    'pay01',
    'refunded more than was charged',
    { payment: { refundedAmount: '300.00' } },
    flag('pay01-c', 'refundedAmount 300.00 exceeds amount 200.00'),
  ),
  pay(
    'pay02',
    "charged in another currency than the booking (the card's, by currency conversion)",
    { payment: { currency: 'USD' } },
    { kind: 'refunded', amount: '200.00', currency: 'USD' },
  ),
  pay(
    'pay03',
    'a negative charge',
    { payment: { amount: '-50.00' } },
    flag('pay03-c', 'amount -50.00 is negative'),
  ),
  pay(
    'pay04',
    'an unknown payment status',
    { payment: { status: 'SETTLING' } },
    flag('pay04-c', 'unknown status "SETTLING"'),
  ),
  pay(
    'pay05',
    'NULL amount',
    { payment: { amount: null } },
    flag('pay05-c', 'no amount (NULL in the source)'),
  ),
  pay(
    'pay06',
    'NULL currency',
    { payment: { currency: null } },
    flag('pay06-c', 'no currency (NULL in the source)'),
  ),
  pay(
    'pay07',
    'NULL refundedAmount',
    { payment: { refundedAmount: null } },
    flag('pay07-c', 'no refundedAmount (NULL in the source)'),
  ),
  pay(
    'pay08',
    'a payment created far in the future',
    { payment: { createdAt: '2099-01-01T00:00:00Z', updatedAt: '2099-01-01T00:00:00Z' } },
    { kind: 'refunded', amount: '200.00' },
  ),
  pay(
    'pay09',
    'the same payment row twice (a table without its primary key)',
    { payment: {}, copies: [{}] },
    { kind: 'refunded', amount: '200.00' },
  ),
  pay(
    'pay10',
    'two rows with one payment id that disagree (CAPTURED and REFUNDED)',
    { payment: {}, copies: [{ status: 'REFUNDED', refundedAmount: '200.00' }] },
    flag(
      'pay10-c',
      'the source holds 2 different rows with this id; which one is true is for a person',
      '2 different rows with this id in the source',
    ),
  ),
  pay(
    'pay11',
    'bookings with NULL currency',
    { reservations: { currency: null }, payment: {} },
    flag('pay11-c', 'its reservation pay11b has no currency'),
  ),
  pay(
    'pay12',
    'bookings and payments in a currency that is no ISO code ("EURO")',
    { reservations: { currency: 'EURO' }, payment: { currency: 'EURO' } },
    flag('pay12-c', 'currency "EURO" is not an ISO 4217 code'),
  ),
  pay(
    'pay13',
    'bookings in a lower-case, cut-short currency ("eu")',
    { reservations: { currency: 'eu' }, payment: {} },
    flag('pay13-c', 'its reservation pay13b has currency "eu", not an ISO 4217 code'),
  ),
  pay(
    'pay14',
    'bookings with NULL rate',
    { reservations: { rateAmount: null }, payment: {} },
    { kind: 'refunded', amount: '200.00' },
  ),
  pay(
    'pay15',
    'bookings with a check-in in year 9999',
    { reservations: { checkIn: '9999-12-01', checkOut: '9999-12-03' }, payment: {} },
    { kind: 'refunded', amount: '200.00' },
  ),
  {
    id: 'pay16',
    what: 'a payment whose reservation is missing',
    input: { kind: 'orphan-payment', payment: payment('pay16', 'no-such-booking') },
    expected: { kind: 'ignored' },
  },
  log('log01', 'a malformed JSON response', {
    timestamp: '2026-11-01T12:00:00Z',
    response: '{"id": "pay01b',
  }),
  log('log02', 'a negative duration', { timestamp: '2026-11-01T12:00:01Z', duration: -5 }),
  log('log03', 'a megabyte-long response', {
    timestamp: '2026-11-01T12:00:02Z',
    status: 500,
    response: JSON.stringify({ e: 'x'.repeat(1_000_000) }),
    duration: 30,
  }),
  log('log04', 'NULL requestId', { timestamp: '2026-11-01T12:00:03Z', requestId: null }),
  log('log05', 'NULL guestEmail', { timestamp: '2026-11-01T12:00:04Z', guestEmail: null }),
  log(
    'log06',
    'timestamped far in the future',
    { timestamp: '2099-11-01T12:00:00Z', response: '{"id": "pay02b"}' },
    false,
  ),
  {
    id: 'case01',
    what: 'guest emails differing only in case and spaces',
    input: {
      kind: 'same-guest',
      rows: [
        { ...reservation('case01'), guestEmail: ' Mixed.Case@Bad.Example.com ' },
        {
          ...reservation('case02'),
          guestEmail: 'mixed.case@bad.example.com',
          createdAt: '2026-11-01T12:00:07Z',
        },
      ],
    },
    expected: { kind: 'grouped' },
  },
  config(
    'cfg01',
    'a half-written configuration file',
    '{"source": {"tables": {"Reservation": {"na',
    'the file (not valid JSON)',
    /resrecon\.config\.json is not valid JSON/,
  ),
  config(
    'cfg02',
    'a configuration file that cannot be read (a folder by that name)',
    null,
    'the file (cannot read)',
    /cannot read the configuration file .*resrecon\.config\.json/,
  ),
  config(
    'cfg03',
    'a table name that tries to inject SQL',
    JSON.stringify({
      source: { tables: { Reservation: { name: 'Reservation"; DROP TABLE "Payment"; --' } } },
    }),
    'source.tables.Reservation.name',
    /source table Reservation"; DROP TABLE "Payment"; -- \(search path\) not found or not readable; set source\.tables\.Reservation\.name/,
  ),
  config(
    'cfg04',
    'a column name that tries to inject SQL',
    JSON.stringify({
      source: { tables: { Reservation: { columns: { guestEmail: 'x" FROM "Payment"; --' } } } },
    }),
    'source.tables.Reservation.columns.guestEmail',
    /source\.tables\.Reservation\.columns\.guestEmail/,
  ),
  config(
    'cfg05',
    'a source table missing a column (guestName dropped)',
    JSON.stringify({ source: { tables: { Reservation: { name: 'reservation_copy' } } } }),
    'the table, the column and source.tables.Reservation.columns.guestName',
    /source table public\.reservation_copy has no column "guestName" for Reservation\.guestName; set source\.tables\.Reservation\.columns\.guestName/,
    WITHOUT_GUEST_NAME,
  ),
  config(
    'cfg06',
    'a source table with a renamed column (guestEmail is email)',
    JSON.stringify({ source: { tables: { Reservation: { name: 'reservation_renamed' } } } }),
    'the table, the column and source.tables.Reservation.columns.guestEmail',
    /source table public\.reservation_renamed has no column "guestEmail" for Reservation\.guestEmail; set source\.tables\.Reservation\.columns\.guestEmail/,
    EMAIL_RENAMED,
  ),
  config(
    'cfg07',
    'a number where a list of emails is expected',
    JSON.stringify({ mail: { to: { finance: 5 } } }),
    'mail.to.finance',
    /mail\.to\.finance: Invalid input: expected array, received number/,
  ),
  config(
    'cfg08',
    'a money threshold written as a fractional number, not a decimal string',
    JSON.stringify({ reconcile: { largeRefundAmount: 1000.5 } }),
    'reconcile.largeRefundAmount',
    /reconcile\.largeRefundAmount: 1000\.5 is a number, which may not be exact: write the amount in quotes/,
  ),
  config(
    'cfg09',
    'a rule threshold written as text',
    JSON.stringify({ rules: { max_retry_gap_ms: 'two minutes' } }),
    'rules.max_retry_gap_ms',
    /rules\.max_retry_gap_ms: Invalid input: expected number, received string/,
  ),
  config(
    'cfg10',
    'a configuration file that is a list, not an object',
    '[]',
    'the top level',
    /\(top level\): Invalid input: expected object, received array/,
  ),
];

/** Escapes a table cell: a pipe would end it, a newline would end the row. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** docs/bad-input.md, generated from BAD_INPUT (`npm run docs:bad-input`). */
export function badInputTable(cases: readonly BadInputCase[] = BAD_INPUT): string {
  const rows = cases.map((c) => `| ${c.id} | ${cell(c.what)} | ${cell(describeOutcome(c.expected))} |`);
  return [
    '# Bad input: what resrecon does with it',
    '',
    '<!-- Generated from test/support/bad-input-corpus.ts by `npm run docs:bad-input`; do not edit. -->',
    '',
    `Each of these ${cases.length} cases is written into a simulated booking database and run through`,
    '`resrecon run` by `src/rules/bad-input.test.ts`. None crashes the run, and the good rows come out',
    'the same as in a run without the bad ones: the same sets, verdicts, causes, plans and money.',
    'A quarantined row is left out of the rules and counted by reason in every report; a flagged',
    'plan moves no money for the payment named and waits for a person.',
    '',
    '| id | case | expected outcome |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
