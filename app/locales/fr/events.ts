export const events = {
  kinds: {
    celebration: 'Anniversaire et réseautage',
    b2b_meetup: 'Rencontres B2B',
    delegation: 'Délégation',
  },
}
