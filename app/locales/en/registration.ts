import type { registration as fr } from '../fr/registration'

export const registration: typeof fr = {
  title: 'registration',
}
