CREATE TABLE "attendee_rsvp" (
	"attendee_id" uuid PRIMARY KEY NOT NULL,
	"partstat" text NOT NULL,
	"reply_sequence" integer NOT NULL,
	"reply_stamp" timestamp with time zone NOT NULL,
	"delegated_to" text,
	"inbound_message_id" uuid,
	"digested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"source" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"from_address" text,
	"subject" text,
	"status" text DEFAULT 'stored' NOT NULL,
	"reason" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbound_review_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inbound_message_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"suggested_partstat" text,
	"calendar_uid" text,
	"attendee_address" text,
	"state" text DEFAULT 'open' NOT NULL,
	"resolved_by_user_id" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_item_contact_rsvp" (
	"programme_item_id" uuid NOT NULL,
	"partner_contact_id" uuid NOT NULL,
	"partstat" text NOT NULL,
	"reply_sequence" integer NOT NULL,
	"reply_stamp" timestamp with time zone NOT NULL,
	"delegated_to" text,
	"inbound_message_id" uuid,
	"digested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_item_contact_rsvp_programme_item_id_partner_contact_id_pk" PRIMARY KEY("programme_item_id","partner_contact_id")
);
--> statement-breakpoint
ALTER TABLE "attendee_rsvp" ADD CONSTRAINT "attendee_rsvp_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendee_rsvp" ADD CONSTRAINT "attendee_rsvp_inbound_message_id_inbound_message_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_message"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_review_item" ADD CONSTRAINT "inbound_review_item_inbound_message_id_inbound_message_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_review_item" ADD CONSTRAINT "inbound_review_item_resolved_by_user_id_user_account_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_item_contact_rsvp" ADD CONSTRAINT "programme_item_contact_rsvp_programme_item_id_programme_item_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_item_contact_rsvp" ADD CONSTRAINT "programme_item_contact_rsvp_partner_contact_id_partner_contact_id_fk" FOREIGN KEY ("partner_contact_id") REFERENCES "public"."partner_contact"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_item_contact_rsvp" ADD CONSTRAINT "programme_item_contact_rsvp_inbound_message_id_inbound_message_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_message"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_message_message_id_key" ON "inbound_message" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "inbound_message_status_received_at_index" ON "inbound_message" USING btree ("status","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_review_item_message_key" ON "inbound_review_item" USING btree ("inbound_message_id");--> statement-breakpoint
CREATE INDEX "inbound_review_item_state_created_at_index" ON "inbound_review_item" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "programme_item_contact_rsvp_partner_contact_id_index" ON "programme_item_contact_rsvp" USING btree ("partner_contact_id");--> statement-breakpoint
CREATE INDEX "programme_item_contact_rsvp_undigested_idx" ON "programme_item_contact_rsvp" USING btree ("updated_at") WHERE "programme_item_contact_rsvp"."digested_at" IS NULL;