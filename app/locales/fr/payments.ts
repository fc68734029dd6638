export const payments = {
  title: 'payments',
}
