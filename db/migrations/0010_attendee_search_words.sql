-- Written by hand (drizzle-kit cannot express triggers): the words a search matches, kept on the
-- attendee row itself: first and last name, e-mail and the company's name, folded as
-- `passerelle_words` folds them (migration 0004). The 0004 lookup (a match on the attendee's
-- words, union a match on the company's, intersected per word, then looked up by id) builds the
-- whole set of matches first: over a second when a word matched half of 100,000 attendees. This
-- column lets a count stop at its cap and a page walk the name index, testing each row as it
-- goes; the 0004 indexes stay for searches with few matches (docs/decisions/027).
-- Kept by triggers, so no writer can forget it: on the attendee's own fields, on a company's
-- name and on a registration moving to another company.
ALTER TABLE "public"."attendee" ADD COLUMN IF NOT EXISTS "search_words" tsvector;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_attendee_search_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_words := public.passerelle_words(NEW.first_name || ' ' || NEW.last_name || ' ' || coalesce(NEW.email, '') || ' ' ||
    coalesce((SELECT c.name FROM public.registration r JOIN public.company c ON c.id = r.company_id WHERE r.id = NEW.registration_id), ''));
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_company_search_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.attendee a
    SET search_words = public.passerelle_words(a.first_name || ' ' || a.last_name || ' ' || coalesce(a.email, '') || ' ' || coalesce(c.name, ''))
    FROM public.registration r JOIN public.company c ON c.id = r.company_id
    WHERE a.registration_id = r.id AND
      (CASE WHEN TG_TABLE_NAME = 'company' THEN r.company_id = NEW.id ELSE r.id = NEW.id END);
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "attendee_search_words" ON "public"."attendee";--> statement-breakpoint
CREATE TRIGGER "attendee_search_words" BEFORE INSERT OR UPDATE OF "first_name", "last_name", "email", "registration_id" ON "public"."attendee"
  FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_attendee_search_words"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "company_search_words" ON "public"."company";--> statement-breakpoint
CREATE TRIGGER "company_search_words" AFTER UPDATE OF "name" ON "public"."company"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION "public"."passerelle_company_search_words"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "registration_search_words" ON "public"."registration";--> statement-breakpoint
CREATE TRIGGER "registration_search_words" AFTER UPDATE OF "company_id" ON "public"."registration"
  FOR EACH ROW WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id) EXECUTE FUNCTION "public"."passerelle_company_search_words"();--> statement-breakpoint
UPDATE "public"."attendee" a
  SET search_words = public.passerelle_words(a.first_name || ' ' || a.last_name || ' ' || coalesce(a.email, '') || ' ' || coalesce(c.name, ''))
  FROM "public"."registration" r JOIN "public"."company" c ON c.id = r.company_id
  WHERE a.registration_id = r.id;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "attendee_search_words_idx" ON "public"."attendee" USING gin ("search_words");
