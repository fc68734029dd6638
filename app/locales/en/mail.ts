import type { mail as fr } from '../fr/mail'

export const mail: typeof fr = {
  title: 'mail',
}
