import type { Locale } from '~/locales'
import { registerCompany, type RegisterContext, type RegisterResult } from '~/modules/registration/intake.server'
import { localePath } from '~/utils/i18n'
import { logger } from '~/utils/logger.server'
import { isRefusal } from '~/utils/refusal'
import { startCardPayment } from './checkout.server'

/**
 * The registration form's one click: register, then go where the chosen payment method leads.
 * Card → the checkout at once (Stripe Checkout, or the test checkout without keys); invoice →
 * the payment page that shows the invoice just issued; nothing to pay or waiting for approval →
 * the management page. The registration is committed before the checkout is asked for: when the
 * card gateway refuses or fails, the company lands on its management page, registered, with its
 * "Pay" button and a word on what happened.
 */
export async function registerAndPay(input: unknown, ctx: RegisterContext, locale: Locale): Promise<{ result: RegisterResult; next: string }> {
  const result = await registerCompany(input, ctx)
  const manage = `/manage/${result.managementToken}`
  const welcome = localePath(locale, `${manage}?welcome=1`)
  if (result.status === 'pending_approval' || result.totalMinor === 0) return { result, next: welcome }
  // The invoice was issued with the registration (confirmed at once or awaiting the transfer): show it.
  if (result.paymentMethod === 'invoice') return { result, next: localePath(locale, `${manage}/pay?welcome=1`) }
  if (result.paymentMethod !== 'card' || result.status !== 'awaiting_payment') return { result, next: welcome }
  try {
    const { url } = await startCardPayment({ registrationId: result.registrationId, locale, returnToken: result.managementToken })
    return { result, next: url }
  } catch (error) {
    if (!isRefusal(error)) logger.error({ err: error, registrationId: result.registrationId }, 'checkout after registration failed')
    return { result, next: `${welcome}&payment=${isRefusal(error) ? error.code : 'gatewayFailed'}` }
  }
}
