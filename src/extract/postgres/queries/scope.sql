-- The reservations in scope of an incremental run, computed once and bound for the other
-- queries: every row changed since the high-water mark, plus every active reservation, however
-- old, that shares a grouping key with one of them, so that a duplicate set whose first booking
-- came days earlier is still whole in the warehouse.
SELECT coalesce(json_agg(r.{{Reservation.id}}), '[]')::text AS ids,
       coalesce(json_agg(DISTINCT r.{{Reservation.idempotencyKey}})
                FILTER (WHERE r.{{Reservation.idempotencyKey}} IS NOT NULL), '[]')::text AS keys
FROM {{Reservation}} r
WHERE r.{{Reservation.updatedAt}} >= {{since Reservation}}
   OR (r.{{Reservation.status}} IN ('PENDING', 'CONFIRMED')
       AND (lower(trim(r.{{Reservation.guestEmail}})), r.{{Reservation.checkIn}}, r.{{Reservation.checkOut}}, r.{{Reservation.roomTypeId}}) IN (
         SELECT lower(trim(c.{{Reservation.guestEmail}})), c.{{Reservation.checkIn}}, c.{{Reservation.checkOut}}, c.{{Reservation.roomTypeId}}
         FROM {{Reservation}} c
         WHERE c.{{Reservation.updatedAt}} >= {{since Reservation}}))
