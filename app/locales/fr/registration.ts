export const registration = {
  title: 'registration',
}
