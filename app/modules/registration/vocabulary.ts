/** The closed lists of the registration aggregate, for forms and filters (routes and components do not read `#db/schema`). */
export { REGISTRATION_STATUSES, WAITLIST_STATUSES } from '#db/schema/registrations'
