/**
 * The personal-data inventory: every column of every table, tagged. Pure data (no db access), so
 * the back office, `npm run privacy:inventory` and the completeness test all read the same list.
 *
 * Adding a table = one entry below: its purpose, legal basis and retention rule, the columns that
 * hold personal data with their category, and the other columns listed under `other`.
 * `tests/integration/privacy/inventory.test.ts` fails on any column of the drizzle schema that is
 * not listed here (and on a listed column that no longer exists).
 */

export const DATA_CATEGORIES = ['identity', 'contact', 'company', 'travel_identity', 'health', 'financial', 'technical', 'free_text', 'none'] as const
export type DataCategory = (typeof DATA_CATEGORIES)[number]

export const LEGAL_BASES = ['contract', 'legal_obligation', 'consent', 'legitimate_interest'] as const
export type LegalBasis = (typeof LEGAL_BASES)[number]

/** Retention rules; the retention job (`retention.server.ts`) applies the ones marked `automatic`. */
export const RETENTION_RULES = {
  legal_hold_invoice: { years: 10, automatic: false, text: { fr: '10 ans (Code de commerce L123-22) : conservé même en cas d’effacement', en: '10 years (French commercial code L123-22): kept even on erasure' } },
  legal_hold_funder: { years: 5, automatic: false, text: { fr: 'PRIVACY_FUNDER_LIST_YEARS ans après le dernier paiement (listes d’émargement des financeurs)', en: 'PRIVACY_FUNDER_LIST_YEARS years after the last payment (funder attendance lists)' } },
  funder_hold_end: { automatic: true, text: { fr: 'Supprimé PRIVACY_FUNDER_LIST_YEARS ans après la fin de la mission (feuilles d’émargement signées)', en: 'Deleted PRIVACY_FUNDER_LIST_YEARS years after the mission ends (signed attendance sheets)' } },
  travel_after_return: { days: 30, automatic: true, text: { fr: '30 jours après le retour de la mission', en: '30 days after the mission returns' } },
  contact_inactive: { years: 3, automatic: true, text: { fr: 'Pseudonymisé 3 ans après la dernière inscription', en: 'Pseudonymised 3 years after the last registration' } },
  token_expiry: { automatic: true, text: { fr: 'Supprimé à expiration', en: 'Deleted when expired' } },
  mail_log: { days: 365, automatic: true, text: { fr: 'Contenu des courriels effacé après 1 an', en: 'Mail contents cleared after 1 year' } },
  inbound_mail: { days: 90, automatic: true, text: { fr: 'Courriels reçus supprimés après 90 jours', en: 'Received mail deleted after 90 days' } },
  account_lifetime: { automatic: false, text: { fr: 'Durée du compte', en: 'While the account exists' } },
  audit_log: { years: 5, automatic: false, text: { fr: '5 ans ; masqué (pas supprimé) lors d’un effacement', en: '5 years; redacted (not deleted) on erasure' } },
  consent_proof: { years: 5, automatic: false, text: { fr: '5 ans après le retrait (preuve du consentement)', en: '5 years after withdrawal (proof of consent)' } },
  not_personal: { automatic: false, text: { fr: 'Pas de donnée personnelle', en: 'No personal data' } },
} as const
export type RetentionRule = keyof typeof RETENTION_RULES

export type TableInventory = {
  purpose: string
  basis: LegalBasis
  retention: RetentionRule
  /** Columns holding personal data, with their category. */
  personal: Record<string, DataCategory>
  /** Every other column, space separated (no personal data). */
  other: string
}

const none = (purpose: string, other: string): TableInventory => ({ purpose, basis: 'legitimate_interest', retention: 'not_personal', personal: {}, other })

