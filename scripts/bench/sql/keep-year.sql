-- The simulated year moves to schema year_all, where the product never looks (it reads the
-- reference tables through the default search path), each row stamped with "revealAt": the
-- first instant at which the source held it as simulated. A row exists once it was created and
-- last updated (the tables hold each row's final state), so a booking created on night 1 and
-- cancelled on night 3 appears on night 3; a payment also waits for its booking. Sorted by that
-- instant, so a night's rows lie together.
CREATE SCHEMA year_all;
CREATE TABLE year_all."Reservation" AS
  SELECT r.*, greatest(r."createdAt", r."updatedAt") AS "revealAt"
  FROM public."Reservation" r ORDER BY greatest(r."createdAt", r."updatedAt");
CREATE TABLE year_all."Payment" AS
  SELECT p.*, greatest(p."createdAt", p."updatedAt", r."createdAt", r."updatedAt") AS "revealAt"
  FROM public."Payment" p JOIN public."Reservation" r ON r.id = p."reservationId"
  ORDER BY greatest(p."createdAt", p."updatedAt", r."createdAt", r."updatedAt");
CREATE TABLE year_all."IdempotencyRecord" AS
  SELECT i.*, i."createdAt" AS "revealAt" FROM public."IdempotencyRecord" i ORDER BY i."createdAt";
CREATE TABLE year_all."IdempotencyLock" AS
  SELECT l.*, l."createdAt" AS "revealAt" FROM public."IdempotencyLock" l ORDER BY l."createdAt";
CREATE TABLE year_all.api_logs AS
  SELECT a.*, a."timestamp" AS "revealAt" FROM public.api_logs a ORDER BY a."timestamp";
CREATE INDEX ON year_all."Reservation" ("revealAt");
CREATE INDEX ON year_all."Payment" ("revealAt");
CREATE INDEX ON year_all."IdempotencyRecord" ("revealAt");
CREATE INDEX ON year_all."IdempotencyLock" ("revealAt");
CREATE INDEX ON year_all.api_logs ("revealAt");
ANALYZE year_all."Reservation", year_all."Payment", year_all."IdempotencyRecord",
  year_all."IdempotencyLock", year_all.api_logs;
DROP TABLE public."Payment", public."Reservation", public."IdempotencyRecord",
  public."IdempotencyLock", public.api_logs;
