import { z } from 'zod'

/** A decision on one review item (the back-office form). */
export const reviewDecisionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('apply'),
    reviewId: z.string().uuid(),
    invitation: z.string().regex(/^(contact:[0-9a-f-]{36}:[0-9a-f-]{36}|attendee:[0-9a-f-]{36})$/, 'reviewNoInvitation'),
    partstat: z.enum(['accepted', 'tentative', 'declined'], { message: 'reviewNoAnswer' }),
  }),
  z.object({ intent: z.literal('ignore'), reviewId: z.string().uuid() }),
])
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>
