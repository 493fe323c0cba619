-- Bulk loading into bare tables is several times faster than maintaining unique indexes and a
-- foreign-key trigger row by row; the after-load-*.sql files put back exactly the same constraints.
ALTER TABLE "Payment" DROP CONSTRAINT "Payment_reservationId_fkey";
ALTER TABLE "Payment" DROP CONSTRAINT "Payment_pkey";
ALTER TABLE "Reservation" DROP CONSTRAINT "Reservation_pkey";
ALTER TABLE "IdempotencyRecord" DROP CONSTRAINT "IdempotencyRecord_pkey";
ALTER TABLE "IdempotencyLock" DROP CONSTRAINT "IdempotencyLock_pkey";
ALTER TABLE api_logs DROP CONSTRAINT api_logs_pkey;
