/** The closed lists of the event aggregate, for forms and filters (routes do not read `#db/schema`). */
export { EVENT_KINDS, PROGRAMME_ITEM_KINDS } from '#db/schema/events'
export { CODE_KINDS } from '#db/schema/registrations'
