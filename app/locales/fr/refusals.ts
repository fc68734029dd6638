/** Every refusal a person can read (`Refusal` codes, app/utils/refusal.ts). One place for all of them. */
export const refusals = {
  busy: 'Beaucoup de demandes en même temps : réessayez dans quelques secondes.',
  notFound: 'Introuvable.',
  invalidInput: 'Vérifiez les champs signalés.',
}
