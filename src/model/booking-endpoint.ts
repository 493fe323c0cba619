/**
 * The booking API as its gateway logs it in api_logs (docs/contracts.md section 1): the extract
 * reads every request under the collection's path (all methods); the create-booking request is
 * a POST on the collection, logged with or without a trailing slash. The rules get these as
 * bound parameters, the reports name the endpoint from here.
 */

/** The reservations collection; every request under it is read. */
export const BOOKING_ENDPOINT_PATH = '/api/v1/reservations';

/** The request that creates a booking. */
export const CREATE_BOOKING_REQUEST = {
  method: 'POST',
  /** The paths it is logged under. */
  paths: [BOOKING_ENDPOINT_PATH, `${BOOKING_ENDPOINT_PATH}/`],
  /** As people read it: "POST /api/v1/reservations". */
  label: `POST ${BOOKING_ENDPOINT_PATH}`,
} as const;
