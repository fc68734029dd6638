export const admin = {
  title: 'Back-office',
  signedInAs: 'Connecté·e : {name}',
  emptyShell: 'Bienvenue. Les événements, inscriptions et partenaires arrivent ici.',
  nav: {
    label: 'Navigation du back-office',
    dashboard: 'Tableau de bord',
  },
}
