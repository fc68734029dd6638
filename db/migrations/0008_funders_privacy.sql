CREATE TABLE "budget_line_share" (
	"budget_line_id" uuid NOT NULL,
	"funder_partner_id" uuid NOT NULL,
	"share_bp" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "budget_line_share_budget_line_id_funder_partner_id_pk" PRIMARY KEY("budget_line_id","funder_partner_id"),
	CONSTRAINT "budget_line_share_range" CHECK ("budget_line_share"."share_bp" > 0 AND "budget_line_share"."share_bp" <= 10000)
);
--> statement-breakpoint
CREATE TABLE "budget_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"label" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"evidence_ref" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_line_amount_non_negative" CHECK ("budget_line"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "company_legal" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"siren" text,
	"siret" text,
	"foreign_registration" text,
	"naf_code" text,
	"group_name" text,
	"women_led" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_year_figures" (
	"company_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"headcount" integer NOT NULL,
	"turnover_eur_minor" bigint NOT NULL,
	"balance_sheet_eur_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_year_figures_company_id_year_pk" PRIMARY KEY("company_id","year"),
	CONSTRAINT "company_year_figures_non_negative" CHECK ("company_year_figures"."headcount" >= 0 AND "company_year_figures"."turnover_eur_minor" >= 0 AND "company_year_figures"."balance_sheet_eur_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "de_minimis_aid" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"event_id" uuid,
	"funder_partner_id" uuid,
	"granted_on" date NOT NULL,
	"amount_eur_minor" bigint NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "de_minimis_aid_positive" CHECK ("de_minimis_aid"."amount_eur_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "report_pack" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"funder_partner_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"generated_by_user_id" uuid,
	"event_ids" uuid[] NOT NULL,
	"files" jsonb NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_consent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"purpose" text NOT NULL,
	"text_version" text NOT NULL,
	"locale" text DEFAULT 'fr' NOT NULL,
	"channel" text NOT NULL,
	"registration_id" uuid,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_disclosure" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid,
	"user_id" uuid,
	"event_id" uuid,
	"channel" text NOT NULL,
	"fields" text[] NOT NULL,
	"row_count" integer,
	"recipient" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'fr' NOT NULL,
	"requested_by_user_id" uuid,
	"verify_token_hash" text,
	"verify_expires_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"steps_done" text[] DEFAULT '{}'::text[] NOT NULL,
	"result" jsonb,
	"refusal_reason" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "privacy_request_verifyTokenHash_unique" UNIQUE("verify_token_hash")
);
--> statement-breakpoint
CREATE TABLE "privacy_retention_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule" text NOT NULL,
	"affected" integer DEFAULT 0 NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_line_share" ADD CONSTRAINT "budget_line_share_budget_line_id_budget_line_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "public"."budget_line"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_line_share" ADD CONSTRAINT "budget_line_share_funder_partner_id_partner_id_fk" FOREIGN KEY ("funder_partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_line" ADD CONSTRAINT "budget_line_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_legal" ADD CONSTRAINT "company_legal_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_year_figures" ADD CONSTRAINT "company_year_figures_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "de_minimis_aid" ADD CONSTRAINT "de_minimis_aid_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "de_minimis_aid" ADD CONSTRAINT "de_minimis_aid_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "de_minimis_aid" ADD CONSTRAINT "de_minimis_aid_funder_partner_id_partner_id_fk" FOREIGN KEY ("funder_partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_pack" ADD CONSTRAINT "report_pack_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_pack" ADD CONSTRAINT "report_pack_funder_partner_id_partner_id_fk" FOREIGN KEY ("funder_partner_id") REFERENCES "public"."partner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_pack" ADD CONSTRAINT "report_pack_generated_by_user_id_user_account_id_fk" FOREIGN KEY ("generated_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_consent" ADD CONSTRAINT "privacy_consent_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_disclosure" ADD CONSTRAINT "privacy_disclosure_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_disclosure" ADD CONSTRAINT "privacy_disclosure_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_disclosure" ADD CONSTRAINT "privacy_disclosure_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_request" ADD CONSTRAINT "privacy_request_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_request" ADD CONSTRAINT "privacy_request_requested_by_user_id_user_account_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_line_share_funder_partner_id_index" ON "budget_line_share" USING btree ("funder_partner_id");--> statement-breakpoint
CREATE INDEX "budget_line_event_id_index" ON "budget_line" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "company_legal_siren_index" ON "company_legal" USING btree ("siren");--> statement-breakpoint
CREATE INDEX "de_minimis_aid_company_id_granted_on_index" ON "de_minimis_aid" USING btree ("company_id","granted_on");--> statement-breakpoint
CREATE UNIQUE INDEX "de_minimis_aid_mission_key" ON "de_minimis_aid" USING btree ("company_id","event_id") WHERE "de_minimis_aid"."source" = 'mission';--> statement-breakpoint
CREATE INDEX "report_pack_organisation_id_generated_at_index" ON "report_pack" USING btree ("organisation_id","generated_at");--> statement-breakpoint
CREATE INDEX "privacy_consent_email_idx" ON "privacy_consent" USING btree ("organisation_id",lower("email"),"purpose");--> statement-breakpoint
CREATE INDEX "privacy_disclosure_event_id_created_at_index" ON "privacy_disclosure" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "privacy_disclosure_created_at_index" ON "privacy_disclosure" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "privacy_request_organisation_id_status_index" ON "privacy_request" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "privacy_request_email_idx" ON "privacy_request" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_retention_run_rule_ran_at_index" ON "privacy_retention_run" USING btree ("rule","ran_at");