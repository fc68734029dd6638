/** Refusals of delegation logistics: the browser loads them with the `delegations` catalogue section. */
export const delegationRefusals = {
  passportNumberShape: 'Ce numéro ne correspond pas au format des passeports du pays émetteur.',
  impossibleDate: 'Cette date n’existe pas ou n’est pas possible.',
  passportExpired: 'Ce passeport est expiré.',
  travelAuthorisationIncomplete: 'Indiquez le numéro de l’ESTA ou du visa.',
  travelDataForbidden: 'Seuls les rôles Logistique et Administration voient et modifient les données de voyage.',
  delegateNotFound: 'Ce délégué n’appartient pas à cette délégation.',
  unknownAirport: 'Aéroport inconnu : saisissez un code IATA de la liste (ex. FDF, MIA).',
  sameAirport: 'L’aéroport d’arrivée doit différer de celui de départ.',
  flightLandsBeforeTakeOff: 'Le vol arrive avant d’avoir décollé (heures locales de chaque aéroport) : vérifiez les heures.',
  flightTooLong: 'Un segment de vol dure moins de 24 heures : vérifiez les dates.',
  windowEndsBeforeStart: 'La fin de la fenêtre doit suivre son début.',
  departureBeforeArrival: 'La date de départ doit suivre la date d’arrivée.',
  roomLabelTaken: 'Une chambre porte déjà ce nom dans ce bloc.',
  roomFull: 'Cette chambre est complète.',
}