/** Keyed by the SQL table name. */
export const PRIVACY_INVENTORY: Record<string, TableInventory> = {
  // ── organisation and staff ─────────────────────────────────────────────
  organisation: {
    purpose: 'The organiser itself (legal entity, printed on invoices)',
    basis: 'legitimate_interest',
    retention: 'not_personal',
    personal: {},
    other:
      'id slug name legalName tagline addressLine city postalCode region country email organiserMailbox phone website logoUrl primaryColor accentColor defaultLocale timezone taxId registrationNumber invoicePrefix invoicePaymentTermsDays bankDetails isDefault createdAt updatedAt',
  },
  user_account: {
    purpose: 'Back-office accounts of staff and partner viewers',
    basis: 'contract',
    retention: 'account_lifetime',
    personal: { email: 'contact', name: 'identity', passwordHash: 'technical', lastSignInAt: 'technical' },
    other: 'id organisationId locale partnerId disabledAt createdAt updatedAt',
  },
  user_role: none('Roles of back-office accounts', 'userId role createdAt'),
  session: {
    purpose: 'Back-office sign-in sessions and their security trail',
    basis: 'legitimate_interest',
    retention: 'token_expiry',
    personal: { ip: 'technical', userAgent: 'technical' },
    other: 'tokenHash userId expiresAt createdAt',
  },
  rate_limit: { purpose: 'Abuse protection counters', basis: 'legitimate_interest', retention: 'token_expiry', personal: { key: 'technical' }, other: 'windowStart hits' },
  password_token: none('One-use password links (hash only)', 'tokenHash userId purpose expiresAt usedAt createdAt'),
  app_secret: none('Secrets shared by instances', 'name value createdAt'),

  // ── events and programme ───────────────────────────────────────────────
  event: none(
    'Events and missions',
    'id organisationId slug kind status title summary description timezone startsAt endsAt venueName venueAddress venueCity venueCountry latitude longitude currency taxRateBp capacity approvalRequired registrationOpensAt registrationClosesAt changeCutoffHours holdMinutes waitlistOfferHours reminderOffsetsMinutes paymentMethods invoiceConfirmsImmediately cancellationTerms calendarSequence publishedAt cancelledAt createdAt updatedAt',
  ),
  programme_item: none('Programme of an event', 'id eventId kind title description startsAt endsAt place address position calendarSequence cancelledAt createdAt updatedAt'),
  ticket_type: none('Ticket types', 'id eventId name description priceMinor minPerOrder maxPerOrder salesStartAt salesEndAt hidden allowMultiplePerPerson active position createdAt updatedAt'),
  capacity_pool: none('Capacity pools', 'id eventId name size createdAt updatedAt'),
  capacity_pool_ticket_type: none('Capacity pools per ticket type', 'capacityPoolId ticketTypeId'),
  question: none('Registration form questions', 'id eventId kind label options required position createdAt updatedAt'),

  // ── partners ───────────────────────────────────────────────────────────
  partner: none('Partner and funder organisations', 'id organisationId slug name kind description website logoUrl isOfficialPartner isFunder legalName address position createdAt updatedAt'),
  partner_contact: {
    purpose: 'People at partners invited to programme sessions',
    basis: 'legitimate_interest',
    retention: 'contact_inactive',
    personal: { name: 'identity', email: 'contact', roleTitle: 'company' },
    other: 'id partnerId locale feedTokenHash createdAt updatedAt',
  },
  event_partner: none('Partners of an event', 'eventId partnerId role sharedWithPartner position'),
  programme_item_contact: none('Partner contacts invited to a session', 'programmeItemId partnerContactId calendarUid calendarSequence'),

  // ── registrations ──────────────────────────────────────────────────────
  company: {
    purpose: 'Companies registering delegates (company head as contact)',
    basis: 'contract',
    retention: 'contact_inactive',
    personal: { contactEmail: 'contact', contactName: 'identity', addressLine: 'company', postalCode: 'company', city: 'company', description: 'free_text' },
    other: 'id organisationId name registrationNumber sector website country exportInterests locale createdAt updatedAt',
  },
  code: none('Discount, invitation and funder codes', 'id eventId code kind percentOffBp amountOffMinor maxUses uses validFrom validUntil funderPartnerId eligibilityQuestions description createdAt updatedAt'),
  code_ticket_type: none('Ticket types of a code', 'codeId ticketTypeId'),
  registration: {
    purpose: 'A company’s booking for an event; funder attendance list when a funder pays a share',
    basis: 'contract',
    retention: 'contact_inactive',
    personal: { contactName: 'identity', contactEmail: 'contact', answers: 'free_text', eligibility: 'company', decisionNote: 'free_text', privacyAcceptedAt: 'technical', listingConsent: 'technical' },
    other:
      'id eventId companyId reference status locale paymentMethod currency subtotalMinor discountMinor funderShareMinor totalMinor paidMinor codeId holdExpiresAt confirmedAt cancelledAt decidedAt createdAt updatedAt',
  },
  attendee: {
    purpose: 'Delegates taking part in an event (badges, check-in, calendar, funder lists)',
    basis: 'contract',
    retention: 'contact_inactive',
    personal: { firstName: 'identity', lastName: 'identity', email: 'contact', jobTitle: 'company', phone: 'contact', needs: 'health', checkedInAt: 'technical' },
    other: 'id registrationId eventId ticketTypeId status locale priceMinor calendarUid calendarSequence checkInSecret cancelledAt createdAt updatedAt',
  },
  hold: none('Seats held while waiting for payment', 'id eventId registrationId ticketTypeId quantity expiresAt releasedAt createdAt'),
  waitlist_entry: {
    purpose: 'Waiting list of a sold-out ticket type',
    basis: 'contract',
    retention: 'contact_inactive',
    personal: { name: 'identity', email: 'contact', companyName: 'company' },
    other: 'id eventId ticketTypeId quantity locale status offerTokenHash offeredAt offerExpiresAt claimedRegistrationId createdAt updatedAt',
  },
  management_token: none('Private management links (hash only)', 'tokenHash registrationId expiresAt createdAt'),
  company_sign_in_token: { purpose: 'Company sign-in links', basis: 'contract', retention: 'token_expiry', personal: { email: 'contact' }, other: 'tokenHash companyId expiresAt createdAt' },

  // ── payments and invoices (legal records) ──────────────────────────────
  payment: {
    purpose: 'Payment attempts and receipts',
    basis: 'legal_obligation',
    retention: 'legal_hold_invoice',
    personal: { checkoutUrl: 'technical', failureReason: 'financial' },
    other:
      'id registrationId provider status amountMinor currency checkoutSessionId paymentIntentId chargeId idempotencyKey expiresAt succeededAt recordedByUserId createdAt updatedAt',
  },
  refund: { purpose: 'Refunds', basis: 'legal_obligation', retention: 'legal_hold_invoice', personal: { note: 'free_text' }, other: 'id paymentId registrationId amountMinor currency reason status stripeRefundId createdByUserId createdAt updatedAt' },
  stripe_event: { purpose: 'Stripe webhook events applied', basis: 'legal_obligation', retention: 'legal_hold_invoice', personal: { payload: 'financial' }, other: 'id type livemode receivedAt' },
  funder_share: {
    purpose: 'Share of a price paid by a public funder (funder list)',
    basis: 'legal_obligation',
    retention: 'legal_hold_funder',
    personal: {},
    other: 'id registrationId funderPartnerId amountMinor currency invoiceId createdAt updatedAt',
  },
  invoice_counter: none('Gapless invoice numbering', 'organisationId year lastNumber'),
  invoice: {
    purpose: 'Issued invoices and credit notes (immutable legal record)',
    basis: 'legal_obligation',
    retention: 'legal_hold_invoice',
    personal: { buyer: 'financial', lines: 'financial' },
    other: 'id organisationId registrationId funderPartnerId kind year sequence number issuedAt dueAt locale seller currency taxRateBp subtotalMinor taxMinor totalMinor correctsInvoiceId note createdAt',
  },
  test_checkout_session: { purpose: 'Demo checkout (never in production)', basis: 'contract', retention: 'token_expiry', personal: { params: 'financial' }, other: 'id idempotencyKey status paymentStatus paymentIntentId amountTotal currency expiresAt createdAt updatedAt' },

  // ── mail and calendar ──────────────────────────────────────────────────
  email_message: {
    purpose: 'Outbound mail log (delivery proof, no resend twice)',
    basis: 'legitimate_interest',
    retention: 'mail_log',
    personal: { toAddress: 'contact', payload: 'free_text', subject: 'free_text', dedupeKey: 'contact' },
    other: 'id kind template locale status attempts messageId lastError eventId registrationId organiserMessageId claimedAt sentAt createdAt updatedAt',
  },
  organiser_message: none('Messages organisers send to attendees (content, not recipients)', 'id eventId subject body audience recipientCount sentByUserId createdAt'),
  dev_mailbox_message: {
    purpose: 'Development mailbox (no SMTP configured)',
    basis: 'legitimate_interest',
    retention: 'mail_log',
    personal: { toAddresses: 'contact', raw: 'free_text', subject: 'free_text', fromAddress: 'contact' },
    other: 'id messageId locale template receivedAt',
  },
  calendar_feed_token: none('Private calendar feeds (hash only)', 'tokenHash attendeeId partnerContactId revokedAt createdAt'),
  inbound_message: {
    purpose: 'Replies received (calendar RSVPs)',
    basis: 'legitimate_interest',
    retention: 'inbound_mail',
    personal: { raw: 'free_text', fromAddress: 'contact', subject: 'free_text' },
    other: 'id messageId source sizeBytes status reason receivedAt processedAt',
  },
  inbound_review_item: { purpose: 'Replies an organiser must review', basis: 'legitimate_interest', retention: 'inbound_mail', personal: { attendeeAddress: 'contact' }, other: 'id inboundMessageId reason suggestedPartstat calendarUid state resolvedByUserId resolvedAt createdAt updatedAt' },
  programme_item_contact_rsvp: { purpose: 'Partner contacts’ answers to invitations', basis: 'legitimate_interest', retention: 'contact_inactive', personal: { delegatedTo: 'contact' }, other: 'programmeItemId partnerContactId partstat replySequence replyStamp inboundMessageId digestedAt createdAt updatedAt' },
  attendee_rsvp: { purpose: 'Attendees’ answers to invitations', basis: 'contract', retention: 'contact_inactive', personal: { delegatedTo: 'contact' }, other: 'attendeeId partstat replySequence replyStamp inboundMessageId digestedAt createdAt updatedAt' },

  // ── audit ──────────────────────────────────────────────────────────────
  audit_entry: {
    purpose: 'Who did what, when (accountability)',
    basis: 'legitimate_interest',
    retention: 'audit_log',
    personal: { actorLabel: 'contact', data: 'free_text' },
    other: 'id actorUserId action subjectType subjectId createdAt',
  },

  // ── B2B matchmaking ────────────────────────────────────────────────────
  b2b_settings: none('B2B settings of an event', 'eventId requestExpiryHours maxOpenRequests slotMinutes schedulePublishedAt createdAt updatedAt'),
  meeting_session: none('B2B sessions', 'id eventId programmeItemId startsAt endsAt slotMinutes breaks tableCount createdAt updatedAt'),
  meeting_slot: none('B2B slots', 'id sessionId eventId startsAt endsAt'),
  meeting_table: none('B2B tables', 'id eventId number label fixedCompanyId'),
  b2b_participant: { purpose: 'Companies in the B2B marketplace', basis: 'consent', retention: 'contact_inactive', personal: { listingConsent: 'technical' }, other: 'eventId companyId registrationId role createdAt updatedAt' },
  b2b_profile: { purpose: 'Marketplace profiles (company)', basis: 'consent', retention: 'contact_inactive', personal: { about: 'free_text' }, other: 'id eventId companyId sector targetMarkets languages logoUrl createdAt updatedAt' },
  b2b_profile_entry: none('Offers and needs of a profile', 'id profileId direction type title description sector position'),
  delegate_availability: { purpose: 'Delegates’ availability for meetings', basis: 'contract', retention: 'contact_inactive', personal: { slotId: 'technical' }, other: 'attendeeId' },
  meeting_request: { purpose: 'Meeting requests between companies', basis: 'contract', retention: 'contact_inactive', personal: { message: 'free_text' }, other: 'id eventId fromCompanyId toCompanyId status expiresAt mustMeet priority brokered decidedAt createdAt updatedAt' },
  meeting: none(
    'Scheduled B2B meetings',
    'id eventId slotId tableId companyAId companyBId delegateAId delegateBId requestIds status locked calendarUid calendarSequence publishedAt cancelledAt checkedInAt noShowCompanyId createdAt updatedAt',
  ),
  meeting_rating: none('Ratings of meetings (by company)', 'meetingId companyId rating createdAt updatedAt'),
  meeting_follow_up: none('Follow-ups of meetings (by company)', 'meetingId companyId months sentAt answeredAt talksStarted agreementReached estimatedValueUsdMinor createdAt updatedAt'),

  // ── delegations (app/modules/delegations): travel identity encrypted per field ─────
  delegation_settings: none('A delegation’s settings (return date, organiser’s phone on the mission sheet)', 'eventId organiserPhone returnDate createdAt updatedAt'),
  delegate: {
    purpose: 'Delegates’ travel identity for flights, hotel and entry to the United States (AES-256-GCM per field)',
    basis: 'contract',
    retention: 'travel_after_return',
    personal: {
      passportNameEnc: 'travel_identity',
      passportNumberEnc: 'travel_identity',
      passportCountryEnc: 'travel_identity',
      passportExpiryEnc: 'travel_identity',
      nationalityEnc: 'travel_identity',
      birthDateEnc: 'travel_identity',
      travelAuthorisationKindEnc: 'travel_identity',
      travelAuthorisationNumberEnc: 'travel_identity',
      travelAuthorisationValidUntilEnc: 'travel_identity',
    },
    other: 'attendeeId eventId identityComplete identityUpdatedAt createdAt updatedAt',
  },
  flight_segment: {
    purpose: 'Delegates’ flights (arrival waves, transfers, itinerary)',
    basis: 'contract',
    retention: 'travel_after_return',
    personal: { bookingReference: 'travel_identity', flightNumber: 'travel_identity', departsAt: 'travel_identity', arrivesAt: 'travel_identity' },
    other: 'id eventId attendeeId carrier fromAirport toAirport createdAt updatedAt',
  },
  transfer_wave: none('Airport transfer waves', 'id eventId label airport windowStart windowEnd vehicle createdAt updatedAt'),
  hotel_block: none('Hotel room blocks of a delegation', 'id eventId hotelName address phone checkIn checkOut cutOffDate createdAt updatedAt'),
  hotel_room: none('Rooms of a hotel block', 'id blockId label roomType beds createdAt updatedAt'),
  room_assignment: {
    purpose: 'Who sleeps in which room, and when (rooming list)',
    basis: 'contract',
    retention: 'travel_after_return',
    personal: { specialRequests: 'health', billing: 'financial', arrivalDate: 'travel_identity', departureDate: 'travel_identity' },
    other: 'id eventId roomId attendeeId createdAt updatedAt',
  },
  rooming_list_send: {
    purpose: 'Rooming lists sent to the hotel (a disclosure: guests’ names and special requests)',
    basis: 'contract',
    retention: 'travel_after_return',
    personal: { rows: 'identity', sentByUserId: 'identity' },
    other: 'id blockId sentAt',
  },

  // ── funders' reports (app/modules/funders, companies' legal data) ──────────
  company_legal: {
    purpose: 'A company’s legal identity for funders’ reports (SIREN/SIRET, NAF, group, women-led indicator)',
    basis: 'legal_obligation',
    retention: 'legal_hold_funder',
    // a sole trader's number identifies a person; women-led describes the company's leader
    personal: { siren: 'company', siret: 'company', foreignRegistration: 'company', womenLed: 'company' },
    other: 'companyId nafCode groupName createdAt updatedAt',
  },
  company_year_figures: {
    purpose: 'Yearly headcount, turnover and balance sheet, from which the EU size class is derived',
    basis: 'legal_obligation',
    retention: 'legal_hold_funder',
    personal: { headcount: 'financial', turnoverEurMinor: 'financial', balanceSheetEurMinor: 'financial' },
    other: 'companyId year createdAt updatedAt',
  },
  budget_line: none('Budget lines of a mission', 'id eventId label amountMinor currency evidenceRef position createdAt updatedAt'),
  budget_line_share: none('Each funder’s share of a budget line', 'budgetLineId funderPartnerId shareBp amountMinor'),
  de_minimis_aid: {
    purpose: 'De minimis register (Regulation 2023/2831): aid received by each company',
    basis: 'legal_obligation',
    retention: 'legal_hold_funder',
    personal: { amountEurMinor: 'financial', note: 'free_text' },
    other: 'id companyId eventId funderPartnerId grantedOn source createdAt updatedAt',
  },
  attendance_signature: {
    purpose: 'Signed attendance sheets per programme session (proof of presence for funders)',
    basis: 'legal_obligation',
    retention: 'funder_hold_end',
    // a handwritten signature identifies its author; who collected it is a staff account
    personal: { signaturePng: 'identity', signedAt: 'identity', collectedByUserId: 'identity' },
    other: 'id programmeItemId attendeeId method scanId createdAt',
  },
  attendance_sheet_scan: {
    purpose: 'Scanned paper attendance sheets signed by hand (fallback to the tablet)',
    basis: 'legal_obligation',
    retention: 'funder_hold_end',
    personal: { bytes: 'identity', uploadedByUserId: 'identity' },
    other: 'id programmeItemId contentType sizeBytes sha256 uploadedAt',
  },
  report_pack: {
    purpose: 'Log of the report packs handed to funders (a disclosure of delegates’ names and check-ins)',
    basis: 'legal_obligation',
    retention: 'audit_log',
    personal: { generatedByUserId: 'identity' },
    other: 'id organisationId funderPartnerId periodFrom periodTo eventIds files generatedAt',
  },

  // ── privacy ────────────────────────────────────────────────────────────
  privacy_consent: {
    purpose: 'Proof of consents and their withdrawal',
    basis: 'legal_obligation',
    retention: 'consent_proof',
    personal: { email: 'contact' },
    other: 'id organisationId purpose textVersion locale channel registrationId acceptedAt withdrawnAt createdAt updatedAt',
  },
  privacy_request: {
    purpose: 'Subject-access and erasure requests (accountability)',
    basis: 'legal_obligation',
    retention: 'audit_log',
    personal: { email: 'contact', result: 'free_text' },
    other: 'id organisationId kind status locale requestedByUserId verifyTokenHash verifyExpiresAt verifiedAt stepsDone refusalReason completedAt createdAt updatedAt',
  },
  privacy_disclosure: { purpose: 'Log of exports of personal data', basis: 'legal_obligation', retention: 'audit_log', personal: { recipient: 'contact' }, other: 'id organisationId userId eventId channel fields rowCount createdAt' },
  privacy_retention_run: none('Runs of the retention rules', 'id rule affected ranAt'),
}

