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
ALTER TABLE "privacy_consent" ADD CONSTRAINT "privacy_consent_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_disclosure" ADD CONSTRAINT "privacy_disclosure_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_disclosure" ADD CONSTRAINT "privacy_disclosure_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_disclosure" ADD CONSTRAINT "privacy_disclosure_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_request" ADD CONSTRAINT "privacy_request_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_request" ADD CONSTRAINT "privacy_request_requested_by_user_id_user_account_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "privacy_consent_email_idx" ON "privacy_consent" USING btree ("organisation_id",lower("email"),"purpose");--> statement-breakpoint
CREATE INDEX "privacy_disclosure_event_id_created_at_index" ON "privacy_disclosure" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "privacy_disclosure_created_at_index" ON "privacy_disclosure" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "privacy_request_organisation_id_status_index" ON "privacy_request" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "privacy_request_email_idx" ON "privacy_request" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_retention_run_rule_ran_at_index" ON "privacy_retention_run" USING btree ("rule","ran_at");