import type { events as fr } from '../fr/events'

export const events: typeof fr = {
  kinds: {
    celebration: 'Anniversary and networking',
    b2b_meetup: 'B2B meetings',
    delegation: 'Delegation',
  },
}
