-- LEGITIMATE: rooms bought together under one name. Many booking engines put the booker's name
-- on every room, so a cart of identical rooms looks like a booking and its copies. What says
-- they were bought together (root-causes.md, "What real traffic adds"):
--   * one checkout: every request in one session (one correlation id), each with its own
--     Idempotency-Key, each answered with success, run one after another (the next began after
--     the previous ended, within max_checkout_step_ms: a booking engine submits a cart's rooms
--     back to back, while a retry or a second submission by a person comes later or in a new
--     session). A client library's retry keeps its key, so distinct keys rule a retry out;
--   * one payment for the cart: one booking's payments cover exactly the price of every room's
--     stay (rr_rate_unit says whether a rate is per night or per stay in this source) and the
--     other rooms carry no charge of their own.
-- A keyless checkout with one charge per room proves nothing either way: the no-key rule
-- reports it as a doubt instead.
WITH b AS (
  SELECT bucket_id, count(*) AS n, count(log_id) AS linked,
    count(req_key) AS keyed, count(DISTINCT req_key) AS distinct_keys,
    count(correlation_id) AS in_session, count(DISTINCT correlation_id) AS sessions,
    min(correlation_id) AS correlation_id,
    count(*) FILTER (WHERE req_status BETWEEN 200 AND 299) AS succeeded,
    sum(CASE WHEN u.nightly THEN rate_amount * date_diff('day', check_in, check_out) ELSE rate_amount END) AS total_rate,
    min(currency) AS currency, count(DISTINCT currency) AS currencies,
    string_agg(req_key, ', ' ORDER BY seq) AS keys
  FROM rr_member, rr_rate_unit u
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
  WHERE m.bucket_size >= 2 AND p.status <> 'FAILED' AND p.currency = m.currency
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
      AND b.succeeded = b.n AND s.min_step >= 0 AND s.max_step <= $max_checkout_step_ms) AS one_checkout,
    (b.currencies = 1 AND c.amount = b.total_rate) AS one_payment,
    c.reservation_id AS paid_reservation, c.payment_ids
  FROM b
  JOIN steps s USING (bucket_id)
  LEFT JOIN cart c USING (bucket_id)
)
SELECT bucket_id,
  CASE WHEN one_checkout AND one_payment THEN 0.97 WHEN one_payment THEN 0.93 ELSE 0.9 END AS confidence,
  list_value(
    struct_pack(kind := 'one-checkout', detail := CASE WHEN one_checkout THEN printf(
      '%d rooms were booked in one checkout (correlation id %s), one request after another, %s to %s apart, each answered with success',
      n, correlation_id, rr_dur(min_step), rr_dur(max_step)) END),
    struct_pack(kind := 'per-room-keys', detail := CASE WHEN one_checkout THEN printf(
      'each room''s request carried its own Idempotency-Key (%s): a retry would have repeated its key', keys) END),
    struct_pack(kind := 'cart-payment', detail := CASE WHEN one_payment THEN printf(
      'one payment on %s (%s, %s %s) covers the stays of all %d rooms; the others carry no charge of their own',
      paid_reservation, payment_ids, currency, CAST(total_rate AS VARCHAR), n) END),
    struct_pack(kind := 'one-name', detail :=
      'every room carries the booker''s name, as many booking engines write it unless each guest is typed in')
  ) AS evidence
FROM verdicts
WHERE one_checkout OR one_payment
