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

/**
 * Statuses a gateway or proxy answers when it gave up waiting for the backend (the booking may
 * still have been made): 502 and 504 from API gateways and nginx, 524 from a CDN edge that cut
 * at 100 s. A client hanging up first is 499, or no status at all.
 */
export const GATEWAY_TIMEOUT_STATUSES = [502, 504, 524] as const;
export const CLIENT_CLOSED_STATUS = 499;

/**
 * How far before a booking's creation its requests are looked for: a request begins before the
 * booking it makes, by up to a gateway's patience and a late commit. The extract reads requests
 * this far before its bounds; the rules tell a booking whose requests predate the warehouse's.
 */
export const REQUEST_MARGIN_MINUTES = 15;
