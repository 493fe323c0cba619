-- The reference booking schema of CONTRACTS.md section 1, for tests that need a source.
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
  status               text NOT NULL,
  "cancelReason"       text,
  "idempotencyKey"     text,
  "createdAt"          timestamptz NOT NULL,
  "updatedAt"          timestamptz NOT NULL
);
CREATE TABLE "Payment" (
  id                   text PRIMARY KEY,
  "reservationId"      text NOT NULL REFERENCES "Reservation"(id),
  status               text NOT NULL,
  amount               numeric(12,2) NOT NULL,
  "refundedAmount"     numeric(12,2) NOT NULL DEFAULT 0,
  currency             char(3) NOT NULL,
  "providerChargeId"   text,
  "createdAt"          timestamptz NOT NULL,
  "updatedAt"          timestamptz NOT NULL
);
CREATE TABLE "IdempotencyRecord" (
  "idempotencyKey"     text PRIMARY KEY,
  "resourceId"         text,
  "statusCode"         integer,
  attempts             integer NOT NULL DEFAULT 1,
  "createdAt"          timestamptz NOT NULL
);
CREATE TABLE "IdempotencyLock" (
  id                   bigserial PRIMARY KEY,
  key                  text NOT NULL,
  "requestId"          text,
  acquired             boolean NOT NULL,
  "createdAt"          timestamptz NOT NULL,
  "releasedAt"         timestamptz
);
CREATE TABLE api_logs (
  id                   bigserial PRIMARY KEY,
  "timestamp"          timestamptz NOT NULL,
  "requestId"          text NOT NULL,
  "correlationId"      text,
  "idempotencyKey"     text,
  "guestEmail"         text,
  "clientId"           text,
  endpoint             text NOT NULL,
  method               text NOT NULL,
  status               integer,
  response             jsonb,
  duration             integer NOT NULL,
  error                text
);
