-- The warehouse's canonical tables. Whatever the source calls them, extract lands rows here
-- under these names and types; the rules read only these. Money stays DECIMAL, dates DATE,
-- instants TIMESTAMPTZ (microseconds), and empty strings stay distinct from NULL.
-- The first column of each booking table is its key: extract keeps it unique (it replaces rows
-- by key and refuses a load with a repeated key). It is not declared PRIMARY KEY because
-- maintaining DuckDB's index doubled the load time and tripled the commit of a backfill.
CREATE TABLE IF NOT EXISTS reservation (
  id                  VARCHAR,
  confirmation_number VARCHAR,
  guest_email         VARCHAR,
  guest_name          VARCHAR,
  property_id         VARCHAR,
  room_type_id        VARCHAR,
  check_in            DATE,
  check_out           DATE,
  rate_amount         DECIMAL(18, 2),
  currency            VARCHAR,
  status              VARCHAR,
  cancel_reason       VARCHAR,
  idempotency_key     VARCHAR,
  created_at          TIMESTAMPTZ,
  updated_at          TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS payment (
  id                 VARCHAR,
  reservation_id     VARCHAR,
  status             VARCHAR,
  amount             DECIMAL(18, 2),
  refunded_amount    DECIMAL(18, 2),
  currency           VARCHAR,
  provider_charge_id VARCHAR,
  created_at         TIMESTAMPTZ,
  updated_at         TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS idempotency_record (
  idempotency_key VARCHAR,
  resource_id     VARCHAR,
  status_code     INTEGER,
  attempts        INTEGER,
  created_at      TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS idempotency_lock (
  id          BIGINT,
  key         VARCHAR,
  request_id  VARCHAR,
  acquired    BOOLEAN,
  created_at  TIMESTAMPTZ,
  released_at TIMESTAMPTZ
);
-- Only the booking endpoint's requests (all methods on /api/v1/reservations…).
-- response stays text: the rules read one field of it, and JSON parsing costs load time.
CREATE TABLE IF NOT EXISTS api_log (
  id              BIGINT,
  ts              TIMESTAMPTZ,
  request_id      VARCHAR,
  correlation_id  VARCHAR,
  idempotency_key VARCHAR,
  guest_email     VARCHAR,
  client_id       VARCHAR,
  endpoint        VARCHAR,
  method          VARCHAR,
  status          INTEGER,
  response        VARCHAR,
  duration        INTEGER,
  error           VARCHAR
);
-- One row per table: the high-water mark of the last successful extract.
CREATE TABLE IF NOT EXISTS extract_state (
  table_name   VARCHAR PRIMARY KEY,
  high_water   TIMESTAMPTZ,
  last_run_id  VARCHAR,
  rows_loaded  BIGINT,
  extracted_at TIMESTAMPTZ
);

-- The one source this warehouse was filled from (src/extract/source-binding.ts).
CREATE TABLE IF NOT EXISTS warehouse_source (
  fingerprint  VARCHAR NOT NULL,
  description  VARCHAR NOT NULL,
  bound_at     TIMESTAMPTZ NOT NULL
);

-- Since when the warehouse holds every booking request: the earliest lower bound a backfill read
-- them from (later runs read on from their marks, so the cover has no gap after it). One row.
CREATE TABLE IF NOT EXISTS log_horizon (
  logs_from    TIMESTAMPTZ NOT NULL
);
-- Before when retention has let the requests go (src/warehouse/apply-retention.ts): a booking
-- created before it and linked to no request had its evidence aged out. Unlike log_horizon, a
-- backfill does not move it back: what a backfill never read was not let go.
CREATE TABLE IF NOT EXISTS log_retention (
  let_go_before TIMESTAMPTZ NOT NULL
);
-- How many bookings retention has let go, and the newest creation among them: the warehouse no
-- longer holds every booking the source has, and what it says of the source (an empty window's
-- warning) adds these back.
CREATE TABLE IF NOT EXISTS retention_tally (
  reservations      BIGINT NOT NULL,
  newest_created_at TIMESTAMPTZ
);

-- Keys a source repeated with copies that disagree (src/extract/replace-rows.ts): one copy is
-- kept so the key stays unique, and the rules quarantine or flag the row instead of trusting it.
-- A later load of the key replaces its entry. `row_time` is the row's creation time (for the window).
CREATE TABLE IF NOT EXISTS source_conflict (
  table_name VARCHAR NOT NULL,
  row_id     VARCHAR NOT NULL,
  copies     INTEGER NOT NULL,
  row_time   TIMESTAMPTZ
);