export type InventoryRow = { table: string; column: string; category: DataCategory; purpose: string; basis: LegalBasis; retention: RetentionRule }

/** Flat rows, one per column (personal first within each table). */
export function inventoryRows(inventory = PRIVACY_INVENTORY): InventoryRow[] {
  const rows: InventoryRow[] = []
  for (const [table, entry] of Object.entries(inventory)) {
    const base = { table, purpose: entry.purpose, basis: entry.basis, retention: entry.retention }
    for (const [column, category] of Object.entries(entry.personal)) rows.push({ ...base, column, category })
    for (const column of entry.other.split(/\s+/).filter(Boolean)) rows.push({ ...base, column, category: 'none' })
  }
  return rows
}

/** Columns of `actual` ({table: columns}) missing from the inventory, and inventory columns that no longer exist. */
export function inventoryGaps(actual: Record<string, string[]>, inventory = PRIVACY_INVENTORY) {
  const tagged = new Map<string, Set<string>>()
  for (const row of inventoryRows(inventory)) {
    if (!tagged.has(row.table)) tagged.set(row.table, new Set())
    tagged.get(row.table)!.add(row.column)
  }
  const untagged: string[] = []
  const stale: string[] = []
  for (const [table, columns] of Object.entries(actual)) {
    for (const column of columns) if (!tagged.get(table)?.has(column)) untagged.push(`${table}.${column}`)
  }
  for (const [table, columns] of tagged) {
    for (const column of columns) if (!actual[table]?.includes(column)) stale.push(`${table}.${column}`)
  }
  return { untagged, stale }
}
