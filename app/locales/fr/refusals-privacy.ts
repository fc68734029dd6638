/** Refus des outils de protection des données (demandes d’accès et d’effacement). */
export const privacyRefusals = {
  privacyPaymentOpen: 'Effacement impossible tant qu’un paiement est en cours ou dû (voir l’aperçu) : soldez-le ou annulez-le d’abord.',
  privacyInvalidEmail: 'Adresse e-mail invalide.',
  privacyLinkInvalid: 'Ce lien de confirmation est invalide, déjà utilisé ou expiré : faites une nouvelle demande.',
  privacyRequestNotFound: 'Demande introuvable.',
  privacyConfirmRequired: 'Cochez la case pour confirmer l’effacement.',
}
