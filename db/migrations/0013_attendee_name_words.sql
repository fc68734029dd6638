-- Written by hand (drizzle-kit cannot express triggers): a one-word search sorted by name, split
-- in two parts that each come in name order cheaply (docs/decisions/028):
-- - the people whose folded last name begins with the word: a range of the new name index,
--   `attendee_fold_name_idx` (the list's name order is now the folded one: "Écrin" beside "Ecole",
--   not after "Zola");
-- - the people matched by any other word (first name, the last name's later words, e-mail,
--   company): `search_words_rest`, the same words as `search_words` (migration 0010) less the
--   last name's leading word, with its own GIN index.
-- Typing the beginning of a last name is the commonest search, and the one the name order could
-- not serve: walking the name index with the filter read every name before "Nom4…" first.
-- Kept by the same triggers as `search_words` (the functions are replaced; the triggers stay).
ALTER TABLE "public"."attendee" ADD COLUMN IF NOT EXISTS "search_words_rest" tsvector;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_rest_words"(first_name text, last_name text, email text, company text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT public.passerelle_words(first_name || ' ' || regexp_replace(public.passerelle_fold(last_name), '^[[:alnum:]]+', '') || ' ' ||
    coalesce(email, '') || ' ' || coalesce(company, ''))
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_attendee_search_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  company_name text := coalesce((SELECT c.name FROM public.registration r JOIN public.company c ON c.id = r.company_id WHERE r.id = NEW.registration_id), '');
BEGIN
  NEW.search_words := public.passerelle_words(NEW.first_name || ' ' || NEW.last_name || ' ' || coalesce(NEW.email, '') || ' ' || company_name);
  NEW.search_words_rest := public.passerelle_rest_words(NEW.first_name, NEW.last_name, NEW.email, company_name);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."passerelle_company_search_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.attendee a
    SET search_words = public.passerelle_words(a.first_name || ' ' || a.last_name || ' ' || coalesce(a.email, '') || ' ' || coalesce(c.name, '')),
      search_words_rest = public.passerelle_rest_words(a.first_name, a.last_name, a.email, c.name)
    FROM public.registration r JOIN public.company c ON c.id = r.company_id
    WHERE a.registration_id = r.id AND
      (CASE WHEN TG_TABLE_NAME = 'company' THEN r.company_id = NEW.id ELSE r.id = NEW.id END);
  RETURN NULL;
END
$$;--> statement-breakpoint
UPDATE "public"."attendee" a
  SET search_words_rest = public.passerelle_rest_words(a.first_name, a.last_name, a.email, c.name)
  FROM "public"."registration" r JOIN "public"."company" c ON c.id = r.company_id
  WHERE a.registration_id = r.id;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "attendee_search_words_rest_idx" ON "public"."attendee" USING gin ("search_words_rest");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "attendee_fold_name_idx" ON "public"."attendee" USING btree ((public.passerelle_fold("last_name") collate "C"), (public.passerelle_fold("first_name") collate "C"), "id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "attendee_event_fold_name_idx" ON "public"."attendee" USING btree ("event_id", (public.passerelle_fold("last_name") collate "C"), (public.passerelle_fold("first_name") collate "C"), "id");
