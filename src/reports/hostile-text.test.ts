/**
 * Text an attacker can put in the booking database (a guest name typed on a channel, a client id
 * an app sends, an id, a status, a currency) is shown by the reports and the console as text,
 * never as markup. A real night from `simulate` gets duplicate sets whose every free-text field is
 * hostile; a real run renders them; real Chromium, with JavaScript on, opens the saved reports,
 * the emails in the outbox and the console pages. Nothing may run, no element may be injected and
 * each hostile string must be on the page as written (escaped, not dropped). The engineering
 * report and email must not hold any guest's email address.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium } from '../../test/support/chromium.ts';
import { runCli } from '../../test/support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { sampleHistory, sampleReport, sampleSets } from '../../test/support/sample-run.ts';
import { resolveConfig } from '../config/index.ts';
import { buildConsole } from '../console/index.ts';
import type { RunReport } from '../model/index.ts';
import { simulate } from '../simulate/index.ts';
import { openStore, type Store, type StoredPlan } from '../state/index.ts';
import { TEMPLATE_DIR } from './load-templates.ts';
import { renderReports } from './render-reports.ts';

const WINDOW = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02T00:00:00Z'];
const LONG = `${'Ω a very long guest name '.repeat(400)}<i onmouseover="window.__pwned=1">end</i>`;

/** Each becomes one duplicate set whose guest name, ids, property, room and client hold it. */
const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '</script><script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  "{{constructor.constructor('window.__pwned=1')()}}",
  'javascript:window.__pwned=1//',
  '<a href="javascript:window.__pwned=1">pay here</a>',
  '\u202Egnp.exe\u202C <b>right-to-left</b>',
  LONG,
] as const;

/** Free text outside the sets: a payment status, a reservation status, a currency, an endpoint. */
const PAYMENT_STATUS = '<svg/onload=window.__pwned=1>';
const RESERVATION_STATUS = '<script>window.__pwned=1</script>';
const CURRENCY = '<i>';
const ENDPOINT = '/api/v1/<img src=x onerror="window.__pwned=1">';
/** Said by the approver and the rejecter in the console. */
const REASON = {
  approve: '<img src=x onerror="window.__pwned=1"> checked "the payments" </script>',
  reject: "\"><svg onload=window.__pwned=1> {{constructor.constructor('window.__pwned=1')()}}",
} as const;

/** Indexed columns (keys) take at most a couple of kilobytes: the long text is cut there. */
const key = (h: string): string => (h.length > 300 ? `${h.slice(0, 60)}…${h.slice(-50)}` : h);

const field = (i: number, h: string) => ({
  email: `guest${i}.hostile@example.org`,
  property: `prop${i} ${key(h)}`,
  room: `room${i} ${key(h)}`,
  client: `app${i}@${key(h)}`,
  reservation: (copy: 'a' | 'b') => `res${i}${copy} ${key(h)}`,
  confirmation: (copy: 'a' | 'b') => `CN${i}${copy} ${key(h)}`,
  payment: (copy: 'a' | 'b') => `pay${i}${copy} ${key(h)}`,
  request: (copy: 'a' | 'b') => `req${i}${copy} ${key(h)}`,
});

/** Extra sets: no guest name (the email stands in), a hostile currency, a hostile payment status. */
const NAMELESS_EMAIL = "o'brien+<u>x</u>@guests.example.org";

let db: TestDatabase;
let home = '';
let out = '';
let report: RunReport;
let guestEmails: string[] = [];

async function withClient<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

interface Booking {
  readonly i: number;
  readonly name: string | null;
  readonly email: string;
  readonly property: string;
  readonly room: string;
  readonly client: string;
  readonly currency: string;
  readonly ids: { readonly reservation: string; readonly confirmation: string; readonly payment: string };
  readonly request: string;
  readonly paymentStatus: string;
  readonly copy: 0 | 1;
  /** The Idempotency-Key both copies were sent with; none by default. */
  readonly key: string | null;
  /** How long after the first the copy was created. */
  readonly gapMs: number;
}

