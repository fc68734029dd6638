/** Every user-facing error message lives here (pretix: one place for errors). */
export const errors = {
  notFound: {
    title: 'Page introuvable',
    body: 'La page demandée n’existe pas ou n’est plus disponible.',
    back: 'Retour à l’accueil',
  },
  server: {
    title: 'Une erreur est survenue',
    body: 'Nous n’avons pas pu traiter votre demande. Réessayez dans un instant ; si le problème persiste, écrivez-nous.',
    reference: 'Référence : {id}',
  },
  forbidden: {
    title: 'Accès refusé',
    body: 'Votre compte n’a pas accès à cette page.',
  },
  badRequest: {
    title: 'Demande invalide',
    body: 'La demande n’a pas pu être comprise. Vérifiez le lien ou le formulaire.',
  },
  busy: 'Beaucoup de demandes en même temps : réessayez dans quelques secondes.',
  tooManyRequests: 'Trop de tentatives. Réessayez dans {minutes} minutes.',
  field: {
    required: 'Ce champ est obligatoire.',
    email: 'Saisissez une adresse e-mail valide (ex. nom@entreprise.com).',
    tooLong: 'Ce texte est trop long ({max} caractères au plus).',
    tooShort: 'Ce texte est trop court ({min} caractères au moins).',
    number: 'Saisissez un nombre.',
    invalid: 'Cette valeur n’est pas valide.',
  },
}
