-- TIMEOUT_RETRY: a member was created by a request that ended without a success reaching the
-- client (5xx, 499, or no status), and another member's request began after that request began:
-- the client tried again. Judged by the order of the requests, not of the bookings: a backend may
-- commit after the gateway gave up, even after the retry's own booking (root-causes.md, "The
-- backend commits after the gateway gave up"), and a client may time out two or three times, with
-- a fresh key each time or none, before one attempt succeeds; the first attempt's timeout is still
-- the cause, and the evidence names every attempt.
-- No fixed ceiling: whatever cut the request (a 10 s mobile timeout, a 29 s API gateway, a 60 s
-- proxy), the outcome is what counts; the duration is reported beside the ceiling seen for that
-- client, so an engineer can check it. A booking tied to its request only by email, client and
-- time after the request ended is a weaker link, and the confidence says so.
WITH hits AS (
  SELECT a.bucket_id, a.email_key, a.id AS a_id, a.request_id AS a_req, a.log_id AS a_log, a.req_ts AS a_ts,
    a.req_end AS a_end, a.req_status AS a_status, a.req_error AS a_error, a.req_duration AS a_duration,
    a.client_id AS a_client, a.req_key AS a_req_key, a.created_at AS a_created, a.link_method AS a_link,
    a.link_key AS a_link_key, a.lock_released_at AS a_lock_released,
    b.id AS b_id, b.request_id AS b_req, b.req_ts AS b_ts, b.client_id AS b_client, b.req_key AS b_req_key,
    b.created_at AS b_created,
    -- Evaluated before QUALIFY: the last request of a member after the first failed one.
    max(b.req_ts) OVER (PARTITION BY a.bucket_id) AS last_ts
  FROM rr_member a
  JOIN rr_member b ON b.bucket_id = a.bucket_id AND b.id <> a.id
  WHERE a.bucket_size >= 2 AND a.req_failed AND b.req_ts > a.req_ts
  QUALIFY row_number() OVER (PARTITION BY a.bucket_id ORDER BY a.req_ts, a.log_id, b.req_ts, b.log_id) = 1
),
-- The attempts: the members' own requests from the first failed one on, and the client's other
-- creating requests for the guest in that span that made nothing (no id came back, no member is
-- theirs); a request that made another stay's booking is not one of them.
tried AS (
  SELECT m.bucket_id, m.log_id, m.id AS made
  FROM rr_member m JOIN hits h USING (bucket_id)
  WHERE m.log_id IS NOT NULL AND m.req_ts >= h.a_ts
  UNION ALL
  SELECT h.bucket_id, q.log_id, NULL
  FROM hits h
  JOIN (SELECT * FROM rr_req WHERE response_id IS NULL) q ON q.email_key = h.email_key
  WHERE q.client_id IS NOT DISTINCT FROM h.a_client AND q.ts >= h.a_ts AND q.ts <= h.last_ts
    AND q.log_id NOT IN (SELECT log_id FROM rr_link)
),
attempts AS (
  SELECT t.bucket_id, count(*) AS n, count(*) FILTER (WHERE q.no_answer) AS failed_n,
    string_agg(printf('%s %s after %s %s, %s',
      q.request_id, rr_outcome(q.status, q.error), rr_dur(q.duration),
      CASE WHEN q.idempotency_key IS NULL THEN 'without a key' ELSE 'with key ' || q.idempotency_key END,
      coalesce('made ' || t.made, 'made no booking of this set')),
      '; ' ORDER BY q.ts, q.log_id) AS listed
  FROM tried t
  JOIN rr_req q ON q.log_id = t.log_id
  GROUP BY t.bucket_id
),
ceiling AS (
  SELECT client_id, count(*) AS n, median(duration) AS ceiling_ms
  FROM rr_req
  WHERE status IS NULL OR status = $client_closed_status OR status IN $timeout_statuses
  GROUP BY client_id
)
SELECT h.bucket_id,
  CASE
    -- A retry before the failed request ended, by more than two gateway hosts' clocks can disagree.
    WHEN h.b_ts < h.a_end - to_milliseconds($link_clock_tolerance_ms) THEN 0.75
    WHEN h.b_client IS DISTINCT FROM h.a_client THEN 0.8
    WHEN h.a_link IN ('late-email-and-time', 'email-and-drifted-time') THEN 0.85
    ELSE 0.95
  END AS confidence,
  list_value(
    struct_pack(kind := 'failed-request', detail := printf(
      'request %s from %s ended with %s after %s; %s',
      h.a_req, coalesce(h.a_client, 'an unknown client'), rr_outcome(h.a_status, h.a_error), rr_dur(h.a_duration),
      CASE WHEN h.a_created > h.a_end THEN printf(
        'reservation %s was committed %s after the gateway gave up (a late commit)%s',
        h.a_id, rr_dur(epoch_ms(h.a_created) - epoch_ms(h.a_end)),
        CASE WHEN h.a_created > h.b_created THEN printf(', after the retry''s own booking %s', h.b_id) ELSE '' END)
      WHEN h.a_created < h.a_ts THEN printf(
        'reservation %s was created %s before the request began by the gateway''s log: a request cannot make a booking before it is sent, '
        || 'so the gateway host''s clock ran ahead of the database''s',
        h.a_id, rr_dur(epoch_ms(h.a_ts) - epoch_ms(h.a_created)))
      ELSE printf('reservation %s was created %s into it', h.a_id, rr_dur(epoch_ms(h.a_created) - epoch_ms(h.a_ts))) END)),
    struct_pack(kind := 'link', detail := CASE h.a_link
      WHEN 'key' THEN printf('reservation %s stores the request''s Idempotency-Key %s', h.a_id, h.a_link_key)
      WHEN 'record' THEN printf('the IdempotencyRecord of the request''s key %s names reservation %s as what the key produced',
        h.a_link_key, h.a_id)
      WHEN 'lock' THEN printf(
        'the request''s own IdempotencyLock on key %s was released %s after reservation %s was created: the request was still at work when it was made',
        h.a_link_key, rr_dur(epoch_ms(h.a_lock_released) - epoch_ms(h.a_created)), h.a_id)
      WHEN 'email-and-time' THEN printf('reservation %s was created for the same guest %s', h.a_id,
        CASE WHEN h.a_created < h.a_ts THEN 'as the request began, within the second or two the two clocks may disagree by'
          ELSE 'while the request ran' END)
      WHEN 'late-email-and-time' THEN printf(
        'no successful request names reservation %s; it was created for the same guest %s after the request ended, '
        || 'within the time a backend may still commit, and %s came back for the guest afterwards: linked by email, client and time',
        h.a_id, rr_dur(epoch_ms(h.a_created) - epoch_ms(h.a_end)), coalesce(h.a_client, 'the same client'))
      WHEN 'email-and-drifted-time' THEN printf(
        'no successful request names reservation %s; it was created for the same guest %s before the request''s logged start, '
        || 'within the seconds a gateway host''s clock may run ahead of the database''s, and %s came back for the guest afterwards: '
        || 'linked by email, client and time',
        h.a_id, rr_dur(epoch_ms(h.a_ts) - epoch_ms(h.a_created)), coalesce(h.a_client, 'the same client'))
    END),
    struct_pack(kind := 'retry', detail := printf(
      '%s came %s, %s, and created %s',
      h.b_req, CASE
        WHEN h.b_ts >= h.a_end THEN printf('%s after %s', rr_dur(epoch_ms(h.b_ts) - epoch_ms(h.a_end)), h.a_req)
        WHEN h.b_ts >= h.a_end - to_milliseconds($link_clock_tolerance_ms) THEN printf(
          '%s before %s''s logged end, within what two gateway hosts'' clocks may disagree by',
          rr_dur(epoch_ms(h.a_end) - epoch_ms(h.b_ts)), h.a_req)
        ELSE printf('%s before the end of %s', rr_dur(epoch_ms(h.a_end) - epoch_ms(h.b_ts)), h.a_req)
      END,
      CASE WHEN h.b_client IS NOT DISTINCT FROM h.a_client THEN 'from the same client'
        ELSE 'from another client (' || coalesce(h.b_client, 'unknown') || ')' END
        || ' with ' || CASE
          WHEN h.b_req_key IS NULL THEN 'no Idempotency-Key'
          WHEN h.b_req_key = h.a_req_key THEN 'the same Idempotency-Key'
          ELSE 'a new Idempotency-Key' END,
      h.b_id)),
    struct_pack(kind := 'attempts', detail := CASE WHEN t.n >= 2 THEN printf(
      '%d attempts, %d of them without an answer: %s; the first attempt''s timeout is the cause',
      t.n, t.failed_n, t.listed) END),
    struct_pack(kind := 'timeout-ceiling', detail := printf(
      '%s''s requests that ended without a response last %s at the median (%d seen); this one lasted %s',
      coalesce(h.a_client, 'the client'), rr_dur(c.ceiling_ms), c.n, rr_dur(h.a_duration)))
  ) AS evidence
FROM hits h
LEFT JOIN attempts t USING (bucket_id)
LEFT JOIN ceiling c ON c.client_id IS NOT DISTINCT FROM h.a_client
