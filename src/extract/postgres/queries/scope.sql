-- The reservations in scope of an incremental run: every row changed since the high-water mark,
-- plus every active reservation, however old, that shares a grouping key with one of them, so
-- that a duplicate set whose first booking came days earlier is still whole in the warehouse.
scope AS (
  SELECT r.{{Reservation.id}} AS id, r.{{Reservation.idempotencyKey}} AS idempotency_key
  FROM {{Reservation}} r
  WHERE r.{{Reservation.updatedAt}} >= {{since Reservation}}
     OR (r.{{Reservation.status}} IN ('PENDING', 'CONFIRMED')
         AND (lower(trim(r.{{Reservation.guestEmail}})), r.{{Reservation.checkIn}}, r.{{Reservation.checkOut}}, r.{{Reservation.roomTypeId}}) IN (
           SELECT lower(trim(c.{{Reservation.guestEmail}})), c.{{Reservation.checkIn}}, c.{{Reservation.checkOut}}, c.{{Reservation.roomTypeId}}
           FROM {{Reservation}} c
           WHERE c.{{Reservation.updatedAt}} >= {{since Reservation}}))
)
