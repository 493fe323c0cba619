-- What the simulator knows and the booking tables never say: the labels an evaluation scores
-- resrecon against. Kept in its own schema so nothing reading public can see it.
CREATE SCHEMA simulation;
CREATE TABLE simulation.run (
  seed            bigint NOT NULL,
  window_from     timestamptz NOT NULL,
  window_to       timestamptz NOT NULL,
  reservations    integer NOT NULL,
  duplicate_rate  double precision NOT NULL,
  mix             jsonb NOT NULL,  -- {"NO_KEY": 60, "TIMEOUT_RETRY": 25, "RACE": 10, "MISSING_DEDUP": 5}
  counts          jsonb NOT NULL,  -- rows per table, sets per cause, groups per kind, malformed rows per defect
  log_gap_from    timestamptz,     -- the gateway-log retention gap: no api_logs rows in it
  log_gap_to      timestamptz
);
CREATE TABLE simulation.duplicate_sets (
  set_no              integer PRIMARY KEY,
  root_cause          text NOT NULL,   -- NO_KEY | TIMEOUT_RETRY | RACE | MISSING_DEDUP
  reservation_ids     text[] NOT NULL, -- in order of creation
  keep_reservation_id text NOT NULL,   -- docs/contracts.md section 3's keep rule
  logs_available      boolean NOT NULL,
  client_id           text NOT NULL,
  guest_email         text NOT NULL,   -- normalised
  check_in            date NOT NULL,
  check_out           date NOT NULL,
  room_type_id        text NOT NULL,
  lookalike_group_no  integer          -- set when the booking is one room of a multi-room booking
);
CREATE TABLE simulation.expected_refunds (
  set_no          integer NOT NULL REFERENCES simulation.duplicate_sets (set_no),
  payment_id      text NOT NULL,
  reservation_id  text NOT NULL,
  amount          numeric(12,2) NOT NULL,  -- what the payment still holds: amount - refundedAmount
  currency        char(3) NOT NULL
);
CREATE TABLE simulation.expected_voids (
  set_no          integer NOT NULL REFERENCES simulation.duplicate_sets (set_no),
  payment_id      text NOT NULL,
  reservation_id  text NOT NULL,
  amount          numeric(12,2) NOT NULL,  -- what the authorisation holds
  currency        char(3) NOT NULL
);
CREATE TABLE simulation.lookalike_groups (
  group_no        integer PRIMARY KEY,
  kind            text NOT NULL,   -- MULTI_ROOM | AGENT | CANCEL_REBOOK | MODIFICATION
  reservation_ids text[] NOT NULL, -- the intended bookings, in order of creation
  guest_email     text NOT NULL    -- normalised
);
-- Rows the booking API accepted but a reconciliation cannot judge: each has exactly one defect.
CREATE TABLE simulation.malformed (
  reservation_id  text PRIMARY KEY,
  defect          text NOT NULL    -- BLANK_EMAIL | DATES_REVERSED | UNKNOWN_STATUS
);
