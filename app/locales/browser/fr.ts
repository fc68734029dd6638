import { common } from '../fr/common'
import { errors } from '../fr/errors'
import { events } from '../fr/events'
import { publicRefusals } from '../fr/refusals-public'

/** What every page reads in French in the browser; the sections of sections.ts come in their own chunks. */
export const fr = { common, errors, events, refusals: publicRefusals }
