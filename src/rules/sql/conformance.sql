-- Idempotency conformance of the booking endpoint's creating requests in the window, per client.
-- replay: a success whose response names a reservation created before the request began.
SELECT coalesce(p.client_id, '(none)') AS client_id,
  count(*) AS requests,
  count(*) FILTER (WHERE p.idempotency_key IS NULL) AS without_key,
  count(*) FILTER (WHERE r.created_at < p.ts) AS replays,
  count(*) FILTER (WHERE p.status = 409) AS conflicts409,
  count(*) FILTER (WHERE p.status = 422) AS mismatches422,
  count(*) FILTER (WHERE p.status IS NULL OR p.status = $client_closed_status OR p.status IN $timeout_statuses) AS timeouts
FROM rr_post($create_method, $create_paths, $from, $to) p
LEFT JOIN reservation r ON r.id = p.response_id
WHERE p.ts >= $from::TIMESTAMPTZ AND p.ts < $to::TIMESTAMPTZ
GROUP BY ALL
ORDER BY requests DESC, client_id
