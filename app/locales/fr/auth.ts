export const auth = {
  signIn: {
    title: 'Espace organisateur',
  },
}
