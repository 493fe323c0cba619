-- The simulated year moves to schema year_all, where the product never looks (it reads the
-- reference tables through the default search path). The tables hold each row's final state; the
-- source shows a row as it lived: a booking from its creation ("revealAt") as it was booked,
-- changed to its final state (cancelled, checked out) on the night of its last update
-- ("changeAt", null when it never changed); a payment from when both it and its booking exist,
-- its last change (a refund, say) stamped on that change's night. So each night brings about a
-- night's bookings, as a deployment sees them, rather than the bookings that happened to reach
-- their final state that night. Sorted by reveal, so a night's rows lie together.
CREATE SCHEMA year_all;
CREATE TABLE year_all."Reservation" AS
  SELECT r.*, r."createdAt" AS "revealAt",
         CASE WHEN r."updatedAt" > r."createdAt" THEN r."updatedAt" END AS "changeAt"
  FROM public."Reservation" r ORDER BY r."createdAt";
CREATE TABLE year_all."Payment" AS
  SELECT p.*, greatest(p."createdAt", r."createdAt") AS "revealAt",
         CASE WHEN p."updatedAt" > greatest(p."createdAt", r."createdAt") THEN p."updatedAt" END AS "changeAt"
  FROM public."Payment" p JOIN public."Reservation" r ON r.id = p."reservationId"
  ORDER BY greatest(p."createdAt", r."createdAt");
CREATE TABLE year_all."IdempotencyRecord" AS
  SELECT i.*, i."createdAt" AS "revealAt" FROM public."IdempotencyRecord" i ORDER BY i."createdAt";
CREATE TABLE year_all."IdempotencyLock" AS
  SELECT l.*, l."createdAt" AS "revealAt" FROM public."IdempotencyLock" l ORDER BY l."createdAt";
CREATE TABLE year_all.api_logs AS
  SELECT a.*, a."timestamp" AS "revealAt" FROM public.api_logs a ORDER BY a."timestamp";
CREATE INDEX ON year_all."Reservation" ("revealAt");
CREATE INDEX ON year_all."Payment" ("revealAt");
CREATE INDEX ON year_all."Reservation" ("changeAt");
CREATE INDEX ON year_all."Payment" ("changeAt");
CREATE INDEX ON year_all."IdempotencyRecord" ("revealAt");
CREATE INDEX ON year_all."IdempotencyLock" ("revealAt");
CREATE INDEX ON year_all.api_logs ("revealAt");
ANALYZE year_all."Reservation", year_all."Payment", year_all."IdempotencyRecord",
  year_all."IdempotencyLock", year_all.api_logs;
DROP TABLE public."Payment", public."Reservation", public."IdempotencyRecord",
  public."IdempotencyLock", public.api_logs;
