CREATE TABLE "delegate" (
	"attendee_id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"passport_name_enc" text,
	"passport_number_enc" text,
	"passport_country_enc" text,
	"passport_expiry_enc" text,
	"nationality_enc" text,
	"birth_date_enc" text,
	"travel_authorisation_kind_enc" text,
	"travel_authorisation_number_enc" text,
	"travel_authorisation_valid_until_enc" text,
	"identity_complete" integer DEFAULT 0 NOT NULL,
	"identity_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegation_settings" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"return_date" date,
	"organiser_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flight_segment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"attendee_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"flight_number" text NOT NULL,
	"from_airport" text NOT NULL,
	"to_airport" text NOT NULL,
	"departs_at" timestamp with time zone NOT NULL,
	"arrives_at" timestamp with time zone NOT NULL,
	"booking_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flight_segment_lands_after_take_off" CHECK ("flight_segment"."arrives_at" > "flight_segment"."departs_at")
);
--> statement-breakpoint
CREATE TABLE "hotel_block" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"hotel_name" text NOT NULL,
	"address" text NOT NULL,
	"phone" text,
	"check_in" date NOT NULL,
	"check_out" date NOT NULL,
	"cut_off_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotel_block_dates" CHECK ("hotel_block"."check_out" > "hotel_block"."check_in")
);
--> statement-breakpoint
CREATE TABLE "hotel_room" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"block_id" uuid NOT NULL,
	"room_type" text NOT NULL,
	"label" text NOT NULL,
	"beds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotel_room_beds" CHECK ("hotel_room"."beds" between 1 and 6)
);
--> statement-breakpoint
CREATE TABLE "room_assignment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"attendee_id" uuid NOT NULL,
	"arrival_date" date NOT NULL,
	"departure_date" date NOT NULL,
	"special_requests" text,
	"billing" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_assignment_dates" CHECK ("room_assignment"."departure_date" > "room_assignment"."arrival_date")
);
--> statement-breakpoint
CREATE TABLE "rooming_list_send" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"block_id" uuid NOT NULL,
	"sent_by_user_id" uuid,
	"rows" jsonb NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_wave" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"label" text NOT NULL,
	"airport" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"vehicle" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_wave_window" CHECK ("transfer_wave"."window_end" > "transfer_wave"."window_start")
);
--> statement-breakpoint
ALTER TABLE "delegate" ADD CONSTRAINT "delegate_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegate" ADD CONSTRAINT "delegate_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegation_settings" ADD CONSTRAINT "delegation_settings_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flight_segment" ADD CONSTRAINT "flight_segment_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flight_segment" ADD CONSTRAINT "flight_segment_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotel_block" ADD CONSTRAINT "hotel_block_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotel_room" ADD CONSTRAINT "hotel_room_block_id_hotel_block_id_fk" FOREIGN KEY ("block_id") REFERENCES "public"."hotel_block"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_assignment" ADD CONSTRAINT "room_assignment_room_id_hotel_room_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."hotel_room"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_assignment" ADD CONSTRAINT "room_assignment_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_assignment" ADD CONSTRAINT "room_assignment_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooming_list_send" ADD CONSTRAINT "rooming_list_send_block_id_hotel_block_id_fk" FOREIGN KEY ("block_id") REFERENCES "public"."hotel_block"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooming_list_send" ADD CONSTRAINT "rooming_list_send_sent_by_user_id_user_account_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_wave" ADD CONSTRAINT "transfer_wave_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegate_event_id_index" ON "delegate" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "flight_segment_event_id_arrives_at_index" ON "flight_segment" USING btree ("event_id","arrives_at");--> statement-breakpoint
CREATE INDEX "flight_segment_attendee_id_index" ON "flight_segment" USING btree ("attendee_id");--> statement-breakpoint
CREATE INDEX "hotel_block_event_id_index" ON "hotel_block" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hotel_room_block_label_key" ON "hotel_room" USING btree ("block_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "room_assignment_attendee_key" ON "room_assignment" USING btree ("event_id","attendee_id");--> statement-breakpoint
CREATE INDEX "room_assignment_room_id_index" ON "room_assignment" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "rooming_list_send_block_id_sent_at_index" ON "rooming_list_send" USING btree ("block_id","sent_at");--> statement-breakpoint
CREATE INDEX "transfer_wave_event_id_window_start_index" ON "transfer_wave" USING btree ("event_id","window_start");