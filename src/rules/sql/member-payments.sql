SELECT p.id, p.reservation_id, p.status, p.amount, p.refunded_amount, p.currency, p.created_at
FROM payment p
WHERE p.reservation_id IN (SELECT id FROM rr_member)
ORDER BY p.reservation_id, p.created_at, p.id
