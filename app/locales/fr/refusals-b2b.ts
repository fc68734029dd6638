/** Refusals of the B2B pages: the browser loads them with the `b2b` catalogue section. */
export const b2bRefusals = {
  b2bNotConfirmed: 'Les rendez-vous B2B s’ouvrent une fois votre inscription confirmée.',
  b2bProfileTextRequired: 'Présentez votre entreprise en français ou en anglais.',
  b2bSelfRequest: 'Vous ne pouvez pas vous adresser une demande à vous-même.',
  b2bClosed: 'Les demandes de rendez-vous sont closes pour cet événement.',
  b2bAlreadyRequested: 'Vous avez déjà une demande en cours avec cette entreprise.',
  b2bRequestCap: 'Vous avez atteint le nombre maximum de demandes en attente de réponse : attendez une réponse ou annulez-en une.',
  b2bRequestNotPending: 'Cette demande n’attend plus de réponse.',
  b2bNoSlot: 'Aucun créneau : définissez d’abord une session de rendez-vous.',
}
