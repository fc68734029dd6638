import type { common as fr } from '../fr/common'

export const common: typeof fr = {
  siteName: 'Passerelle',
  orgShort: 'CCEM',
  colon: ':',
  orgName: 'Martinique Export Cooperation Collective',
  skipToContent: 'Skip to main content',
  nav: {
    label: 'Main navigation',
    home: 'Home',
    events: 'Events',
    about: 'About us',
    signIn: 'Organiser sign-in',
    backOffice: 'Back office',
    signOut: 'Sign out',
  },
  language: {
    label: 'Language',
    switchTo: 'Français',
    switchToLabel: 'Lire cette page en français',
  },
  footer: {
    label: 'Footer',
    tagline: 'Helping Martinique companies reach the North American market, from Miami.',
    supportedBy: 'Supported by',
    rights: '© {year} Martinique Export Cooperation Collective',
    supporters: 'Région Martinique · Collectivité Territoriale de Martinique · Regional Cooperation Fund · Miami-Dade County, official partner · Consulate of France in Miami',
    address: '1395 Brickell Avenue, Miami, FL 33131, United States',
    explore: 'Explore',
    contact: 'Contact',
  },
  logoAlt: 'CCEM, home',
  time: {
    martinique: 'Martinique time',
    eventZone: '{city} time',
    sameInMartinique: 'same time in Martinique',
    from: 'from',
    to: 'to',
  },
}
