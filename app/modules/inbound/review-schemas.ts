import { z } from 'zod'

/** A decision on one review item (the back-office form); messages are catalogue keys, shown next to the choice. */
export const reviewDecisionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('apply'),
    reviewId: z.guid(),
    invitation: z.string().regex(/^(contact:[0-9a-f-]{36}:[0-9a-f-]{36}|attendee:[0-9a-f-]{36})$/, 'refusals.reviewNoInvitation'),
    partstat: z.enum(['accepted', 'tentative', 'declined'], { error: 'refusals.reviewNoAnswer' }),
  }),
  z.object({ intent: z.literal('ignore'), reviewId: z.guid() }),
])
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>
