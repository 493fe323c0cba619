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
  realities       jsonb NOT NULL,  -- the shares of real-traffic realities used (src/simulate/realities.ts)
  counts          jsonb NOT NULL,  -- rows per table, sets per cause and per variant, groups per kind,
                                   -- one-name checkouts per payment kind, malformed rows per defect
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
  lookalike_group_no  integer,         -- set when the booking is one room of a multi-room booking
  -- The one reality of real traffic the set shows, so each can be scored on its own:
  --   clean                  the cause as the runbook describes it (a NO_KEY copy is a person
  --                          submitting again, with a new correlation id)
  --   channel-name           MISSING_DEDUP: the copy came through a channel manager that wrote the
  --                          guest's name its own way ("SURNAME/GIVEN", "Surname, Given", capitals,
  --                          no diacritics, extra spaces, a title); same guest, same booking
  --   library-retry          NO_KEY: an HTTP library re-sent the request 0.5-2 s later, keeping
  --                          the correlation id
  --   mixed-keys             one request carried an Idempotency-Key, the other none; NO_KEY within
  --                          a retry's reach, MISSING_DEDUP minutes or hours later (another app)
  --   split-payment          members paid as a deposit captured plus the balance authorised
  --                          (two payments each; the copies' parts are refunded and voided)
  --   declined-then-charged  a charge declined (FAILED), then captured on the same member
  variant             text NOT NULL,
  -- No evidence in the booking tables or the log can settle the set without a person (a copy
  -- that only an initial separates from the booking): the honest answer is a doubted set.
  undecidable         boolean NOT NULL DEFAULT false
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
  -- MULTI_ROOM | AGENT | CANCEL_REBOOK | MODIFICATION, and the one-name checkouts: several rooms
  -- in one checkout session (one correlation id, requests one after another, each a 201) under
  -- the booker's one name and email:
  --   ONE_NAME_KEYED    each room with its own Idempotency-Key, numbered "<cart key>-1", "-2", ...
  --   ONE_NAME_KEYLESS  no keys at all
  kind            text NOT NULL,
  reservation_ids text[] NOT NULL, -- the intended bookings, in order of creation
  guest_email     text NOT NULL,   -- normalised
  -- One-name checkouts: 'cart' (one payment on the first room, amount = the sum of the rooms'
  -- stay amounts) or 'per-room' (one charge per room, all created in the same second); NULL otherwise.
  payment_kind    text,
  -- A keyless one-name checkout charged per room: no log tells it from a re-sent request, so
  -- doubting it is not an error.
  indistinguishable boolean NOT NULL DEFAULT false
);
-- Rows the booking API accepted but a reconciliation cannot judge: each has exactly one defect.
CREATE TABLE simulation.malformed (
  reservation_id  text PRIMARY KEY,
  defect          text NOT NULL    -- BLANK_EMAIL | DATES_REVERSED | UNKNOWN_STATUS
);
