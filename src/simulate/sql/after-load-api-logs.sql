-- The gateway log's key and time index, restored after the load; explicit ids were loaded, so
-- the sequence moves past them for the gateway's next insert.
ALTER TABLE api_logs ADD CONSTRAINT api_logs_pkey PRIMARY KEY (id);
CREATE INDEX api_logs_timestamp_idx ON api_logs ("timestamp");
SELECT setval(pg_get_serial_sequence('api_logs', 'id'), COALESCE(max(id), 0) + 1, false) FROM api_logs;
ANALYZE api_logs;
