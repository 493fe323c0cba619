-- The reservations of one share of the look-alike groups ($part of $parts, by group) with their
-- bucket and creating request, for assembly. Read share by share so that neither DuckDB nor
-- Node ever holds every member as one document. Exact types leave as text (Warehouse.allJson).
-- stay_price (rr_member) is the booking's price for its stay in its own currency; the keep rule
-- weighs a payment made in the card's currency against it.
SELECT id, group_id, bucket_id, occupant, seq, email_key,
  confirmation_number, guest_email, guest_name, property_id, room_type_id,
  CAST(check_in AS VARCHAR) AS check_in, CAST(check_out AS VARCHAR) AS check_out,
  CAST(rate_amount AS VARCHAR) AS rate_amount, currency, status, res_key AS idempotency_key,
  iso(created_at) AS created_at,
  request_id, client_id, correlation_id, link_method,
  CAST(CAST(stay_price AS DECIMAL(38, 2)) AS VARCHAR) AS stay_price
FROM rr_member
WHERE hash(group_id) % $parts = $part
