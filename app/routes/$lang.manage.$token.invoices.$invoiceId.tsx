import type { LoaderFunctionArgs } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { invoices } from '#db/schema/index'
import { renderInvoicePdf } from '~/modules/invoices/invoice-pdf.server'
import { requireRegistrationFromToken } from '~/modules/payments/pay-page.server'
import { notFound } from '~/utils/http.server'

/** The PDF of an invoice or credit note of this registration (resource route). */
export async function loader({ params }: LoaderFunctionArgs) {
  const registrationId = await requireRegistrationFromToken(params.token)
  if (!params.invoiceId || !/^[0-9a-f-]{36}$/i.test(params.invoiceId)) notFound()
  const [invoice] = await getDb()
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.id, params.invoiceId), eq(invoices.registrationId, registrationId)))
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
