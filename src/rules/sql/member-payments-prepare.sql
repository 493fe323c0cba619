-- The payments of every member of the look-alike groups, with the member's group, gathered once
-- so that reading them a share at a time (member-payments.sql) scans this small table rather
-- than every payment of the warehouse once per share.
CREATE OR REPLACE TEMP TABLE rr_member_payment AS
SELECT p.id, p.reservation_id, p.status, CAST(p.amount AS VARCHAR) AS amount,
  CAST(p.refunded_amount AS VARCHAR) AS refunded_amount, p.currency, iso(p.created_at) AS created_at,
  m.group_id, c.copies AS source_copies
FROM payment p
JOIN (SELECT DISTINCT id, group_id FROM rr_member) m ON m.id = p.reservation_id
LEFT JOIN source_conflict c ON c.table_name = 'Payment' AND c.row_id = p.id;
