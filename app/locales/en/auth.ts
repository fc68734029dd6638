import type { auth as fr } from '../fr/auth'

export const auth: typeof fr = {
  signIn: {
    title: 'Organiser sign-in',
  },
}
