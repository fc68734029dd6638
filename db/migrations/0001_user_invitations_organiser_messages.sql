CREATE TABLE "password_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organiser_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"subject" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"audience" text NOT NULL,
	"recipient_count" integer NOT NULL,
	"sent_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_message" ADD COLUMN "organiser_message_id" uuid;--> statement-breakpoint
ALTER TABLE "password_token" ADD CONSTRAINT "password_token_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organiser_message" ADD CONSTRAINT "organiser_message_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organiser_message" ADD CONSTRAINT "organiser_message_sent_by_user_id_user_account_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "password_token_user_id_index" ON "password_token" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "organiser_message_event_id_index" ON "organiser_message" USING btree ("event_id");--> statement-breakpoint
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_organiser_message_id_organiser_message_id_fk" FOREIGN KEY ("organiser_message_id") REFERENCES "public"."organiser_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_message_organiser_message_id_index" ON "email_message" USING btree ("organiser_message_id");