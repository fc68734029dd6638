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
  unavailable: {
    title: 'Service temporarily unavailable',
    body: 'The service is restarting or very busy. Please try again in a few seconds.',
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
    controlCharacters: 'This text contains invisible characters that are not allowed: type it again or paste it without formatting.',
    lineBreak: 'This field fits on one line: remove the line breaks.',
    httpUrl: 'Enter a web address starting with https:// or http://.',
  },
  guard: {
    crossSite: {
      title: 'Request refused',
      body: 'This form was sent from another site. For your safety it was not processed: open the page on our site again and send it from there.',
    },
    legacyData: {
      title: 'Request refused',
      body: 'This address is not accepted. Open the page from our site again.',
    },
    tooLarge: {
      title: 'Upload too large',
      body: 'What you sent is larger than we accept ({limit}). Make it smaller and try again.',
    },
    back: 'Back to the home page',
  },
}
