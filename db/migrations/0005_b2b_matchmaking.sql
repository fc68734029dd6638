CREATE TABLE "b2b_participant" (
	"event_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"role" text NOT NULL,
	"listing_consent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "b2b_participant_event_id_company_id_pk" PRIMARY KEY("event_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "b2b_profile_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"profile_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"type" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sector" text,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "b2b_profile" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"about" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sector" text,
	"target_markets" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"logo_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "b2b_settings" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"request_expiry_hours" integer DEFAULT 72 NOT NULL,
	"max_open_requests" integer DEFAULT 10 NOT NULL,
	"slot_minutes" integer DEFAULT 20 NOT NULL,
	"schedule_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "b2b_settings_positive" CHECK ("b2b_settings"."request_expiry_hours" > 0 AND "b2b_settings"."max_open_requests" > 0 AND "b2b_settings"."slot_minutes" between 5 and 240)
);
--> statement-breakpoint
CREATE TABLE "delegate_availability" (
	"attendee_id" uuid NOT NULL,
	"slot_id" uuid NOT NULL,
	CONSTRAINT "delegate_availability_attendee_id_slot_id_pk" PRIMARY KEY("attendee_id","slot_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_follow_up" (
	"meeting_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"months" integer NOT NULL,
	"sent_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"talks_started" boolean,
	"agreement_reached" boolean,
	"estimated_value_usd_minor" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_follow_up_meeting_id_company_id_months_pk" PRIMARY KEY("meeting_id","company_id","months"),
	CONSTRAINT "meeting_follow_up_months" CHECK ("meeting_follow_up"."months" in (0, 3, 6, 12)),
	CONSTRAINT "meeting_follow_up_value" CHECK ("meeting_follow_up"."estimated_value_usd_minor" IS NULL OR "meeting_follow_up"."estimated_value_usd_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "meeting_rating" (
	"meeting_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"rating" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_rating_meeting_id_company_id_pk" PRIMARY KEY("meeting_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"from_company_id" uuid NOT NULL,
	"to_company_id" uuid NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"must_meet" boolean DEFAULT false NOT NULL,
	"priority" integer DEFAULT 1 NOT NULL,
	"brokered" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_request_not_self" CHECK ("meeting_request"."from_company_id" <> "meeting_request"."to_company_id"),
	CONSTRAINT "meeting_request_priority_range" CHECK ("meeting_request"."priority" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "meeting_session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"programme_item_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"slot_minutes" integer DEFAULT 20 NOT NULL,
	"breaks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"table_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_session_ends_after_start" CHECK ("meeting_session"."ends_at" > "meeting_session"."starts_at"),
	CONSTRAINT "meeting_session_tables_positive" CHECK ("meeting_session"."table_count" > 0)
);
--> statement-breakpoint
CREATE TABLE "meeting_slot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_table" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"label" text,
	"fixed_company_id" uuid
);
--> statement-breakpoint
CREATE TABLE "meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"slot_id" uuid NOT NULL,
	"table_id" uuid NOT NULL,
	"company_a_id" uuid NOT NULL,
	"company_b_id" uuid NOT NULL,
	"delegate_a_id" uuid NOT NULL,
	"delegate_b_id" uuid NOT NULL,
	"request_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'preliminary' NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"calendar_uid" text NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"no_show_company_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_calendarUid_unique" UNIQUE("calendar_uid"),
	CONSTRAINT "meeting_companies_ordered" CHECK ("meeting"."company_a_id" < "meeting"."company_b_id")
);
--> statement-breakpoint
ALTER TABLE "b2b_participant" ADD CONSTRAINT "b2b_participant_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "b2b_participant" ADD CONSTRAINT "b2b_participant_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "b2b_participant" ADD CONSTRAINT "b2b_participant_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "b2b_profile_entry" ADD CONSTRAINT "b2b_profile_entry_profile_id_b2b_profile_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."b2b_profile"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "b2b_profile" ADD CONSTRAINT "b2b_profile_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "b2b_profile" ADD CONSTRAINT "b2b_profile_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "b2b_settings" ADD CONSTRAINT "b2b_settings_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegate_availability" ADD CONSTRAINT "delegate_availability_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegate_availability" ADD CONSTRAINT "delegate_availability_slot_id_meeting_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."meeting_slot"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_follow_up" ADD CONSTRAINT "meeting_follow_up_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_follow_up" ADD CONSTRAINT "meeting_follow_up_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_rating" ADD CONSTRAINT "meeting_rating_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_rating" ADD CONSTRAINT "meeting_rating_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_request" ADD CONSTRAINT "meeting_request_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_request" ADD CONSTRAINT "meeting_request_from_company_id_company_id_fk" FOREIGN KEY ("from_company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_request" ADD CONSTRAINT "meeting_request_to_company_id_company_id_fk" FOREIGN KEY ("to_company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_session" ADD CONSTRAINT "meeting_session_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_session" ADD CONSTRAINT "meeting_session_programme_item_id_programme_item_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."programme_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_slot" ADD CONSTRAINT "meeting_slot_session_id_meeting_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."meeting_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_slot" ADD CONSTRAINT "meeting_slot_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_table" ADD CONSTRAINT "meeting_table_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_table" ADD CONSTRAINT "meeting_table_fixed_company_id_company_id_fk" FOREIGN KEY ("fixed_company_id") REFERENCES "public"."company"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_slot_id_meeting_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."meeting_slot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_table_id_meeting_table_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."meeting_table"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_company_a_id_company_id_fk" FOREIGN KEY ("company_a_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_company_b_id_company_id_fk" FOREIGN KEY ("company_b_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_delegate_a_id_attendee_id_fk" FOREIGN KEY ("delegate_a_id") REFERENCES "public"."attendee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_delegate_b_id_attendee_id_fk" FOREIGN KEY ("delegate_b_id") REFERENCES "public"."attendee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_no_show_company_id_company_id_fk" FOREIGN KEY ("no_show_company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "b2b_participant_registration_key" ON "b2b_participant" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "b2b_profile_entry_profile_id_index" ON "b2b_profile_entry" USING btree ("profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "b2b_profile_event_company_key" ON "b2b_profile" USING btree ("event_id","company_id");--> statement-breakpoint
CREATE INDEX "delegate_availability_slot_id_index" ON "delegate_availability" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "meeting_request_event_id_status_index" ON "meeting_request" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "meeting_request_from_company_id_status_index" ON "meeting_request" USING btree ("from_company_id","status");--> statement-breakpoint
CREATE INDEX "meeting_request_to_company_id_status_index" ON "meeting_request" USING btree ("to_company_id","status");--> statement-breakpoint
CREATE INDEX "meeting_request_expiry_idx" ON "meeting_request" USING btree ("expires_at") WHERE "meeting_request"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_request_live_key" ON "meeting_request" USING btree ("event_id","from_company_id","to_company_id") WHERE "meeting_request"."status" in ('pending', 'accepted');--> statement-breakpoint
CREATE INDEX "meeting_session_event_id_starts_at_index" ON "meeting_session" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "meeting_slot_event_id_starts_at_index" ON "meeting_slot" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_slot_session_start_key" ON "meeting_slot" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_table_event_number_key" ON "meeting_table" USING btree ("event_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_table_fixed_company_key" ON "meeting_table" USING btree ("event_id","fixed_company_id");--> statement-breakpoint
CREATE INDEX "meeting_event_id_status_index" ON "meeting" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "meeting_slot_id_index" ON "meeting" USING btree ("slot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_live_pair_key" ON "meeting" USING btree ("event_id","company_a_id","company_b_id") WHERE "meeting"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_live_table_key" ON "meeting" USING btree ("slot_id","table_id") WHERE "meeting"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_live_delegate_a_key" ON "meeting" USING btree ("slot_id","delegate_a_id") WHERE "meeting"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_live_delegate_b_key" ON "meeting" USING btree ("slot_id","delegate_b_id") WHERE "meeting"."status" <> 'cancelled';