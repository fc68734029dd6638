import type { payments as fr } from '../fr/payments'

export const payments: typeof fr = {
  title: 'payments',
}
