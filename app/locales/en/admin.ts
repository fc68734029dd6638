import type { admin as fr } from '../fr/admin'

export const admin: typeof fr = {
  title: 'Back office',
  signedInAs: 'Signed in: {name}',
  emptyShell: 'Welcome. Events, registrations and partners will appear here.',
  nav: {
    label: 'Back-office navigation',
    dashboard: 'Dashboard',
  },
}
