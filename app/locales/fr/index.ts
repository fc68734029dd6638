import { common } from './common'
import { errors } from './errors'
import { events } from './events'
import { auth } from './auth'
import { admin } from './admin'

export const fr = { common, errors, events, auth, admin }