/** One reservation, its payment and the gateway's log of the keyless POST that created it. */
async function book(c: pg.Client, b: Booking): Promise<void> {
  const created = new Date(Date.UTC(2026, 10, 1, 13, b.i * 3) + b.copy * b.gapMs);
  const at = created.toISOString();
  await c.query(
    `INSERT INTO "Reservation" (id, "confirmationNumber", "guestEmail", "guestName", "propertyId", "roomTypeId",
       "checkIn", "checkOut", "rateAmount", currency, status, "idempotencyKey", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, '2026-12-10', '2026-12-12', '120.00', $7, 'CONFIRMED', $8, $9, $9)`,
    [b.ids.reservation, b.ids.confirmation, b.email, b.name, b.property, b.room, b.currency, b.key, at],
  );
  await c.query(
    `INSERT INTO "Payment" (id, "reservationId", status, amount, "refundedAmount", currency, "createdAt", "updatedAt")
     VALUES ($1, $2, $3, '120.00', 0, $4, $5, $5)`,
    [b.ids.payment, b.ids.reservation, b.paymentStatus, b.currency, at],
  );
  await c.query(
    `INSERT INTO api_logs ("timestamp", "requestId", "guestEmail", "clientId", "idempotencyKey", endpoint, method, status, response, duration)
     VALUES ($1, $2, $3, $4, $5, '/api/v1/reservations', 'POST', 201, $6, 240)`,
    [
      new Date(created.getTime() - 300).toISOString(),
      b.request,
      b.email,
      b.client,
      b.key,
      JSON.stringify({ id: b.ids.reservation }),
    ],
  );
}

/** A guest booked twice, two seconds apart, without an Idempotency-Key: a NO_KEY set. */
async function bookTwice(
  c: pg.Client,
  i: number,
  h: string,
  over: Partial<Pick<Booking, 'name' | 'email' | 'currency' | 'client' | 'key' | 'gapMs'>> & {
    secondPaymentStatus?: string;
  } = {},
): Promise<void> {
  const f = field(i, h);
  for (const copy of ['a', 'b'] as const) {
    await book(c, {
      i,
      name: over.name === undefined ? h : over.name,
      email: over.email ?? f.email,
      property: f.property,
      room: f.room,
      client: over.client ?? f.client,
      currency: over.currency ?? 'EUR',
      ids: { reservation: f.reservation(copy), confirmation: f.confirmation(copy), payment: f.payment(copy) },
      request: f.request(copy),
      paymentStatus: copy === 'b' ? (over.secondPaymentStatus ?? 'CAPTURED') : 'CAPTURED',
      copy: copy === 'a' ? 0 : 1,
      key: over.key ?? null,
      gapMs: over.gapMs ?? 2000,
    });
  }
}

const NAMELESS = HOSTILE.length;
const MONEY = HOSTILE.length + 1;
const FLAGGED = HOSTILE.length + 2;
/** A client that names itself by the booker's address and sends it in its keys too. */
const TELLTALE = HOSTILE.length + 3;
const TELLTALE_EMAIL = 'booker.telltale@example.net';

