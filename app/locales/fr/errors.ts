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
  unavailable: {
    title: 'Service momentanément indisponible',
    body: 'Le service redémarre ou est très sollicité. Réessayez dans quelques secondes.',
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
    controlCharacters: 'Ce texte contient des caractères invisibles non autorisés : retapez-le ou collez-le sans mise en forme.',
    lineBreak: 'Ce champ tient sur une ligne : retirez les retours à la ligne.',
    httpUrl: 'Saisissez une adresse web commençant par https:// ou http://.',
  },
  guard: {
    crossSite: {
      title: 'Demande refusée',
      body: 'Ce formulaire a été envoyé depuis un autre site. Par sécurité, il n’a pas été traité : rouvrez la page sur notre site et envoyez-le de nouveau.',
    },
    legacyData: {
      title: 'Demande refusée',
      body: 'Cette adresse n’est pas acceptée. Rouvrez la page depuis notre site.',
    },
    tooLarge: {
      title: 'Envoi trop volumineux',
      body: 'Ce que vous avez envoyé dépasse la taille acceptée ({limit}). Réduisez-le puis réessayez.',
    },
    back: 'Retour à l’accueil',
  },
}
