import type { MessageKey } from '~/locales'

/** A refusal a person can read: the route answers `status` with the translated `messageKey`. */
export class AdminError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly status = 400,
    readonly field?: string,
  ) {
    super(messageKey)
  }
}
