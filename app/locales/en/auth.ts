import type { auth as fr } from '../fr/auth'

export const auth: typeof fr = {
  signIn: {
    title: 'Organiser sign-in',
    intro: 'Sign in with the email address and password of your account with the collective.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    invalidCredentials: 'Incorrect email address or password.',
    errorSummary: 'You could not be signed in.',
  },
  signOut: {
    submit: 'Sign out',
  },
}
