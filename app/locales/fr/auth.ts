export const auth = {
  signIn: {
    title: 'Espace organisateur',
    intro: 'Connectez-vous avec l’adresse e-mail et le mot de passe de votre compte du collectif.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    invalidCredentials: 'Adresse e-mail ou mot de passe incorrect.',
    errorSummary: 'La connexion n’a pas abouti.',
  },
  signOut: {
    submit: 'Se déconnecter',
  },
}
