import { common } from './common'
import { errors } from './errors'
import { events } from './events'
import { auth } from './auth'
import { admin } from './admin'

export const en = { common, errors, events, auth, admin }
