-- The reference booking schema, exactly as docs/contracts.md section 1 defines it.
CREATE TABLE "Reservation" (
  id                   text PRIMARY KEY,
  "confirmationNumber" text NOT NULL,
  "guestEmail"         text NOT NULL,
  "guestName"          text,
  "propertyId"         text NOT NULL,
  "roomTypeId"         text NOT NULL,
  "checkIn"            date NOT NULL,
  "checkOut"           date NOT NULL,
  "rateAmount"         numeric(12,2) NOT NULL,
  currency             char(3) NOT NULL,
  status               text NOT NULL,   -- PENDING | CONFIRMED | CANCELLED | CHECKED_IN | CHECKED_OUT | NO_SHOW
  "cancelReason"       text,
  "idempotencyKey"     text,
  "createdAt"          timestamptz NOT NULL,
  "updatedAt"          timestamptz NOT NULL
);
CREATE TABLE "Payment" (
  id                   text PRIMARY KEY,
  "reservationId"      text NOT NULL REFERENCES "Reservation"(id),
  status               text NOT NULL,   -- PENDING | AUTHORIZED | CAPTURED | FAILED | REFUNDED | PARTIALLY_REFUNDED | VOIDED
  amount               numeric(12,2) NOT NULL,
  "refundedAmount"     numeric(12,2) NOT NULL DEFAULT 0,
  currency             char(3) NOT NULL,
  "providerChargeId"   text,
  "createdAt"          timestamptz NOT NULL,
  "updatedAt"          timestamptz NOT NULL
);
CREATE TABLE "IdempotencyRecord" (
  "idempotencyKey"     text PRIMARY KEY,
  "resourceId"         text,            -- reservation id the key produced
  "statusCode"         integer,
  attempts             integer NOT NULL DEFAULT 1,
  "createdAt"          timestamptz NOT NULL
);
CREATE TABLE "IdempotencyLock" (
  id                   bigserial PRIMARY KEY,
  key                  text NOT NULL,
  "requestId"          text,
  acquired             boolean NOT NULL, -- false: acquisition failed or was skipped
  "createdAt"          timestamptz NOT NULL,
  "releasedAt"         timestamptz
);
-- One row per HTTP request, written by the API gateway.
CREATE TABLE api_logs (
  id                   bigserial PRIMARY KEY,
  "timestamp"          timestamptz NOT NULL, -- request received
  "requestId"          text NOT NULL,
  "correlationId"      text,
  "idempotencyKey"     text,                 -- Idempotency-Key header, NULL when absent
  "guestEmail"         text,
  "clientId"           text,                 -- calling app / channel, e.g. ios-app@3.2.1
  endpoint             text NOT NULL,        -- e.g. /api/v1/reservations
  method               text NOT NULL,
  status               integer,              -- HTTP status sent; NULL when the client hung up first
  response             jsonb,                -- body sent; for 201 it holds {"id": "<reservation id>"}
  duration             integer NOT NULL,     -- ms until the response was sent or the connection closed
  error                text                  -- e.g. 'upstream timeout', 'client closed request'
);
