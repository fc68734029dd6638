import { isIP } from 'node:net'
import { z } from 'zod'
import { zod3Wording } from '~/utils/schema-errors'

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().url().optional(),
)

/**
 * Which proxies may set the client's address (Express's `trust proxy`): a hop count (`1`: the
 * address the nearest proxy saw) or a comma-separated list of proxy addresses / CIDRs (or
 * Express's names `loopback`, `linklocal`, `uniquelocal`). Never `true`: that takes the left-most
 * X-Forwarded-For entry, which the client writes. `true` / `yes` are read as 1 (with a warning).
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    const lower = value.toLowerCase()
    if (['', 'false', '0', 'no', 'off'].includes(lower)) return false
    if (lower === 'true' || lower === 'yes') return 1
    if (/^\d+$/.test(value)) return Number(value)
    const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean)
    const bad = entries.filter((entry) => !isProxyAddress(entry))
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: `must be a hop count (e.g. 1) or proxy addresses / CIDRs separated by commas; not understood: ${bad.join(', ') || value}` })
      return z.NEVER
    }
    return entries
  })

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true
  const [address, bits, ...rest] = entry.split('/')
  if (rest.length > 0 || !isIP(address)) return false
  if (bits === undefined) return true
  const max = isIP(address) === 4 ? 32 : 128
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max
}

/** A 256-bit key written as 64 hex digits or as base64 of 32 bytes. */
export function isDataKey(value: string): boolean {
  if (/^[0-9a-f]{64}$/i.test(value)) return true
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Where HTTP listens. Default: 0.0.0.0 in production, 127.0.0.1 elsewhere (a dev server is not for the network). */
    HOST: z.string().trim().min(1).optional(),
    PUBLIC_URL: optionalUrl,
    /** postgres://… ; when unset, an embedded PGlite in PGLITE_DIR is served on a local socket. */
    DATABASE_URL: optionalUrl,
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    PGLITE_DIR: z.string().default('.data/pglite'),
    /** Signs the session cookie. Required in production. */
    SESSION_SECRET: z.string().min(32).optional(),
    /** `inline`: this process also runs the background jobs; `off`: web only (run `npm run worker`). */
    JOBS_MODE: z.enum(['inline', 'off']).default('inline'),
    /** Seed the demo data when the database is empty (default: on outside production). */
    SEED_DEMO: booleanish.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxy.prefault('false'),
    /** Serve the production build (build/) outside production too: the end-to-end tests do, for speed and stability. */
    SERVE_BUILD: booleanish.prefault('false'),
    /** Seconds an anonymous visitor's public page is replayed from memory (default 5 in production, 0 = off elsewhere). */
    PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
    /** smtp(s)://user:pass@host:port ; when unset outside production, mail goes to the dev mailbox (/dev/mail). */
    SMTP_URL: optionalUrl,
    /** From header, e.g. `CCEM <contact@ccem.example>`; defaults to the organisation's name and email. */
    MAIL_FROM: z.string().trim().min(3).optional(),
    MAIL_REPLY_TO: z.email().optional(),
    /** ORGANIZER of calendar invitations (a real mailbox); defaults to the organisation's organiserMailbox. */
    MAIL_ORGANIZER: z.email().optional(),
    /** imap(s)://user:pass@host:port/Mailbox — the mailbox calendar replies arrive in; unset: no IMAP polling. */
    /** Years funder attendance lists are kept after the last payment of the funded registration (legal hold). */
    PRIVACY_FUNDER_LIST_YEARS: z.coerce.number().int().min(1).max(30).default(5),
    INBOUND_IMAP_URL: optionalUrl,
    /** Where processed messages are moved on the IMAP server (they are flagged \\Seen either way); unset: they stay. */
    INBOUND_IMAP_PROCESSED_MAILBOX: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(1).optional()),
    /** Signs `POST /webhooks/inbound-mail` bodies (HMAC-SHA256, hex); unset: the webhook answers 404. */
    INBOUND_MAIL_SECRET: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(16).optional()),
    /** Domain of invitations' `rsvp+TOKEN@…` reply address; defaults to the organiser mailbox's domain. */
    INBOUND_RSVP_DOMAIN: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i).optional()),
    /** sk_test_… / rk_test_… (a live key only when NODE_ENV=production). Unset: the test checkout stands in. */
    STRIPE_SECRET_KEY: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional()),
    /** whsec_… from the Stripe dashboard; unset: a local secret is generated at first start and kept in the database. */
    STRIPE_WEBHOOK_SECRET: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional()),
    /** 32 bytes, base64 or 64 hex digits: encrypts travel identity field by field (AES-256-GCM). Required in production. */
    DATA_ENCRYPTION_KEY: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().refine(isDataKey, 'must be 32 bytes as base64 or 64 hex digits').optional()),
    /** Former keys, comma-separated, still read (not written) during a rotation; `npm run data:rekey` rewrites with the current key. */
    DATA_ENCRYPTION_OLD_KEYS: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().refine((v) => v.split(',').every((k) => isDataKey(k.trim())), 'must be keys like DATA_ENCRYPTION_KEY, comma-separated').optional()),
  })
  .superRefine((env, ctx) => {
    if (env.STRIPE_SECRET_KEY && !/^(sk|rk)_(test|live)_/.test(env.STRIPE_SECRET_KEY))
      ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'must be a Stripe secret or restricted key (sk_… or rk_…)' })
    if (env.NODE_ENV !== 'production' && env.STRIPE_SECRET_KEY && /^(sk|rk)_live_/.test(env.STRIPE_SECRET_KEY))
      ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'is a live key: refused unless NODE_ENV=production (use an sk_test_ key)' })
    if (env.NODE_ENV !== 'production') return
    if (!env.SESSION_SECRET)
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production (32+ characters)' })
    if (!env.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production (the embedded PGlite is for development)' })
    if (!env.PUBLIC_URL)
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required in production (absolute links in mails)' })
    if (!env.SMTP_URL)
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production (smtp://user:pass@host:587; the dev mailbox is for development)' })
    if (!env.MAIL_FROM)
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required in production (e.g. "CCEM <contact@your-domain>")' })
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required in production with STRIPE_SECRET_KEY (whsec_… from the Stripe dashboard; without it every webhook is refused)' })
    if (!env.DATA_ENCRYPTION_KEY)
      ctx.addIssue({ code: 'custom', path: ['DATA_ENCRYPTION_KEY'], message: 'is required in production (32 random bytes: `openssl rand -base64 32`); it encrypts passports and travel data' })
    if (env.SEED_DEMO === true)
      ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'cannot be true in production (it creates an organiser whose password the README publishes)' })
  })

