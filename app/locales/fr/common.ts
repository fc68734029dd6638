export const common = {
  siteName: 'Passerelle',
  orgShort: 'CCEM',
  orgName: 'Collectif Coopération Export Martinique',
  skipToContent: 'Aller au contenu principal',
  nav: {
    label: 'Navigation principale',
    home: 'Accueil',
    events: 'Événements',
    about: 'Le collectif',
    signIn: 'Espace organisateur',
    backOffice: 'Back-office',
    signOut: 'Se déconnecter',
  },
  language: {
    label: 'Langue',
    switchTo: 'English',
    switchToLabel: 'Read this page in English',
  },
  footer: {
    label: 'Pied de page',
    tagline: 'Accompagner les entreprises de Martinique vers le marché nord-américain, depuis Miami.',
    supportedBy: 'Avec le soutien de',
    rights: '© {year} Collectif Coopération Export Martinique',
  },
  time: {
    martinique: 'heure de Martinique',
    eventZone: 'heure de {city}',
    sameInMartinique: 'même heure en Martinique',
    from: 'du',
    to: 'au',
  },
}
