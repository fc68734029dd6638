import pino from 'pino'

const holder = globalThis as unknown as { __passerelleLogger?: pino.Logger }

/** Structured JSON logs; `LOG_LEVEL` sets the level, tests default to silent. */
export const logger: pino.Logger = (holder.__passerelleLogger ??= pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { app: 'passerelle' },
  redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'],
}))
