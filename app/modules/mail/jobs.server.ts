import { getDb } from '#db/client'
import type { JobHandlers } from '~/jobs/contracts'
import { fanOutCalendarUpdate } from '~/modules/notifications/calendar-fan-out.server'
import { sweepReminders } from '~/modules/reminders/reminders.server'
import { deliverEmail, deliverEmails, markInterruptedSends, requeueStrandedEmails } from './send.server'

/** Background jobs of the mail area (owned by that area). */
export const mailJobHandlers: JobHandlers<'email.send' | 'calendar.update' | 'reminder.sweep'> = {
  'email.send': {
    // pg-boss 10 waits the polling interval after every fetch: fetch many per round (a batch
    // reads what its mails share once). A batch whose handler throws is retried whole;
    // already-sent messages are then skipped by their row.
    batchSize: 20,
    pollingIntervalSeconds: 0.5,
    // Rendering and SMTP round trips overlap across loops, one per pooled SMTP connection (5);
    // each loop has at most one message between its claim and its `sent` mark.
    concurrency: 5,
    handler: async ({ emailMessageId }) => deliverEmail(emailMessageId),
    // One batch reads its rows, organisations, events and attendees once; each mail is still
    // claimed, sent and marked on its own (at most one per loop between claim and mark).
    batchHandler: async (items) => deliverEmails(items.map((item) => item.data.emailMessageId)),
  },
  'calendar.update': { handler: async (data) => getDb().transaction((tx) => fanOutCalendarUpdate(tx, data)) },
  'reminder.sweep': {
    handler: async () => {
      await markInterruptedSends()
      await requeueStrandedEmails()
      return sweepReminders()
    },
  },
}
