/** The calendar programs whose replies the dev mailbox can imitate (shared with its page). */
export const REPLY_CLIENTS = ['gmail', 'outlook', 'outlook-tnef', 'outlook-com', 'apple', 'thunderbird'] as const
export type ReplyClient = (typeof REPLY_CLIENTS)[number]
