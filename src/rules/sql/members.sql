-- Every reservation of a look-alike group with its bucket and creating request, for assembly.
SELECT m.id, m.group_id, m.bucket_id, m.occupant, m.seq, m.bucket_size, m.email_key,
  r.confirmation_number, r.guest_email, r.guest_name, r.property_id, r.room_type_id,
  r.check_in, r.check_out, r.rate_amount, r.currency, r.status, r.idempotency_key, r.created_at,
  m.request_id, m.client_id, m.correlation_id, m.link_method
FROM rr_member m
JOIN reservation r ON r.id = m.id
ORDER BY m.group_id, m.bucket_id, m.seq
