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
  password: {
    setTitle: 'Choose your password',
    resetTitle: 'Choose a new password',
    intro: 'Account: {email}. At least {min} characters; a phrase of several words is safer and easier to remember.',
    password: 'New password',
    confirm: 'Confirm the password',
    submit: 'Save the password',
    tooShort: 'At least 12 characters.',
    mismatch: 'The two passwords are not the same.',
    errorSummary: 'The password was not saved.',
    deadLink: 'This link no longer works: it has been used or has expired. Ask for a new link below or from an administrator.',
    done: 'Your password is saved. You can sign in.',
    forgotLink: 'Forgotten password?',
    forgotTitle: 'Forgotten password',
    forgotIntro: 'Enter your account’s email address: if we know it, you will receive a link, valid one hour, to choose a new password.',
    forgotSubmit: 'Send me a link',
    forgotSent: 'If an account exists with this address, an email is on its way. Check your spam folder too.',
    errorSummaryEmail: 'The request did not go through.',
  },
  signOut: {
    submit: 'Sign out',
  },
}
