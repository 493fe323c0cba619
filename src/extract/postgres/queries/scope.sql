-- The reservations in scope of an incremental run, found once and then bound for the other
-- queries: every row changed since the high-water mark, plus every active reservation, however
-- old, that shares a grouping key with one of them, so that a duplicate set whose first booking
-- came days earlier is still whole in the warehouse. For those older members it also returns
-- the guests' emails and the earliest creation, to fetch their booking requests too.
WITH changed AS MATERIALIZED (
  SELECT r.{{Reservation.id}} AS id, r.{{Reservation.idempotencyKey}} AS idempotency_key,
         lower(trim(r.{{Reservation.guestEmail}})) AS email, r.{{Reservation.checkIn}} AS check_in,
         r.{{Reservation.checkOut}} AS check_out, r.{{Reservation.roomTypeId}} AS room_type_id
  FROM {{Reservation}} r
  WHERE r.{{Reservation.updatedAt}} >= {{since Reservation}}
), mates AS MATERIALIZED (
  -- Matched on the dates and room type first, and only then on the normalised email: computing
  -- lower(trim()) for every active reservation costs more than the scan itself. OFFSET 0 keeps
  -- PostgreSQL from folding the email test back into the join.
  SELECT m.id, m.idempotency_key, m.email, m.created_at
  FROM (
    SELECT r.{{Reservation.id}} AS id, r.{{Reservation.idempotencyKey}} AS idempotency_key,
           r.{{Reservation.guestEmail}} AS raw_email, k.email, r.{{Reservation.createdAt}} AS created_at
    FROM {{Reservation}} r
    JOIN (SELECT DISTINCT email, check_in, check_out, room_type_id FROM changed) k
      ON r.{{Reservation.checkIn}} = k.check_in AND r.{{Reservation.checkOut}} = k.check_out
     AND r.{{Reservation.roomTypeId}} = k.room_type_id
    WHERE r.{{Reservation.status}} IN ('PENDING', 'CONFIRMED')
    OFFSET 0
  ) m
  WHERE lower(trim(m.raw_email)) = m.email
), scope AS (
  SELECT id, idempotency_key FROM changed
  UNION
  SELECT id, idempotency_key FROM mates
)
SELECT (SELECT coalesce(json_agg(id), '[]')::text FROM scope) AS ids,
       (SELECT coalesce(json_agg(DISTINCT idempotency_key) FILTER (WHERE idempotency_key IS NOT NULL), '[]')::text
          FROM scope) AS keys,
       (SELECT coalesce(json_agg(DISTINCT email), '[]')::text FROM mates WHERE created_at < {{since api_logs}}) AS old_emails,
       (SELECT min(created_at)::text FROM mates WHERE created_at < {{since api_logs}}) AS old_since
