import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { DEFAULT_ENDPOINTS, resolveConfig } from '../config/index.ts';
import { planSet } from '../reconcile/index.ts';
import { callsOf } from './api-calls.ts';

const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:24.900000Z';

describe('the calls of a plan', () => {
  const plan = planSet(
    makeSet([
      makeMember('a1', T0, [{ paymentId: 'pa1', status: 'CAPTURED' }]),
      makeMember('a2', T1, [{ paymentId: 'pa2', status: 'CAPTURED' }]),
    ]),
    OPTIONS,
  );

  it('go in the runbook order, each keyed by its item, money moving by the payment calls', () => {
    const calls = callsOf(plan, DEFAULT_ENDPOINTS);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'DELETE /api/v1/reservations/a2',
      'POST /api/v1/payments/pa2/refunds',
      'POST /api/v1/inventory/release',
      'POST /api/v1/notifications',
    ]);
    expect(calls[0]!.body).toEqual({ reason: 'DUPLICATE', primaryReservationId: 'a1', refund: false });
    expect(calls[1]!.body).toEqual({ amount: '240.00', currency: 'EUR', reason: 'DUPLICATE' });
    expect(calls.map((c) => c.itemId)).toEqual([
      plan.cancel[0]!.itemId,
      plan.refunds[0]!.itemId,
      plan.releases[0]!.itemId,
      plan.notify.itemId,
    ]);
  });

  it('follow the endpoints a platform names differently', () => {
    const config = withConfig({ bookingApi: { endpoints: { refund: 'PUT /v2/charges/{id}/refund' } } });
    const calls = callsOf(plan, config.bookingApi!.endpoints);
    expect(calls[1]).toEqual(expect.objectContaining({ method: 'PUT', path: '/v2/charges/pa2/refund' }));
    expect(calls[0]!.path).toBe('/api/v1/reservations/a2');
  });

  it('refuses an endpoint that is not a method and a path, naming the setting', () => {
    expect(() => withConfig({ bookingApi: { endpoints: { void: 'cancel it please' } } })).toThrow(
      /bookingApi\.endpoints\.void/,
    );
  });
});

function withConfig(file: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'resrecon-endpoints-'));
  try {
    writeFileSync(join(dir, 'resrecon.config.json'), JSON.stringify(file));
    return resolveConfig({
      cwd: dir,
      env: {
        RESRECON_BOOKING_API_URL: 'https://api.example.com',
        RESRECON_SOURCE_URL: 'postgres://x@127.0.0.1/x',
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
