import { common } from './common'
import { errors } from './errors'
import { events } from './events'
import { auth } from './auth'
import { admin } from './admin'
import { registration } from './registration'
import { mail } from './mail'
import { payments } from './payments'
import { refusals } from './refusals'
import { b2b } from './b2b'
import { inbound } from './inbound'
import { delegations } from './delegations'

export const fr = { common, errors, events, auth, admin, registration, mail, payments, refusals, b2b, inbound, delegations }