beforeAll(async () => {
  db = await createTestDatabase('hostile_text');
  home = mkdtempSync(join(tmpdir(), 'resrecon-hostile-'));
  out = join(home, 'out');
  await simulate({
    targetUrl: db.url,
    seed: 11,
    reservations: 300,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-02T00:00:00Z',
  });
  await withClient(async (c) => {
    for (const [i, h] of HOSTILE.entries()) await bookTwice(c, i, h);
    await bookTwice(c, NAMELESS, 'nameless', { name: null, email: NAMELESS_EMAIL });
    await bookTwice(c, MONEY, 'money', { currency: CURRENCY });
    await bookTwice(c, FLAGGED, 'flagged', { secondPaymentStatus: PAYMENT_STATUS });
    // Two requests with one key, overlapping: a RACE set, among the engineering report's examples.
    await bookTwice(c, TELLTALE, 'telltale', {
      email: TELLTALE_EMAIL,
      client: `concierge/${TELLTALE_EMAIL}`,
      key: `checkout:${TELLTALE_EMAIL}:1`,
      gapMs: 5,
    });
    await c.query(
      `INSERT INTO "Reservation" (id, "confirmationNumber", "guestEmail", "guestName", "propertyId", "roomTypeId",
         "checkIn", "checkOut", "rateAmount", currency, status, "createdAt", "updatedAt")
       VALUES ('res-quarantined', 'CN-Q', 'quarantined@example.org', 'Q', 'prop_q', 'room_q',
         '2026-12-10', '2026-12-12', '90.00', 'EUR', $1, '2026-11-01T15:00:00Z', '2026-11-01T15:00:00Z')`,
      [RESERVATION_STATUS],
    );
    await c.query(
      `INSERT INTO api_logs ("timestamp", "requestId", "clientId", endpoint, method, status, duration)
       VALUES ('2026-11-01T15:01:00Z', $1, $2, $3, 'GET', 200, 12)`,
      [`req ${HOSTILE[0]}`, `probe@${HOSTILE[1]}`, ENDPOINT],
    );
    const { rows } = await c.query<{ e: string }>('SELECT DISTINCT "guestEmail" AS e FROM "Reservation"');
    guestEmails = rows.map((r) => r.e);
  });
  // The clients' nights of the window, as a run records them: a hostile client id on each, and a
  // hostile set id to link. The run reads them back for "What to fix first" (its own recording,
  // where there is one, replaces them with the same clients).
  const seeded = await openStore({
    stateUrl: null,
    home: resolveConfig({
      cwd: home,
      env: { RESRECON_HOME: join(home, 'home'), RESRECON_SOURCE_URL: db.url },
    }).localDir,
  });
  // Instants as a run writes them (toISOString): the store compares them as text.
  const night = { from: new Date(WINDOW[1]!).toISOString(), to: new Date(WINDOW[3]!).toISOString() };
  await seeded.recordClientNights(
    'hostile-seed',
    [night],
    HOSTILE.map((h, i) => ({
      ...night,
      clientId: field(i, h).client,
      bookings: 2,
      copies: 1,
      byCause: { NO_KEY: 1 },
      atStake: [{ currency: 'EUR', amount: '120.00', count: 1 }],
      exampleSetIds: [`set ${key(h)}`],
    })),
  );
  await seeded.close();
  const ran = await runCli(['run', ...WINDOW, '--full', '--out', out], {
    cwd: home,
    env: {
      RESRECON_HOME: join(home, 'home'),
      RESRECON_SOURCE_URL: db.url,
      RESRECON_CONSOLE_URL: 'https://console.example.test/',
      // No mail server and no recipients: the emails are written to the outbox, not sent.
      RESRECON_SMTP_URL: undefined,
      RESRECON_MAIL_TO_FINANCE: undefined,
      RESRECON_MAIL_TO_ENGINEERING: undefined,
      RESRECON_MAIL_TO_OPS: undefined,
      RESRECON_CONFIG: undefined,
    },
  });
  expect(ran.code, ran.stderr).toBe(0);
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
}, 180_000);

afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await db?.drop();
});

describe('the hostile night', () => {
  it('puts every hostile booking in a duplicate set with a plan, and quarantines the hostile status', () => {
    for (const i of [...HOSTILE.keys(), NAMELESS, MONEY, FLAGGED, TELLTALE]) {
      const set = report.sets.find((s) => s.reservationIds.some((id) => id.startsWith(`res${i}a `)));
      expect(set?.verdict, `set ${i}`).toBe('DUPLICATE');
      expect(set?.plan, `plan of set ${i}`).toBeDefined();
    }
    expect(report.quarantine.byReason.map((r) => r.reason)).toContain(
      `unknown status "${RESERVATION_STATUS}"`,
    );
  });

  it('shows guest emails only where finance and ops need them: the guest to write to, a booking without a name', () => {
    const ops = readFileSync(join(out, 'ops.html'), 'utf8');
    expect(ops).toContain('Email the guest at guest0.hostile@example.org');
    const nameless = report.sets.find((s) =>
      s.reservationIds.some((id) => id.startsWith(`res${NAMELESS}a `)),
    );
    expect(nameless?.guestName).toBeNull();
    // finance.html and ops.html name it by its email (escaped, checked in Chromium below).
    for (const audience of ['finance', 'ops'])
      expect(readFileSync(join(out, `${audience}.html`), 'utf8')).toContain(
        'o&#x27;brien+&lt;u&gt;x&lt;/u&gt;@',
      );
  });
});

describe('guest emails inside other values', () => {
  it('are masked in the engineering report when a client id, key or request id of an example holds one', () => {
    const sets = sampleSets().map((set) => {
      const members = set.members.map((m) => ({
        ...m,
        clientId: `concierge/${m.guestEmail}`,
        idempotencyKey: `checkout:${m.guestEmail}:1`,
        requestId: `req:${m.guestEmail}`,
      }));
      return { ...set, members, clients: [...new Set(members.map((m) => m.clientId))] };
    });
    const rendered = renderReports(sampleReport(sets), sampleHistory(), { consoleUrl: null });
    const emails = [...new Set(sets.flatMap((set) => set.members.map((m) => m.guestEmail)))];
    const { html, text, fileHtml } = rendered.engineering;
    for (const [where, body] of Object.entries({ html, text, fileHtml })) {
      expect(
        emails.filter((e) => body.includes(e)),
        `guest emails in the ${where}`,
      ).toEqual([]);
      expect(body, where).toContain('checkout:j***@example.com:1');
      expect(body, where).toContain('concierge/j***@example.com');
    }
  });
});

