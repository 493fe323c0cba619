-- Payments of the reservations of one share of the look-alike groups (read through Warehouse.allJson).
SELECT p.id, p.reservation_id, p.status, CAST(p.amount AS VARCHAR) AS amount,
  CAST(p.refunded_amount AS VARCHAR) AS refunded_amount, p.currency, iso(p.created_at) AS created_at
FROM payment p
WHERE p.reservation_id IN (SELECT id FROM rr_member WHERE hash(group_id) % $parts = $part)
