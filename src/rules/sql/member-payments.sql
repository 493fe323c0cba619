-- Payments of the look-alike groups' reservations (read through Warehouse.allJson).
SELECT p.id, p.reservation_id, p.status, CAST(p.amount AS VARCHAR) AS amount,
  CAST(p.refunded_amount AS VARCHAR) AS refunded_amount, p.currency, iso(p.created_at) AS created_at
FROM payment p
WHERE p.reservation_id IN (SELECT id FROM rr_member)
