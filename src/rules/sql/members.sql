-- Every reservation of a look-alike group with its bucket and creating request, for assembly.
-- Exact types leave as text (read through Warehouse.allJson).
SELECT id, group_id, bucket_id, occupant, seq, email_key,
  confirmation_number, guest_email, guest_name, property_id, room_type_id,
  CAST(check_in AS VARCHAR) AS check_in, CAST(check_out AS VARCHAR) AS check_out,
  CAST(rate_amount AS VARCHAR) AS rate_amount, currency, status, res_key AS idempotency_key,
  iso(created_at) AS created_at,
  request_id, client_id, correlation_id, link_method
FROM rr_member
