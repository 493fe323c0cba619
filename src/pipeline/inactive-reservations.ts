/**
 * Which reservations that earlier plans act on are no longer active in the warehouse (the
 * source's latest state): a copy cancelled by hand, a stay already checked in. Such a plan no
 * longer holds, and the state store retires it. A reservation the warehouse does not hold is
 * left out: absence says nothing about its state. Active is the model's answer, bound.
 */
import { MODEL_SQL_PARAMS } from '../model/index.ts';
import type { Warehouse } from '../warehouse/index.ts';

export async function inactiveReservations(
  wh: Warehouse,
  reservationIds: readonly string[],
): Promise<Map<string, string>> {
  if (reservationIds.length === 0) return new Map();
  const rows = await wh.all<{ id: string; status: string }>(
    `SELECT r.id, r.status
       FROM reservation r
       JOIN (SELECT unnest(from_json($ids::VARCHAR, '["VARCHAR"]')) AS id) wanted USING (id)
      WHERE r.status NOT IN $active_statuses`,
    { ids: JSON.stringify(reservationIds), active_statuses: MODEL_SQL_PARAMS.active_statuses },
  );
  return new Map(rows.map((r) => [r.id, r.status]));
}