/** Every element name the report and console templates write; anything else was injected. */
function templateTags(): Set<string> {
  const tags = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.hbs'))
        for (const m of readFileSync(join(dir, e.name), 'utf8').matchAll(/<([a-z][a-z0-9]*)\b/gi))
          tags.add(m[1]!.toLowerCase());
    }
  };
  walk(TEMPLATE_DIR);
  return tags;
}

interface Audit {
  readonly pwned: unknown;
  readonly text: string;
  readonly tags: string[];
  readonly handlers: string[];
  readonly scriptLinks: string[];
  readonly strays: string[];
  /** Every link's target, resolved against the page. */
  readonly links: string[];
}

/** What the page ran and holds: handlers, script links, element names, svg outside the charts. */
async function audit(page: Page): Promise<Audit> {
  await page.waitForLoadState('load');
  // An image that fails to load fires onerror a moment later; give it that moment.
  await page.waitForTimeout(150);
  return (await page.evaluate(IN_PAGE)) as Audit;
}

/** Runs in the page (the project compiles without the DOM's types, so it goes as source). */
const IN_PAGE = `(() => {
  const all = [...document.querySelectorAll('*')];
  const handlers = [];
  const scriptLinks = [];
  for (const el of all)
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) handlers.push(el.localName + '[' + a.name + ']');
      if (/^\\s*(javascript|data|vbscript):/i.test(a.value)) scriptLinks.push(el.localName + '[' + a.name + ']');
    }
  return {
    pwned: window.__pwned,
    text: document.documentElement.textContent ?? '',
    tags: [...new Set(all.map((el) => el.localName))],
    handlers,
    scriptLinks,
    // The templates draw svg only as the charts; any other svg was injected.
    strays: [...document.querySelectorAll('svg')]
      .filter((s) => !s.classList.contains('chart'))
      .map((s) => s.outerHTML.slice(0, 80)),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  };
})()`;

