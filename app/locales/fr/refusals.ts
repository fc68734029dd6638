import { publicRefusals } from './refusals-public'
import { b2bRefusals } from './refusals-b2b'
import { backOfficeRefusals } from './refusals-back-office'
import { privacyRefusals } from './refusals-privacy'
import { delegationRefusals } from './refusals-delegations'

/**
 * Every refusal a person can read (`Refusal` codes, app/utils/refusal.ts), one catalogue on the
 * server. The browser gets the public ones with every page and the others with the catalogue
 * section of the pages that can show them (b2b, admin): locales/catalogues.client.ts.
 */
export const refusals = { ...publicRefusals, ...b2bRefusals, ...backOfficeRefusals, ...privacyRefusals, ...delegationRefusals }
