import type { LoaderFunctionArgs } from 'react-router'
import { findRegistrationInvoice } from '~/modules/registration/registration-invoices.server'
import { renderInvoicePdf } from '~/modules/invoices/invoice-pdf.server'
import { requireRegistrationFromToken } from '~/modules/payments/pay-page.server'
import { notFound } from '~/utils/http.server'

/** The PDF of an invoice or credit note of this registration (resource route). */
export async function loader({ params }: LoaderFunctionArgs) {
  const registrationId = await requireRegistrationFromToken(params.token)
  const invoice = await findRegistrationInvoice(registrationId, params.invoiceId ?? '')
  if (!invoice) notFound()
  const pdf = await renderInvoicePdf(invoice.id)
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${invoice.number}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  })
}
