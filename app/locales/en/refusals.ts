import type { refusals as fr } from '../fr/refusals'
import { publicRefusals } from './refusals-public'
import { b2bRefusals } from './refusals-b2b'
import { backOfficeRefusals } from './refusals-back-office'
import { privacyRefusals } from './refusals-privacy'
import { delegationRefusals } from './refusals-delegations'

export const refusals: typeof fr = { ...publicRefusals, ...b2bRefusals, ...backOfficeRefusals, ...privacyRefusals, ...delegationRefusals }
