import type { delegationRefusals as fr } from '../fr/refusals-delegations'

/** Refusals of delegation logistics: the browser loads them with the `delegations` catalogue section. */
export const delegationRefusals: typeof fr = {
  passportNumberShape: 'This number does not match the passport format of the issuing country.',
  impossibleDate: 'This date does not exist or is not possible.',
  passportExpired: 'This passport has expired.',
  travelAuthorisationIncomplete: 'Enter the ESTA or visa number.',
  travelDataForbidden: 'Only the Logistics and Administration roles see and edit travel data.',
  delegateNotFound: 'This delegate is not part of this delegation.',
  unknownAirport: 'Unknown airport: enter an IATA code from the list (e.g. FDF, MIA).',
  sameAirport: 'The arrival airport must differ from the departure airport.',
  flightLandsBeforeTakeOff: 'The flight lands before it takes off (each airport’s local time): check the times.',
  flightTooLong: 'A flight segment lasts less than 24 hours: check the dates.',
  windowEndsBeforeStart: 'The window must end after it starts.',
  departureBeforeArrival: 'The departure date must follow the arrival date.',
  roomLabelTaken: 'A room of this block already has this name.',
  roomFull: 'This room is full.',
}
