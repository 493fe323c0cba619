-- What the warehouse lets go after a run (src/warehouse/apply-retention.ts): the bookings whose
-- stay ended long enough ago, their payments, and the gateway's and the idempotency store's rows
-- older than the logs' cut. Both cuts count back from the run's window end, never from the clock.
-- Parameters: $to (the window end), $stay_margin_days, $log_days, $keep (a JSON list of
-- reservation ids kept whatever their stay: those of pending plans and of tonight's sets).

CREATE OR REPLACE TEMP TABLE wr_keep AS
SELECT DISTINCT unnest(from_json($keep::VARCHAR, '["VARCHAR"]')) AS id;

-- A booking without a check-out date (quarantined by the rules) is dated by its creation, so
-- that it does not stay for ever; one with neither stays.
CREATE OR REPLACE TEMP TABLE wr_gone_reservation AS
SELECT r.id
FROM reservation r
ANTI JOIN wr_keep k ON k.id = r.id
WHERE coalesce(CAST(r.check_out AS TIMESTAMPTZ), r.created_at)
  < $to::TIMESTAMPTZ - to_days(CAST($stay_margin_days AS INTEGER));

-- The payments of the bookings let go tonight. A payment whose booking the warehouse does not
-- hold says something about the source, and stays as long as the requests do; after that it is
-- most often a late change (a refund by support) to a booking let go earlier, landed again by the
-- extract, and it goes too, or it would stay for ever.
CREATE OR REPLACE TEMP TABLE wr_gone_payment AS
SELECT p.id
FROM payment p
SEMI JOIN wr_gone_reservation g ON g.id = p.reservation_id
UNION ALL
SELECT p.id
FROM payment p
ANTI JOIN reservation r ON r.id = p.reservation_id
WHERE coalesce(p.updated_at, p.created_at) < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER));

CREATE OR REPLACE TEMP TABLE wr_counts AS
SELECT
  (SELECT count(*) FROM wr_gone_reservation)::INTEGER AS reservation,
  (SELECT count(*) FROM wr_gone_payment)::INTEGER AS payment,
  (SELECT count(*) FROM api_log
    WHERE ts < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER)))::INTEGER AS api_log,
  (SELECT count(*) FROM idempotency_record
    WHERE created_at < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER)))::INTEGER AS idempotency_record,
  (SELECT count(*) FROM idempotency_lock
    WHERE created_at < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER)))::INTEGER AS idempotency_lock;

INSERT INTO retention_tally SELECT 0, NULL WHERE NOT EXISTS (SELECT 1 FROM retention_tally);
UPDATE retention_tally SET
  reservations = reservations + (SELECT count(*) FROM wr_gone_reservation),
  newest_created_at = (
    SELECT max(t) FROM (
      SELECT newest_created_at AS t
      UNION ALL
      SELECT max(r.created_at) FROM reservation r SEMI JOIN wr_gone_reservation g ON g.id = r.id
    )
  );

DELETE FROM payment WHERE id IN (SELECT id FROM wr_gone_payment);
DELETE FROM reservation WHERE id IN (SELECT id FROM wr_gone_reservation);
DELETE FROM api_log WHERE ts < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER));
DELETE FROM idempotency_record WHERE created_at < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER));
DELETE FROM idempotency_lock WHERE created_at < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER));

-- A source's repeated keys are remembered for rows the warehouse holds: those let go go too.
DELETE FROM source_conflict
WHERE (table_name = 'Reservation' AND row_id IN (SELECT id FROM wr_gone_reservation))
   OR (table_name = 'Payment' AND row_id IN (SELECT id FROM wr_gone_payment))
   OR (table_name IN ('IdempotencyRecord', 'IdempotencyLock', 'api_logs')
       AND row_time < $to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER)));

SELECT *, iso($to::TIMESTAMPTZ - to_days(CAST($log_days AS INTEGER))) AS log_cut FROM wr_counts;
