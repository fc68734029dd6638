import type { refusals as fr } from '../fr/refusals'

export const refusals: typeof fr = {
  busy: 'Many requests at once: please try again in a few seconds.',
  notFound: 'Not found.',
  invalidInput: 'Check the fields marked below.',
}
