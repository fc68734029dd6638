-- Written by hand (drizzle-kit cannot express triggers): the registration's status kept on each of
-- its attendees, so the list's status filter and its capped counts read the attendee row alone
-- instead of looking up each candidate's registration (about 6,000 look-ups per count of a common
-- word over 1,000,000 attendees), and one index serves a status and the name order together
-- (docs/decisions/034).
-- Derived data, not in the drizzle schema: whatever a writer puts in it, the attendee's trigger
-- writes its registration's status.
-- - An attendee inserted, or moved to another registration (or the column written directly),
--   reads its registration's status FOR SHARE: that lock waits for a concurrent status change to
--   commit and then reads its result (the foreign key's KEY SHARE lock does not wait for it), and
--   a status change waits for the attendee's transaction, whose rows its own update then sees.
-- - A registration's status change rewrites its attendees.
ALTER TABLE "public"."attendee" ADD COLUMN IF NOT EXISTS "registration_status" text;--> statement-breakpoint
-- Filled before the triggers exist (no look-up and lock per row); the column's lock keeps writers out
-- until the migration commits.
UPDATE "public"."attendee" a SET registration_status = r.status FROM "public"."registration" r WHERE r.id = a.registration_id;--> statement-breakpoint
ALTER TABLE "public"."attendee" ALTER COLUMN "registration_status" SET NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_attendee_registration_status"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.registration_status := (SELECT r.status FROM public.registration r WHERE r.id = NEW.registration_id FOR SHARE);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_registration_status_to_attendees"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.attendee SET registration_status = NEW.status WHERE registration_id = NEW.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "attendee_registration_status" ON "public"."attendee";--> statement-breakpoint
CREATE TRIGGER "attendee_registration_status" BEFORE INSERT OR UPDATE OF "registration_id", "registration_status" ON "public"."attendee"
  FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_attendee_registration_status"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "registration_status_to_attendees" ON "public"."registration";--> statement-breakpoint
CREATE TRIGGER "registration_status_to_attendees" AFTER UPDATE OF "status" ON "public"."registration"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION "public"."passerelle_registration_status_to_attendees"();--> statement-breakpoint
-- One event's attendees of one status in name order: a capped count of the people whose last name
-- begins with a word reads its range and nothing else (event by event for a whole organisation).
CREATE INDEX IF NOT EXISTS "attendee_event_status_fold_name_idx" ON "public"."attendee" USING btree ("event_id", "registration_status", (public.passerelle_fold("last_name") collate "C"), (public.passerelle_fold("first_name") collate "C"), "id");
