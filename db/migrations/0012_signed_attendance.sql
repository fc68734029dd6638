CREATE TABLE "attendance_sheet_scan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_item_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance_signature" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_item_id" uuid NOT NULL,
	"attendee_id" uuid NOT NULL,
	"method" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature_png" "bytea",
	"scan_id" uuid,
	"collected_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_signature_proof" CHECK (("attendance_signature"."method" = 'tablet' AND "attendance_signature"."signature_png" IS NOT NULL AND "attendance_signature"."scan_id" IS NULL) OR ("attendance_signature"."method" = 'scan' AND "attendance_signature"."scan_id" IS NOT NULL AND "attendance_signature"."signature_png" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "attendance_sheet_scan" ADD CONSTRAINT "attendance_sheet_scan_programme_item_id_programme_item_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_sheet_scan" ADD CONSTRAINT "attendance_sheet_scan_uploaded_by_user_id_user_account_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_signature" ADD CONSTRAINT "attendance_signature_programme_item_id_programme_item_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_signature" ADD CONSTRAINT "attendance_signature_attendee_id_attendee_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendee"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_signature" ADD CONSTRAINT "attendance_signature_scan_id_attendance_sheet_scan_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."attendance_sheet_scan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_signature" ADD CONSTRAINT "attendance_signature_collected_by_user_id_user_account_id_fk" FOREIGN KEY ("collected_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_sheet_scan_programme_item_id_sha256_index" ON "attendance_sheet_scan" USING btree ("programme_item_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_signature_once" ON "attendance_signature" USING btree ("programme_item_id","attendee_id");--> statement-breakpoint
CREATE INDEX "attendance_signature_attendee_id_index" ON "attendance_signature" USING btree ("attendee_id");