function expectClean(a: Audit, allowed: ReadonlySet<string>, where: string): void {
  expect(a.pwned, `${where}: injected script ran`).toBeUndefined();
  expect(a.handlers, `${where}: event handler attributes`).toEqual([]);
  expect(a.scriptLinks, `${where}: javascript: links`).toEqual([]);
  expect(a.strays, `${where}: svg outside the charts`).toEqual([]);
  expect(
    a.links.filter((l) => !/^https?:\/\//.test(l)),
    `${where}: links that are not http(s)`,
  ).toEqual([]);
  expect(
    a.tags.filter((t) => !allowed.has(t)),
    `${where}: elements no template writes`,
  ).toEqual([]);
  for (const tag of ['script', 'img', 'iframe', 'object', 'embed', 'b', 'i', 'u', 'base'])
    expect(a.tags, `${where}: a ${tag} element`).not.toContain(tag);
}

describe.skipIf(!haveChromium('the hostile-text report and console tests'))(
  'hostile text in real Chromium',
  () => {
    let browser: Browser;
    const allowed = templateTags();

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    async function open(html: { file: string } | { content: string }): Promise<Audit> {
      const context = await browser.newContext({ javaScriptEnabled: true });
      const page = await context.newPage();
      if ('file' in html) await page.goto(`file://${html.file}`);
      else await page.setContent(html.content);
      try {
        return await audit(page);
      } finally {
        await context.close();
      }
    }

    const each = (i: number) => field(i, HOSTILE[i]!);
    /** What each saved report must show, as written, from the hostile rows. */
    const SHOWN: Readonly<Record<'finance' | 'engineering' | 'ops', readonly string[]>> = {
      finance: [
        ...HOSTILE,
        ...HOSTILE.flatMap((_, i) => [
          each(i).property,
          each(i).room,
          each(i).payment('b'),
          `${each(i).reservation('b')} ${each(i).confirmation('b')}`,
        ]),
        NAMELESS_EMAIL,
      ],
      engineering: [...HOSTILE.map((_, i) => each(i).client), `unknown status "${RESERVATION_STATUS}"`],
      ops: [
        ...HOSTILE,
        ...HOSTILE.flatMap((_, i) => [
          `${each(i).property} · ${each(i).room}`,
          `Keep ${each(i).reservation('a')} (${each(i).confirmation('a')})`,
          each(i).payment('b'),
        ]),
        NAMELESS_EMAIL,
        `unknown status "${PAYMENT_STATUS}"`,
        // Not a currency code: the plan moves no money and its flag names the currency.
        `currency "${CURRENCY}"`,
      ],
    };

    it.each(['finance', 'engineering', 'ops'] as const)(
      'shows the hostile text in %s.html as text: nothing runs, nothing is injected',
      async (audience) => {
        const a = await open({ file: join(out, `${audience}.html`) });
        expectClean(a, allowed, `${audience}.html`);
        // The only links are ops' console links, each to one plan, and engineering's to example sets.
        if (audience !== 'finance') expect(a.links.length).toBeGreaterThan(0);
        for (const link of a.links)
          expect(link).toMatch(
            audience === 'engineering'
              ? /^https:\/\/console\.example\.test\/sets\/[^/]+$/
              : /^https:\/\/console\.example\.test\/plans\/plan-/,
          );
        for (const s of SHOWN[audience])
          expect(a.text.includes(s), `${audience}.html shows ${JSON.stringify(s.slice(0, 80))}`).toBe(true);
      },
      60_000,
    );

    it('names hostile client ids as text in What to fix first, each example set linked to its console page', async () => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      try {
        const page = await context.newPage();
        await page.goto(`file://${join(out, 'engineering.html')}`);
        expectClean(await audit(page), allowed, 'engineering.html');
        const section = (await page.locator('.fix-first').textContent()) ?? '';
        for (const i of HOSTILE.keys())
          expect(
            section.includes(each(i).client),
            `What to fix first names ${each(i).client.slice(0, 40)}`,
          ).toBe(true);
        const links = await page
          .locator('.fix-first a[href]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('href')));
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) {
          const id = decodeURIComponent(link!.replace('https://console.example.test/sets/', ''));
          expect(
            report.fixFirst!.rows.some((r) => r.exampleSetIds.includes(id)),
            `a set of fixFirst: ${id}`,
          ).toBe(true);
        }
      } finally {
        await context.close();
      }
    }, 60_000);

    it('shows the hostile text in each email of the outbox as text too', async () => {
      const files = readdirSync(join(out, 'outbox')).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(3);
      let hostileSeen = 0;
      for (const f of files) {
        const mail = await simpleParser(readFileSync(join(out, 'outbox', f)));
        expect(typeof mail.html, `${f} has an HTML part`).toBe('string');
        const a = await open({ content: mail.html as string });
        expectClean(a, allowed, f);
        hostileSeen += HOSTILE.filter((h) => a.text.includes(h)).length;
      }
      // The emails list the top of each list only; hostile text must still have reached them.
      expect(hostileSeen).toBeGreaterThan(0);
    }, 60_000);

    it('masks every guest email in the engineering report, its HTML and text parts and attachments', async () => {
      expect(guestEmails.length).toBeGreaterThan(100);
      const mail = await simpleParser(
        readFileSync(
          join(out, 'outbox', readdirSync(join(out, 'outbox')).find((f) => f.endsWith('-engineering.eml'))!),
        ),
      );
      const page = await open({ file: join(out, 'engineering.html') });
      const places: [string, string][] = [
        ['engineering.html (as shown)', page.text],
        ['engineering.html (source)', readFileSync(join(out, 'engineering.html'), 'utf8')],
        ['the email HTML', String(mail.html)],
        ['the email text', mail.text ?? ''],
        ['the email subject', mail.subject ?? ''],
        ...mail.attachments.map((x): [string, string] => [
          x.filename ?? 'attachment',
          x.content.toString('utf8'),
        ]),
      ];
      for (const [where, text] of places) {
        const lower = text.toLowerCase();
        const leaked = guestEmails.filter((e) => lower.includes(e.trim().toLowerCase()));
        expect(leaked, `guest emails in ${where}`).toEqual([]);
      }
      // Masked, not dropped: the first letter and the domain stay.
      expect(page.text).toContain('g***@example.org');
      // The telltale client is listed, by its id with the address masked.
      expect(page.text).toContain('concierge/b***@example.net');
    }, 60_000);

    describe('the console', () => {
      const PASSWORD = 'correct horse battery staple';
      let store: Store;
      let app: FastifyInstance;
      let base = '';
      let plans: StoredPlan[] = [];

      beforeAll(async () => {
        const config = resolveConfig({
          cwd: home,
          env: { RESRECON_HOME: join(home, 'home'), RESRECON_SOURCE_URL: db.url },
        });
        store = await openStore({ stateUrl: null, home: config.localDir });
        await store.addUser('ops', PASSWORD, 'approver');
        plans = await store.listPlans({ status: 'PROPOSED' });
        app = await buildConsole({
          config,
          store,
          sessionSecret: 'a test secret of at least thirty-two characters',
        });
        base = await app.listen({ port: 0, host: '127.0.0.1' });
      }, 60_000);
      afterAll(async () => {
        await app?.close();
        await store?.close();
      });

      /** The PROPOSED plan of hostile set i. */
      async function planOf(i: number): Promise<StoredPlan> {
        for (const p of plans) {
          const set = await store.getSet(p.setId);
          if (set?.members.some((m) => m.reservationId === field(i, HOSTILE[i] ?? '').reservation('a')))
            return p;
        }
        throw new Error(`no proposed plan for hostile set ${i}`);
      }

      async function signedIn(): Promise<{ page: Page; close: () => Promise<void> }> {
        const context = await browser.newContext({ javaScriptEnabled: true });
        const page = await context.newPage();
        await page.goto(`${base}/login`);
        await page.fill('input[name=username]', 'ops');
        await page.fill('input[name=password]', PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForURL(`${base}/plans`);
        return { page, close: () => context.close() };
      }

      it('shows hostile guest names, client ids and decision reasons as text on the plan and audit pages', async () => {
        const approved = await planOf(0);
        const rejected = await planOf(2);
        const { page, close } = await signedIn();
        try {
          const list = await audit(page);
          expectClean(list, allowed, '/plans');
          for (const h of HOSTILE) expect(list.text.includes(h), `/plans shows ${h.slice(0, 40)}`).toBe(true);

          await page.goto(`${base}/plans/${approved.plan.planId}`);
          await page.fill('form[action$="/approve"] input[name=reason]', REASON.approve);
          await page.click('form[action$="/approve"] button[type=submit]');
          expect(await page.locator('[role=status]').textContent()).toContain('approved by ops');
          await page.goto(`${base}/plans/${rejected.plan.planId}`);
          await page.selectOption('form[action$="/reject"] select[name=category]', 'not-a-duplicate');
          await page.fill('form[action$="/reject"] input[name=reason]', REASON.reject);
          await page.click('form[action$="/reject"] button[type=submit]');
          expect(await page.locator('[role=status]').textContent()).toContain('rejected');
          expect((await store.getPlan(approved.plan.planId))?.status).toBe('APPROVED');
          expect((await store.getPlan(rejected.plan.planId))?.status).toBe('REJECTED');

          for (const [i, plan, reason] of [
            [0, approved, REASON.approve],
            [2, rejected, REASON.reject],
          ] as const) {
            await page.goto(`${base}/plans/${plan.plan.planId}`);
            const a = await audit(page);
            expectClean(a, allowed, `/plans/${plan.plan.planId}`);
            const f = field(i, HOSTILE[i]);
            for (const s of [HOSTILE[i], f.room, f.reservation('a'), f.payment('b'), f.client])
              expect(a.text.includes(s), `plan page shows ${s}`).toBe(true);
            // The history shows the decision's detail as JSON: the reason with its quotes escaped.
            expect(a.text).toContain(JSON.stringify(reason).slice(1, -1));
          }

          await page.goto(`${base}/audit`);
          const log = await audit(page);
          expectClean(log, allowed, '/audit');
          for (const reason of Object.values(REASON))
            expect(log.text).toContain(JSON.stringify(reason).slice(1, -1));
        } finally {
          await close();
        }
      }, 60_000);

      it('shows a hostile payment status in a flag as text, in its badge title too', async () => {
        const flagged = plans.find((p) => p.plan.flags.some((f) => f.detail.includes(PAYMENT_STATUS)));
        expect(flagged, 'the plan flagged for the hostile payment status').toBeDefined();
        const { page, close } = await signedIn();
        try {
          await page.goto(`${base}/plans/${flagged!.plan.planId}`);
          const a = await audit(page);
          expectClean(a, allowed, 'the flagged plan page');
          expect(a.text).toContain(`unknown status "${PAYMENT_STATUS}"`);
          const titles = await page
            .locator('.badge.warn[title]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
          expect(titles.some((t) => t?.includes(PAYMENT_STATUS))).toBe(true);
        } finally {
          await close();
        }
      }, 60_000);
    });
  },
);
