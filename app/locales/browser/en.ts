import { common } from '../en/common'
import { errors } from '../en/errors'
import { events } from '../en/events'
import { publicRefusals } from '../en/refusals-public'

/** What every page reads in English in the browser; the sections of sections.ts come in their own chunks. */
export const en = { common, errors, events, refusals: publicRefusals }
