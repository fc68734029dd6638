import { z } from 'zod'
import { getDb } from '#db/client'
import { defineJob, type JobDefinition } from '~/jobs/types'
import { fanOutCalendarUpdate, dispatch } from '~/modules/notifications/dispatch.server'
import { installDispatcher } from '~/modules/notifications/notify.server'
import { sweepReminders } from '~/modules/reminders/reminders.server'
import { deliverEmail, deliverEmails, markInterruptedSends, requeueStrandedEmails } from './send.server'

// Every process that knows the job registry turns notifications into mails with this dispatcher.
installDispatcher((notification) => dispatch(notification))

export const emailSendSchema = z.object({ emailMessageId: z.string().uuid() })
export const calendarUpdateSchema = z.object({
  scope: z.enum(['event', 'programme-item']),
  id: z.string().uuid(),
  method: z.enum(['REQUEST', 'CANCEL']),
})

/** Background jobs of the mail area (owned by that area). */
export const mailJobs: JobDefinition[] = [
  defineJob({
    name: 'email.send',
    schema: emailSendSchema,
    // SMTP down: 8 tries over ~40 minutes (10 s × 2^n), then the message shows as failed.
    queue: { retryLimit: 8, retryDelay: 10, retryBackoff: true, expireInSeconds: 180 },
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
  }),
  defineJob({
    name: 'calendar.update',
    schema: calendarUpdateSchema,
    queue: { retryLimit: 8, retryDelay: 10, retryBackoff: true },
    handler: async (data) => getDb().transaction((tx) => fanOutCalendarUpdate(tx, data)),
  }),
  defineJob({
    name: 'reminder.sweep',
    schema: z.object({}).passthrough(),
    cron: '* * * * *',
    // A sweep that fails is simply replaced by the next minute's.
    queue: { retryLimit: 0, expireInSeconds: 120 },
    handler: async () => {
      await markInterruptedSends()
      await requeueStrandedEmails()
      return sweepReminders()
    },
  }),
]
