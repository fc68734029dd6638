/**
 * Field-level encryption of travel identity (decision 019): AES-256-GCM, a fresh 96-bit IV per
 * value, the field name and the delegate's id as additional data (a value copied to another
 * field or row does not decrypt). Stored as `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url);
 * `keyId` names the key (first 8 hex of its SHA-256), so a rotation reads old keys
 * (`DATA_ENCRYPTION_OLD_KEYS`) and writes with the current one.
 */
import crypto from 'node:crypto'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'

type Key = { id: string; bytes: Buffer }

function keyFrom(text: string): Key {
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')
  if (bytes.length !== 32) throw new Error('a data encryption key must be 32 bytes')
  return { id: crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes }
}

let cached: { current: Key; all: Map<string, Key>; source: string } | null = null

/** The current key and every key still readable; a fixed development key (loudly) outside production. */
export function dataKeys() {
  const env = getEnv()
  const source = `${env.DATA_ENCRYPTION_KEY ?? ''}|${env.DATA_ENCRYPTION_OLD_KEYS ?? ''}|${env.NODE_ENV}`
  if (cached && cached.source === source) return cached
  let current: Key
  if (env.DATA_ENCRYPTION_KEY) current = keyFrom(env.DATA_ENCRYPTION_KEY)
  else {
    if (env.NODE_ENV === 'production') throw new Error('DATA_ENCRYPTION_KEY is required in production')
    logger.warn('DATA_ENCRYPTION_KEY is not set: travel data is encrypted with a FIXED DEVELOPMENT KEY — never use this outside development and tests')
    current = { ...keyFrom(crypto.createHash('sha256').update('passerelle-development-data-key').digest('hex')) }
  }
  const all = new Map<string, Key>([[current.id, current]])
  for (const old of (env.DATA_ENCRYPTION_OLD_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean)) {
    const key = keyFrom(old)
    if (!all.has(key.id)) all.set(key.id, key)
  }
  cached = { current, all, source }
  return cached
}

const PREFIX = 'enc:v1:'

export function isCiphertext(value: string): boolean {
  return value.startsWith(PREFIX)
}

/** Encrypts one field of one record; null stays null. */
export function encryptField(plain: string | null | undefined, field: string, recordId: string): string | null {
  if (plain === null || plain === undefined || plain === '') return null
  const { current } = dataKeys()
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', current.bytes, iv)
  cipher.setAAD(Buffer.from(`${field}:${recordId}`))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return `${PREFIX}${current.id}:${iv.toString('base64url')}:${tag.toString('base64url')}:${body.toString('base64url')}`
}

/** Decrypts a value written by `encryptField` for the same field and record; throws if tampered or the key is unknown. */
export function decryptField(stored: string | null | undefined, field: string, recordId: string): string | null {
  if (!stored) return null
  if (!isCiphertext(stored)) throw new Error(`${field} is not encrypted`)
  const [keyId, iv, tag, body] = stored.slice(PREFIX.length).split(':')
  const key = dataKeys().all.get(keyId)
  if (!key) throw new Error(`${field} was encrypted with an unknown key (${keyId}): add it to DATA_ENCRYPTION_OLD_KEYS`)
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(`${field}:${recordId}`))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

/** True when the value was written with an older key (the rekey script rewrites it). */
export function needsRekey(stored: string | null | undefined): boolean {
  if (!stored) return false
  return stored.slice(PREFIX.length).split(':')[0] !== dataKeys().current.id
}

/** What a list shows instead of a secret: the last characters only. */
export function mask(plain: string | null, visible = 2): string {
  if (!plain) return ''
  return `${'•'.repeat(Math.max(3, plain.length - visible))}${plain.slice(-visible)}`
}
