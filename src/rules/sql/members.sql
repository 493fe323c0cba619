-- The reservations of one share of the look-alike groups ($part of $parts, by group) with their
-- bucket and creating request, for assembly. Read share by share so that neither DuckDB nor
-- Node ever holds every member as one document. Exact types leave as text (Warehouse.allJson).
SELECT id, group_id, bucket_id, occupant, seq, email_key,
  confirmation_number, guest_email, guest_name, property_id, room_type_id,
  CAST(check_in AS VARCHAR) AS check_in, CAST(check_out AS VARCHAR) AS check_out,
  CAST(rate_amount AS VARCHAR) AS rate_amount, currency, status, res_key AS idempotency_key,
  iso(created_at) AS created_at,
  request_id, client_id, correlation_id, link_method
FROM rr_member
WHERE hash(group_id) % $parts = $part
