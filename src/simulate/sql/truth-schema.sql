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
  reservation_ids     text[] NOT NULL, -- the active members, in order of creation
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
  --   support-refunded       support acted from the payment provider's dashboard before the run,
  --                          the booking left active: a copy's charge refunded in full
  --                          (REFUNDED) or in part (PARTIALLY_REFUNDED), the original's refunded
  --                          by mistake (the paid copy is kept), a copy's authorisation voided
  --                          (VOIDED), or one of three copies cancelled (CANCELLED, its charge
  --                          refunded; the set lists the two still active)
  --   card-currency          a member paid in the card's currency (USD or GBP; EUR for a USD or
  --                          GBP booking) at a converted, marked-up amount: a copy, the original,
  --                          or both; refunds and voids in the payment's own currency
  --   late-commit            TIMEOUT_RETRY: the backend committed the cut-off request's booking
  --                          1-60 s after the request ended (504, 524 behind a CDN, 499 or no
  --                          status), about a third of the time after the retry's own booking;
  --                          a keyed request's key, IdempotencyRecord and late-released lock
  --                          name it
  --   multi-attempt-timeout  TIMEOUT_RETRY: two or three attempts cut off before the one that
  --                          succeeded, each with its own key or none; the first attempt's
  --                          booking is a copy, later cut-off attempts' bookings too
  --   clock-drift            RACE or TIMEOUT_RETRY: one creating request logged by a gateway host
  --                          whose clock was 1-8 s off the database's, so the logged race does not
  --                          overlap (the IdempotencyLock rows still do) or the booking's createdAt
  --                          falls outside its logged request
  --   initials               NO_KEY, TIMEOUT_RETRY or MISSING_DEDUP: a copy's guest name carries
  --                          only the initial of the given name ("J. DUBOIS", "Dubois J",
  --                          "DUBOIS/J"); always undecidable
  --   retry-loop             NO_KEY: a client release retried with doubling backoff until it
  --                          gave up, four to six keyless copies keeping one correlation id, the
  --                          later identical charges declined (FAILED)
  --   release-regression     NO_KEY or TIMEOUT_RETRY: a regressing release (release_regressions)
  --                          re-sent the booking without a key by its HTTP library, 0.5-2 s
  --                          later keeping the correlation id, or after a gateway's timeout
  variant             text NOT NULL,
  -- No evidence in the booking tables or the log can settle the set without a person (a copy
  -- that only an initial separates from the booking): the honest answer is a doubted set.
  undecidable         boolean NOT NULL DEFAULT false
);
CREATE TABLE simulation.expected_refunds (
  set_no          integer NOT NULL REFERENCES simulation.duplicate_sets (set_no),
  payment_id      text NOT NULL,
  reservation_id  text NOT NULL,
  amount          numeric(12,2) NOT NULL,  -- what the payment still holds: amount - refundedAmount (> 0)
  currency        char(3) NOT NULL
);
CREATE TABLE simulation.expected_voids (
  set_no          integer NOT NULL REFERENCES simulation.duplicate_sets (set_no),
  payment_id      text NOT NULL,
  reservation_id  text NOT NULL,
  amount          numeric(12,2) NOT NULL,  -- what the authorisation holds (AUTHORIZED only)
  currency        char(3) NOT NULL
);
CREATE TABLE simulation.lookalike_groups (
  group_no        integer PRIMARY KEY,
  -- MULTI_ROOM | AGENT | CANCEL_REBOOK | MODIFICATION, and the one-name checkouts: several rooms
  -- in one checkout session (one correlation id, requests one after another, each a 201) under
  -- the booker's one name and email:
  --   ONE_NAME_KEYED    each room with its own Idempotency-Key, numbered "<cart key>-1", "-2", ...
  --   ONE_NAME_KEYLESS  no keys at all
  -- and SHARED_INITIAL: two people of one family sharing one address and surname, each booking
  -- the same room type for the same stay in a session of their own, one written in full ("Jan
  -- Dubois"), the other with only an initial both given names share ("J. DUBOIS" for Julie)
  kind            text NOT NULL,
  reservation_ids text[] NOT NULL, -- the intended bookings, in order of creation
  guest_email     text NOT NULL,   -- normalised
  -- One-name checkouts: 'cart' (one payment on the first room, amount = the sum of the rooms'
  -- stay amounts) or 'per-room' (one charge per room, all created in the same second); NULL otherwise.
  payment_kind    text,
  -- A keyless one-name checkout charged per room, or a SHARED_INITIAL pair: no log tells it
  -- from a re-sent request, so doubting it is not an error.
  indistinguishable boolean NOT NULL DEFAULT false
);
-- Rows the booking API accepted but a reconciliation cannot judge: each has exactly one defect.
CREATE TABLE simulation.malformed (
  reservation_id  text PRIMARY KEY,
  defect          text NOT NULL    -- BLANK_EMAIL | DATES_REVERSED | UNKNOWN_STATUS
);
-- A client's new release that regressed (simulate's regression option; at most one row): from
-- first_night on it replaced the client's releases and its HTTP library re-sent a share of its
-- bookings without an Idempotency-Key. Its sets are duplicate_sets of variant release-regression
-- (cause NO_KEY after a dropped connection, TIMEOUT_RETRY after a gateway's timeout).
CREATE TABLE simulation.release_regressions (
  client          text NOT NULL,   -- the client without its release: ios-app
  release         text NOT NULL,   -- the new release's client id, as api_logs names it: ios-app@3.4.0
  replaces        text[] NOT NULL, -- the client ids it replaced, the main one first
  first_night     date NOT NULL,   -- the first UTC night it ran
  night_from      timestamptz NOT NULL,
  share           double precision NOT NULL  -- of its bookings re-sent without a key
);
