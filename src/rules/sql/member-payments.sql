-- Payments of the reservations of one share of the look-alike groups ($part of $parts, by group;
-- read through Warehouse.allJson), from rr_member_payment (member-payments-prepare.sql).
SELECT id, reservation_id, status, amount, refunded_amount, currency, created_at, source_copies
FROM rr_member_payment
WHERE hash(group_id) % $parts = $part
