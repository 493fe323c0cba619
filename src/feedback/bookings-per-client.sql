-- Reservations created in each night span, per client (release included), one grouped scan.
-- A reservation's client is the client of the request that created it, linked as the rules link
-- (src/rules/sql/prepare.sql): the rules' own link where they made one (fb_rules_link, their
-- rr_member: the look-alike groups, where a failed request's booking is tied by key, record, lock
-- or guest and time), else the earliest 2xx creating request whose response names the booking,
-- else the earliest creating request carrying the booking's Idempotency-Key. A booking no request
-- is linked to, or whose request names no client, counts under '(none)'.
-- Parameters: $spans (JSON [{"span_from","span_to"}], ISO-8601), $from and $to (their hull),
-- $create_method, $create_paths (the model's creating request).
WITH span AS (
  SELECT unnest(from_json($spans::VARCHAR, '[{"span_from":"VARCHAR","span_to":"VARCHAR"}]'), recursive := true)
),
res AS (
  SELECT r.id, r.idempotency_key, r.created_at
  FROM reservation r
  WHERE r.created_at >= $from::TIMESTAMPTZ AND r.created_at < $to::TIMESTAMPTZ
),
post AS (
  -- The creating requests from a day before to a day after, as the rules read them (rr_post).
  SELECT l.id AS log_id, l.ts, l.client_id, l.idempotency_key,
    CASE WHEN l.status BETWEEN 200 AND 299 AND json_valid(l.response) THEN json_extract_string(l.response, '$.id') END
      AS response_id
  FROM api_log l
  WHERE l.method = $create_method AND list_contains($create_paths, l.endpoint)
    AND l.ts >= $from::TIMESTAMPTZ - INTERVAL 1 DAY AND l.ts < $to::TIMESTAMPTZ + INTERVAL 1 DAY
),
by_response AS (
  SELECT p.response_id AS reservation_id, p.client_id
  FROM post p SEMI JOIN res r ON r.id = p.response_id
  QUALIFY row_number() OVER (PARTITION BY p.response_id ORDER BY p.ts, p.log_id) = 1
),
by_key AS (
  SELECT r.id AS reservation_id, p.client_id
  FROM res r JOIN post p ON p.idempotency_key = r.idempotency_key
  WHERE r.idempotency_key IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY r.id ORDER BY p.ts, p.log_id) = 1
),
linked AS (
  SELECT r.id, r.created_at,
    CASE
      WHEN k.reservation_id IS NOT NULL THEN k.client_id
      WHEN b.reservation_id IS NOT NULL THEN b.client_id
      ELSE y.client_id
    END AS client_id
  FROM res r
  LEFT JOIN fb_rules_link k ON k.reservation_id = r.id
  LEFT JOIN by_response b ON b.reservation_id = r.id
  LEFT JOIN by_key y ON y.reservation_id = r.id
)
SELECT s.span_from, s.span_to, coalesce(l.client_id, '(none)') AS client_id, count(*)::INTEGER AS bookings
FROM linked l
JOIN span s ON l.created_at >= s.span_from::TIMESTAMPTZ AND l.created_at < s.span_to::TIMESTAMPTZ
GROUP BY ALL
ORDER BY s.span_from, client_id
