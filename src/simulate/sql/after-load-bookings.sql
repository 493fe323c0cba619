-- Constraints and indexes of "Reservation" and "Payment", restored after the load (the foreign
-- key needs the reservation key first), plus the indexes a booking API keeps.
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_pkey" PRIMARY KEY (id);
CREATE INDEX "Reservation_guestEmail_idx" ON "Reservation" ("guestEmail");
CREATE INDEX "Reservation_createdAt_idx" ON "Reservation" ("createdAt");
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_pkey" PRIMARY KEY (id);
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_reservationId_fkey"
  FOREIGN KEY ("reservationId") REFERENCES "Reservation"(id);
CREATE INDEX "Payment_reservationId_idx" ON "Payment" ("reservationId");
ANALYZE "Reservation";
ANALYZE "Payment";
