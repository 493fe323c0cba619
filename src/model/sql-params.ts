/**
 * The model's answers under the names the warehouse's SQL files bind them by: a file writes
 * `status IN $active_statuses`, its caller binds `...MODEL_SQL_PARAMS`, and a new status changes
 * one line of the model, never a copy in SQL.
 */
import {
  CLIENT_CLOSED_STATUS,
  CREATE_BOOKING_REQUEST,
  GATEWAY_TIMEOUT_STATUSES,
} from './booking-endpoint.ts';
import { FAILED_PAYMENT_STATUS, WHOLE_CHARGE_PAYMENT_STATUSES } from './payment-status.ts';
import { ACTIVE_RESERVATION_STATUSES } from './reservation-status.ts';
import { RESERVATION_STATUSES } from './types.ts';

export const MODEL_SQL_PARAMS = {
  /** Reservations that hold their room (isActiveReservation). */
  active_statuses: ACTIVE_RESERVATION_STATUSES,
  /** Every reservation status the reference schema knows (isKnownReservationStatus). */
  reservation_statuses: RESERVATION_STATUSES,
  /** Payments that hold their whole charge (WHOLE_CHARGE_PAYMENT_STATUSES). */
  whole_charge_statuses: WHOLE_CHARGE_PAYMENT_STATUSES,
  /** A charge that never went through (FAILED_PAYMENT_STATUS). */
  failed_payment_status: FAILED_PAYMENT_STATUS,
  /** The create-booking request's method and paths (CREATE_BOOKING_REQUEST). */
  create_method: CREATE_BOOKING_REQUEST.method,
  create_paths: CREATE_BOOKING_REQUEST.paths,
  /** A gateway that gave up waiting (GATEWAY_TIMEOUT_STATUSES), and a client that hung up first. */
  timeout_statuses: GATEWAY_TIMEOUT_STATUSES,
  client_closed_status: CLIENT_CLOSED_STATUS,
} as const;
