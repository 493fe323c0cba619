-- LEGITIMATE: rooms bought together under one name. Many booking engines put the booker's name
-- on every room, so a cart of identical rooms looks like a booking and its copies. What says
-- they were bought together (root-causes.md, "What real traffic adds"):
--   * one checkout: every request in one session (one correlation id), each with its own
--     Idempotency-Key, each answered with success, back to back (each began at most
--     max_checkout_step_ms after the previous ended, or alongside it: a booking engine submits
--     a cart's rooms one after another or all at once, while a retry or a second submission by
--     a person comes later or in a new session). A client library's retry keeps its key, so
--     distinct keys rule a retry out;
--   * keys numbered per room: one key stem with the numbers 1..n (cart-7-1, cart-7-2), which
--     is how carts key their rooms and never how a retry or a re-delivery does;
--   * one payment for the cart: one booking's payments cover exactly the price of every room's
--     stay (rr_member.stay_price: per night or per stay, as rr_rate_unit reads this source) and the
--     other rooms carry no charge of their own.
-- A keyless checkout with one charge per room proves nothing either way: the no-key rule
-- reports it as a doubt instead.
WITH b AS (
  SELECT bucket_id, count(*) AS n, count(log_id) AS linked,
    count(req_key) AS keyed, count(DISTINCT req_key) AS distinct_keys,
    count(correlation_id) AS in_session, count(DISTINCT correlation_id) AS sessions,
    min(correlation_id) AS correlation_id,
    count(*) FILTER (WHERE req_status BETWEEN 200 AND 299) AS succeeded,
    sum(stay_price) AS total_rate,
    min(currency) AS currency, count(DISTINCT currency) AS currencies,
    string_agg(req_key, ', ' ORDER BY seq) AS keys,
    -- Numbered keys are read from the requests or, where the log has none, from the bookings.
    count(any_key) AS any_keyed, count(DISTINCT any_key) AS distinct_any_keys,
    string_agg(any_key, ', ' ORDER BY seq) AS any_keys,
    count(DISTINCT regexp_extract(any_key, '^(.*[^0-9])[0-9]+$', 1)) AS key_stems,
    min(regexp_extract(any_key, '^(.*[^0-9])[0-9]+$', 1)) AS key_stem,
    list_sort(list(TRY_CAST(regexp_extract(any_key, '([0-9]+)$', 1) AS INTEGER))) AS key_numbers
  FROM rr_member
  WHERE bucket_size >= 2
  GROUP BY bucket_id
),
steps AS (
  SELECT bucket_id,
    min(epoch_ms(b_ts) - epoch_ms(a_end)) AS min_step,
    max(epoch_ms(b_ts) - epoch_ms(a_end)) AS max_step
  FROM rr_pair
  GROUP BY bucket_id
),
charged AS (
  SELECT m.bucket_id, m.id AS reservation_id, sum(p.amount) AS amount, count(*) AS payments,
    string_agg(p.id, ', ' ORDER BY p.created_at, p.id) AS payment_ids
  FROM rr_member m
  JOIN payment p ON p.reservation_id = m.id
  WHERE m.bucket_size >= 2 AND p.status <> $failed_payment_status AND p.currency = m.currency
  GROUP BY m.bucket_id, m.id
),
cart AS (
  SELECT c.bucket_id, any_value(c.reservation_id) AS reservation_id, any_value(c.amount) AS amount,
    any_value(c.payment_ids) AS payment_ids
  FROM charged c
  GROUP BY c.bucket_id
  HAVING count(*) = 1
),
verdicts AS (
  SELECT b.*, s.min_step, s.max_step,
    (b.keyed = b.n AND b.distinct_keys = b.n AND b.in_session = b.n AND b.sessions = 1
      AND b.succeeded = b.n AND s.max_step <= $max_checkout_step_ms) AS one_checkout,
    (b.any_keyed = b.n AND b.distinct_any_keys = b.n AND b.key_stems = 1 AND length(b.key_stem) >= 2
      AND b.succeeded = b.linked AND b.key_numbers = range(1, b.n + 1)) AS numbered_keys,
    (b.currencies = 1 AND c.amount = b.total_rate) AS one_payment,
    c.reservation_id AS paid_reservation, c.payment_ids
  FROM b
  JOIN steps s USING (bucket_id)
  LEFT JOIN cart c USING (bucket_id)
)
SELECT bucket_id,
  CASE
    WHEN (one_checkout OR numbered_keys) AND one_payment THEN 0.97
    WHEN one_payment OR (one_checkout AND numbered_keys) THEN 0.93
    ELSE 0.9
  END AS confidence,
  list_value(
    struct_pack(kind := 'one-checkout', detail := CASE WHEN one_checkout THEN printf(
      '%d rooms were booked in one checkout (correlation id %s), %s, each answered with success',
      n, correlation_id, CASE WHEN min_step >= 0
        THEN printf('one request after another, %s to %s apart', rr_dur(min_step), rr_dur(max_step))
        ELSE 'the requests sent alongside each other' END) END),
    struct_pack(kind := 'per-room-keys', detail := CASE WHEN one_checkout OR numbered_keys THEN printf(
      'each room''s request carried its own Idempotency-Key (%s)%s: a retry would have repeated its key',
      CASE WHEN one_checkout THEN keys ELSE any_keys END,
      CASE WHEN numbered_keys THEN printf(', numbered 1 to %d under one stem %s', n, key_stem) ELSE '' END) END),
    struct_pack(kind := 'cart-payment', detail := CASE WHEN one_payment THEN printf(
      'one payment on %s (%s, %s %s) covers the stays of all %d rooms; the others carry no charge of their own',
      paid_reservation, payment_ids, currency, CAST(total_rate AS VARCHAR), n) END),
    struct_pack(kind := 'one-name', detail :=
      'every room carries the booker''s name, as many booking engines write it unless each guest is typed in')
  ) AS evidence
FROM verdicts
WHERE one_checkout OR numbered_keys OR one_payment
