import { boolean, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { id, timestamps } from './_columns'

export type BankDetails = { holder: string; iban: string; bic: string; bankName: string }

/** The organiser running Passerelle (CCEM first; others by configuration). */
export const organisations = pgTable('organisation', {
  id: id(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  legalName: text().notNull(),
  tagline: jsonb().$type<{ fr: string; en: string }>(),
  addressLine: text(),
  city: text(),
  postalCode: text(),
  region: text(),
  country: text().notNull().default('US'),
  email: text().notNull(),
  /** A real mailbox: the ORGANIZER of calendar invitations and the Reply-To of mails. */
  organiserMailbox: text().notNull(),
  phone: text(),
  website: text(),
  logoUrl: text(),
  primaryColor: text().notNull().default('#0b5f6f'),
  accentColor: text().notNull().default('#c2410c'),
  defaultLocale: text().$type<'fr' | 'en'>().notNull().default('fr'),
  timezone: text().notNull().default('America/New_York'),
  taxId: text(),
  registrationNumber: text(),
  invoicePrefix: text().notNull().default('INV'),
  invoicePaymentTermsDays: integer().notNull().default(30),
  bankDetails: jsonb().$type<BankDetails>(),
  isDefault: boolean().notNull().default(false),
  ...timestamps,
})
