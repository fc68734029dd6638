import type { b2bRefusals as fr } from '../fr/refusals-b2b'

export const b2bRefusals: typeof fr = {
  b2bNotConfirmed: 'B2B meetings open once your registration is confirmed.',
  b2bProfileTextRequired: 'Present your company in French or in English.',
  b2bSelfRequest: 'You cannot send a request to yourself.',
  b2bClosed: 'Meeting requests are closed for this event.',
  b2bAlreadyRequested: 'You already have a request in progress with this company.',
  b2bRequestCap: 'You have reached the maximum number of requests waiting for an answer: wait for one or cancel one.',
  b2bRequestNotPending: 'This request is no longer waiting for an answer.',
  b2bNoSlot: 'No slot: define a meeting session first.',
}
