-- The reservations an incremental run re-reads: every row changed since the high-water mark,
-- found once and then bound for the idempotency queries (a record or lock of a changed booking
-- may have changed without a stamp of its own). Older reservations that share a grouping key
-- with one of them are not re-read: the warehouse already holds them as they are, since an
-- unchanged row is by definition what the last run read. Their older booking requests, where
-- the warehouse's logs do not reach back that far, are found in the warehouse and read
-- separately (older-requests.sql).
WITH changed AS MATERIALIZED (
  SELECT r.{{Reservation.id}} AS id, r.{{Reservation.idempotencyKey}} AS idempotency_key
  FROM {{Reservation}} r
  WHERE r.{{Reservation.updatedAt}} >= {{since Reservation}}
)
SELECT (SELECT coalesce(json_agg(id), '[]')::text FROM changed) AS ids,
       (SELECT coalesce(json_agg(DISTINCT idempotency_key) FILTER (WHERE idempotency_key IS NOT NULL), '[]')::text
          FROM changed) AS keys
