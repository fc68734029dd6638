import type { errors as fr } from '../fr/errors'

export const errors: typeof fr = {
  notFound: {
    title: 'Page not found',
    body: 'The page you asked for does not exist or is no longer available.',
    back: 'Back to the home page',
  },
  server: {
    title: 'Something went wrong',
    body: 'We could not process your request. Please try again in a moment; if it keeps happening, write to us.',
    reference: 'Reference: {id}',
  },
  forbidden: {
    title: 'Access denied',
    body: 'Your account does not have access to this page.',
  },
  badRequest: {
    title: 'Invalid request',
    body: 'The request could not be understood. Check the link or the form.',
  },
  busy: 'Many requests at once: please try again in a few seconds.',
  tooManyRequests: 'Too many attempts. Try again in {minutes} minutes.',
  field: {
    required: 'This field is required.',
    email: 'Enter a valid email address (e.g. name@company.com).',
    tooLong: 'This text is too long (at most {max} characters).',
    tooShort: 'This text is too short (at least {min} characters).',
    number: 'Enter a number.',
    invalid: 'This value is not valid.',
  },
}
