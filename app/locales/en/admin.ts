import type { admin as fr } from '../fr/admin'

export const admin: typeof fr = {
  title: 'Back office',
}