export type Env = z.infer<typeof EnvSchema> & { configWarnings: string[]; HOST: string; PUBLIC_URL: string; SESSION_SECRET: string; SEED_DEMO: boolean; PAGE_CACHE_SECONDS: number }

/** The labelled test checkout stands in for Stripe only without keys, and never in production. */
export function testCheckoutEnabled(env: Pick<Env, 'NODE_ENV' | 'STRIPE_SECRET_KEY'>): boolean {
  return env.NODE_ENV !== 'production' && !env.STRIPE_SECRET_KEY
}

export class ConfigError extends Error {}

/** Parses the environment once; a missing or bad variable stops start-up with its name. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source, { error: zod3Wording })
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`)
  }
  const env = result.data
  const configWarnings: string[] = []
  if (/^(true|yes)$/i.test(String(source.TRUST_PROXY ?? '').trim()))
    configWarnings.push('TRUST_PROXY=true is read as TRUST_PROXY=1 (trust one proxy hop): set the hop count or the proxy addresses')
  return {
    ...env,
    configWarnings,
    HOST: env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    SESSION_SECRET: env.SESSION_SECRET ?? 'development-only-session-secret-not-for-production',
    SEED_DEMO: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    PAGE_CACHE_SECONDS: env.PAGE_CACHE_SECONDS ?? (env.NODE_ENV === 'production' ? 5 : 0),
  }
}

const globalForEnv = globalThis as unknown as { __passerelleEnv?: Env }

/** The parsed configuration of this process (parsed on first use, then cached). */
export function getEnv(): Env {
  globalForEnv.__passerelleEnv ??= parseEnv()
  return globalForEnv.__passerelleEnv
}

export function setEnv(env: Env) {
  globalForEnv.__passerelleEnv = env
}
