export const admin = {
  title: 'Back-office',
}
