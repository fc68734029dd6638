CREATE TABLE "organisation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"legal_name" text NOT NULL,
	"tagline" jsonb,
	"address_line" text,
	"city" text,
	"postal_code" text,
	"region" text,
	"country" text DEFAULT 'US' NOT NULL,
	"email" text NOT NULL,
	"organiser_mailbox" text NOT NULL,
	"phone" text,
	"website" text,
	"logo_url" text,
	"primary_color" text DEFAULT '#0b5f6f' NOT NULL,
	"accent_color" text DEFAULT '#c2410c' NOT NULL,
	"default_locale" text DEFAULT 'fr' NOT NULL,
	"timezone" text DEFAULT 'America/New_York' NOT NULL,
	"tax_id" text,
	"registration_number" text,
	"invoice_prefix" text DEFAULT 'INV' NOT NULL,
	"invoice_payment_terms_days" integer DEFAULT 30 NOT NULL,
	"bank_details" jsonb,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "rate_limit" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_role" (
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_role_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "user_account" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"locale" text DEFAULT 'fr' NOT NULL,
	"partner_id" uuid,
	"disabled_at" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capacity_pool_ticket_type" (
	"capacity_pool_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	CONSTRAINT "capacity_pool_ticket_type_capacity_pool_id_ticket_type_id_pk" PRIMARY KEY("capacity_pool_id","ticket_type_id")
);
--> statement-breakpoint
CREATE TABLE "capacity_pool" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_pool_size_non_negative" CHECK ("capacity_pool"."size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"timezone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue_name" text NOT NULL,
	"venue_address" text NOT NULL,
	"venue_city" text NOT NULL,
	"venue_country" text DEFAULT 'US' NOT NULL,
	"latitude" text,
	"longitude" text,
	"currency" text DEFAULT 'USD' NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"capacity" integer,
	"approval_required" boolean DEFAULT false NOT NULL,
	"registration_opens_at" timestamp with time zone,
	"registration_closes_at" timestamp with time zone,
	"change_cutoff_hours" integer DEFAULT 48 NOT NULL,
	"hold_minutes" integer DEFAULT 30 NOT NULL,
	"waitlist_offer_hours" integer DEFAULT 48 NOT NULL,
	"reminder_offsets_minutes" integer[] DEFAULT '{10080,1440,120}'::integer[] NOT NULL,
	"payment_methods" text[] DEFAULT '{card,invoice}'::text[] NOT NULL,
	"invoice_confirms_immediately" boolean DEFAULT true NOT NULL,
	"cancellation_terms" jsonb,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_ends_after_start" CHECK ("event"."ends_at" >= "event"."starts_at"),
	CONSTRAINT "event_capacity_positive" CHECK ("event"."capacity" IS NULL OR "event"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "programme_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text DEFAULT 'session' NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text,
	"address" text,
	"position" integer DEFAULT 0 NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_item_ends_after_start" CHECK ("programme_item"."ends_at" >= "programme_item"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "question" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" jsonb NOT NULL,
	"options" jsonb,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_type" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb,
	"price_minor" integer DEFAULT 0 NOT NULL,
	"min_per_order" integer DEFAULT 0 NOT NULL,
	"max_per_order" integer DEFAULT 10 NOT NULL,
	"sales_start_at" timestamp with time zone,
	"sales_end_at" timestamp with time zone,
	"hidden" boolean DEFAULT false NOT NULL,
	"allow_multiple_per_person" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_type_price_non_negative" CHECK ("ticket_type"."price_minor" >= 0),
	CONSTRAINT "ticket_type_order_limits" CHECK ("ticket_type"."min_per_order" >= 0 AND "ticket_type"."max_per_order" >= "ticket_type"."min_per_order")
);
--> statement-breakpoint
CREATE TABLE "event_partner" (
	"event_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"role" text DEFAULT 'partner' NOT NULL,
	"shared_with_partner" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_partner_event_id_partner_id_pk" PRIMARY KEY("event_id","partner_id")
);
--> statement-breakpoint
CREATE TABLE "partner_contact" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"role_title" text,
	"feed_token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_contact_feedTokenHash_unique" UNIQUE("feed_token_hash")
);
--> statement-breakpoint
CREATE TABLE "partner" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" jsonb,
	"website" text,
	"logo_url" text,
	"is_official_partner" boolean DEFAULT false NOT NULL,
	"is_funder" boolean DEFAULT false NOT NULL,
	"legal_name" text,
	"address" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_item_contact" (
	"programme_item_id" uuid NOT NULL,
	"partner_contact_id" uuid NOT NULL,
	"calendar_uid" text NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "programme_item_contact_programme_item_id_partner_contact_id_pk" PRIMARY KEY("programme_item_id","partner_contact_id"),
	CONSTRAINT "programme_item_contact_calendarUid_unique" UNIQUE("calendar_uid")
);
--> statement-breakpoint
CREATE TABLE "attendee" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"job_title" text,
	"phone" text,
	"locale" text DEFAULT 'fr' NOT NULL,
	"needs" text,
	"price_minor" integer DEFAULT 0 NOT NULL,
	"calendar_uid" text NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"check_in_secret" text NOT NULL,
	"checked_in_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendee_calendarUid_unique" UNIQUE("calendar_uid"),
	CONSTRAINT "attendee_checkInSecret_unique" UNIQUE("check_in_secret")
);
--> statement-breakpoint
CREATE TABLE "code_ticket_type" (
	"code_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	CONSTRAINT "code_ticket_type_code_id_ticket_type_id_pk" PRIMARY KEY("code_id","ticket_type_id")
);
--> statement-breakpoint
CREATE TABLE "code" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"percent_off_bp" integer,
	"amount_off_minor" integer,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"funder_partner_id" uuid,
	"eligibility_questions" jsonb,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "code_uses_within_limit" CHECK ("code"."max_uses" IS NULL OR "code"."uses" <= "code"."max_uses"),
	CONSTRAINT "code_percent_range" CHECK ("code"."percent_off_bp" IS NULL OR ("code"."percent_off_bp" BETWEEN 0 AND 10000))
);
--> statement-breakpoint
CREATE TABLE "company" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"registration_number" text,
	"sector" text,
	"website" text,
	"address_line" text,
	"postal_code" text,
	"city" text,
	"country" text DEFAULT 'MQ' NOT NULL,
	"description" text,
	"export_interests" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_email" text NOT NULL,
	"contact_name" text,
	"locale" text DEFAULT 'fr' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_sign_in_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hold" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hold_quantity_positive" CHECK ("hold"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "management_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"status" text NOT NULL,
	"locale" text DEFAULT 'fr' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"payment_method" text DEFAULT 'none' NOT NULL,
	"currency" text NOT NULL,
	"subtotal_minor" integer DEFAULT 0 NOT NULL,
	"discount_minor" integer DEFAULT 0 NOT NULL,
	"funder_share_minor" integer DEFAULT 0 NOT NULL,
	"total_minor" integer DEFAULT 0 NOT NULL,
	"paid_minor" integer DEFAULT 0 NOT NULL,
	"code_id" uuid,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"eligibility" jsonb,
	"hold_expires_at" timestamp with time zone,
	"privacy_accepted_at" timestamp with time zone NOT NULL,
	"listing_consent" boolean DEFAULT false NOT NULL,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_reference_unique" UNIQUE("reference"),
	CONSTRAINT "registration_amounts_non_negative" CHECK ("registration"."total_minor" >= 0 AND "registration"."subtotal_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "waitlist_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"company_name" text,
	"locale" text DEFAULT 'fr' NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"offer_token_hash" text,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"claimed_registration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_entry_offerTokenHash_unique" UNIQUE("offer_token_hash")
);
--> statement-breakpoint
CREATE TABLE "app_secret" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funder_share" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"funder_partner_id" uuid NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"invoice_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_counter" (
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"registration_id" uuid,
	"funder_partner_id" uuid,
	"kind" text DEFAULT 'invoice' NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"number" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone,
	"locale" text NOT NULL,
	"seller" jsonb NOT NULL,
	"buyer" jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"currency" text NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"subtotal_minor" integer NOT NULL,
	"tax_minor" integer NOT NULL,
	"total_minor" integer NOT NULL,
	"corrects_invoice_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"checkout_session_id" text,
	"payment_intent_id" text,
	"charge_id" text,
	"idempotency_key" text,
	"checkout_url" text,
	"expires_at" timestamp with time zone,
	"succeeded_at" timestamp with time zone,
	"failure_reason" text,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_checkoutSessionId_unique" UNIQUE("checkout_session_id"),
	CONSTRAINT "payment_idempotencyKey_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "payment_amount_non_negative" CHECK ("payment"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refund" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"stripe_refund_id" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_stripeRefundId_unique" UNIQUE("stripe_refund_id"),
	CONSTRAINT "refund_amount_positive" CHECK ("refund"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_event" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"livemode" text DEFAULT 'false' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb
);
--> statement-breakpoint
CREATE TABLE "test_checkout_session" (
	"id" text PRIMARY KEY NOT NULL,
	"idempotency_key" text,
	"status" text DEFAULT 'open' NOT NULL,
	"payment_status" text DEFAULT 'unpaid' NOT NULL,
	"payment_intent_id" text NOT NULL,
	"params" jsonb NOT NULL,
	"amount_total" integer NOT NULL,
	"currency" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_checkout_session_idempotencyKey_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "calendar_feed_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"attendee_id" uuid,
	"partner_contact_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feed_token_one_owner" CHECK (("calendar_feed_token"."attendee_id" IS NULL) <> ("calendar_feed_token"."partner_contact_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "dev_mailbox_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text,
	"from_address" text NOT NULL,
	"to_addresses" text NOT NULL,
	"subject" text NOT NULL,
	"locale" text,
	"template" text,
	"raw" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text,
	"template" text NOT NULL,
	"locale" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"message_id" text,
	"last_error" text,
	"event_id" uuid,
	"registration_id" uuid,
	"payload" jsonb,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_message_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "audit_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_account" ADD CONSTRAINT "user_account_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_account" ADD CONSTRAINT "user_account_partner_id_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_pool_ticket_type" ADD CONSTRAINT "capacity_pool_ticket_type_capacity_pool_id_capacity_pool_id_fk" FOREIGN KEY ("capacity_pool_id") REFERENCES "public"."capacity_pool"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_pool_ticket_type" ADD CONSTRAINT "capacity_pool_ticket_type_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_pool" ADD CONSTRAINT "capacity_pool_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_item" ADD CONSTRAINT "programme_item_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question" ADD CONSTRAINT "question_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type" ADD CONSTRAINT "ticket_type_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_partner" ADD CONSTRAINT "event_partner_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_partner" ADD CONSTRAINT "event_partner_partner_id_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partner"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact" ADD CONSTRAINT "partner_contact_partner_id_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partner"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner" ADD CONSTRAINT "partner_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_item_contact" ADD CONSTRAINT "programme_item_contact_programme_item_id_programme_item_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_item_contact" ADD CONSTRAINT "programme_item_contact_partner_contact_id_partner_contact_id_fk" FOREIGN KEY ("partner_contact_id") REFERENCES "public"."partner_contact"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendee" ADD CONSTRAINT "attendee_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendee" ADD CONSTRAINT "attendee_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendee" ADD CONSTRAINT "attendee_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_ticket_type" ADD CONSTRAINT "code_ticket_type_code_id_code_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."code"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_ticket_type" ADD CONSTRAINT "code_ticket_type_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code" ADD CONSTRAINT "code_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code" ADD CONSTRAINT "code_funder_partner_id_partner_id_fk" FOREIGN KEY ("funder_partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company" ADD CONSTRAINT "company_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_sign_in_token" ADD CONSTRAINT "company_sign_in_token_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hold" ADD CONSTRAINT "hold_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hold" ADD CONSTRAINT "hold_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hold" ADD CONSTRAINT "hold_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "management_token" ADD CONSTRAINT "management_token_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_code_id_code_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."code"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_claimed_registration_id_registration_id_fk" FOREIGN KEY ("claimed_registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funder_share" ADD CONSTRAINT "funder_share_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funder_share" ADD CONSTRAINT "funder_share_funder_partner_id_partner_id_fk" FOREIGN KEY ("funder_partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_counter" ADD CONSTRAINT "invoice_counter_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_funder_partner_id_partner_id_fk" FOREIGN KEY ("funder_partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_recorded_by_user_id_user_account_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_payment_id_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_created_by_user_id_user_account_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_token" ADD CONSTRAINT "calendar_feed_token_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_token" ADD CONSTRAINT "calendar_feed_token_partner_contact_id_partner_contact_id_fk" FOREIGN KEY ("partner_contact_id") REFERENCES "public"."partner_contact"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_actor_user_id_user_account_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_user_id_index" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_expires_at_index" ON "session" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_email_key" ON "user_account" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "capacity_pool_ticket_type_ticket_type_id_index" ON "capacity_pool_ticket_type" USING btree ("ticket_type_id");--> statement-breakpoint
CREATE INDEX "capacity_pool_event_id_index" ON "capacity_pool" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_organisation_id_slug_index" ON "event" USING btree ("organisation_id","slug");--> statement-breakpoint
CREATE INDEX "event_status_starts_at_index" ON "event" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "programme_item_event_id_starts_at_index" ON "programme_item" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "question_event_id_index" ON "question" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "ticket_type_event_id_index" ON "ticket_type" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_partner_partner_id_index" ON "event_partner" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partner_contact_partner_id_index" ON "partner_contact" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partner_organisation_id_index" ON "partner" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_org_slug_key" ON "partner" USING btree ("organisation_id","slug");--> statement-breakpoint
CREATE INDEX "programme_item_contact_partner_contact_id_index" ON "programme_item_contact" USING btree ("partner_contact_id");--> statement-breakpoint
CREATE INDEX "attendee_registration_id_index" ON "attendee" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "attendee_event_id_status_index" ON "attendee" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "attendee_ticket_type_id_status_index" ON "attendee" USING btree ("ticket_type_id","status");--> statement-breakpoint
CREATE INDEX "attendee_event_email_idx" ON "attendee" USING btree ("event_id",lower("email"));--> statement-breakpoint
CREATE INDEX "attendee_event_name_idx" ON "attendee" USING btree ("event_id",(lower("last_name") collate "C"),(lower("first_name") collate "C"),"id");--> statement-breakpoint
CREATE INDEX "attendee_name_idx" ON "attendee" USING btree ((lower("last_name") collate "C"),(lower("first_name") collate "C"),"id");--> statement-breakpoint
CREATE INDEX "attendee_email_search_idx" ON "attendee" USING btree ((lower("email") collate "C"));--> statement-breakpoint
CREATE INDEX "attendee_first_name_search_idx" ON "attendee" USING btree ((lower("first_name") collate "C"));--> statement-breakpoint
CREATE UNIQUE INDEX "code_event_code_key" ON "code" USING btree ("event_id",upper("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "company_contact_email_key" ON "company" USING btree ("organisation_id",lower("contact_email"));--> statement-breakpoint
CREATE INDEX "company_name_search_idx" ON "company" USING btree ((lower("name") collate "C"));--> statement-breakpoint
CREATE INDEX "company_sign_in_token_company_id_index" ON "company_sign_in_token" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "company_sign_in_token_expires_at_index" ON "company_sign_in_token" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "hold_ticket_type_id_index" ON "hold" USING btree ("ticket_type_id");--> statement-breakpoint
CREATE INDEX "hold_active_expiry_idx" ON "hold" USING btree ("expires_at") WHERE "hold"."released_at" IS NULL;--> statement-breakpoint
CREATE INDEX "management_token_registration_id_index" ON "management_token" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "registration_event_id_status_index" ON "registration" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "registration_company_id_index" ON "registration" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "registration_hold_expiry_idx" ON "registration" USING btree ("hold_expires_at") WHERE "registration"."status" = 'awaiting_payment';--> statement-breakpoint
CREATE INDEX "waitlist_entry_event_id_ticket_type_id_status_created_at_index" ON "waitlist_entry" USING btree ("event_id","ticket_type_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "funder_share_registration_id_funder_partner_id_index" ON "funder_share" USING btree ("registration_id","funder_partner_id");--> statement-breakpoint
CREATE INDEX "funder_share_funder_partner_id_index" ON "funder_share" USING btree ("funder_partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_counter_organisation_id_year_index" ON "invoice_counter" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_organisation_id_year_sequence_index" ON "invoice" USING btree ("organisation_id","year","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_organisation_id_number_index" ON "invoice" USING btree ("organisation_id","number");--> statement-breakpoint
CREATE INDEX "invoice_registration_id_index" ON "invoice" USING btree ("registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_one_per_registration" ON "invoice" USING btree ("registration_id") WHERE "invoice"."kind" = 'invoice' and "invoice"."funder_partner_id" is null;--> statement-breakpoint
CREATE INDEX "payment_registration_id_index" ON "payment" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "payment_status_index" ON "payment" USING btree ("status");--> statement-breakpoint
CREATE INDEX "refund_registration_id_index" ON "refund" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "test_checkout_session_status_index" ON "test_checkout_session" USING btree ("status");--> statement-breakpoint
CREATE INDEX "calendar_feed_token_attendee_id_index" ON "calendar_feed_token" USING btree ("attendee_id");--> statement-breakpoint
CREATE INDEX "calendar_feed_token_partner_contact_id_index" ON "calendar_feed_token" USING btree ("partner_contact_id");--> statement-breakpoint
CREATE INDEX "dev_mailbox_message_received_at_index" ON "dev_mailbox_message" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "email_message_registration_id_index" ON "email_message" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "email_message_status_index" ON "email_message" USING btree ("status");--> statement-breakpoint
CREATE INDEX "email_message_event_id_index" ON "email_message" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "audit_entry_subject_type_subject_id_created_at_index" ON "audit_entry" USING btree ("subject_type","subject_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_entry_created_at_index" ON "audit_entry" USING btree ("created_at");