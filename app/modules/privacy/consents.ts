import type { ConsentPurpose } from '#db/schema/privacy'

/** The current text of each consent, per purpose; a change of wording is a new version. */
export const CONSENT_TEXTS: Record<ConsentPurpose, { version: string; fr: string; en: string }> = {
  privacy_notice: {
    version: '2026-12-01',
    fr: 'J’ai lu la politique de confidentialité du Collectif Coopération Export Martinique.',
    en: 'I have read the privacy notice of the Collectif Coopération Export Martinique.',
  },
  directory_listing: { version: '2026-12-01', fr: 'Figurer dans l’annuaire des participants et la place de marché B2B.', en: 'Be listed in the participant directory and the B2B marketplace.' },
  buyer_sharing: { version: '2026-12-01', fr: 'Partager mes coordonnées avec les acheteurs de Floride.', en: 'Share my contact details with Florida buyers.' },
  photos: { version: '2026-12-01', fr: 'Être photographié·e lors des événements et apparaître dans leurs comptes rendus.', en: 'Be photographed at events and appear in their reports.' },
  newsletter: { version: '2026-12-01', fr: 'Recevoir la lettre d’information du collectif.', en: 'Receive the collective’s newsletter.' },
  funder_sharing: { version: '2026-12-01', fr: 'Partager ma participation avec les financeurs publics de la mission.', en: 'Share my participation with the mission’s public funders.' },
}
