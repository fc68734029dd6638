-- Word search over attendees and companies (any word of the names, company and e-mail, from its
-- beginning, accents and case ignored), indexed: GIN over a 'simple' text-search vector of the
-- folded text. `passerelle_fold` is immutable (lower + fixed accent table), so it can be indexed
-- on PostgreSQL and PGlite alike, without the unaccent extension. The same expressions are used by
-- app/modules/registration/word-search.server.ts; change them together.
CREATE OR REPLACE FUNCTION passerelle_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT pg_catalog.translate(pg_catalog.replace(pg_catalog.replace(pg_catalog.lower(coalesce(input, '')), 'œ', 'oe'), 'æ', 'ae'), 'àáâãäåāçćčèéêëēėęìíîïīñńòóôõöøōùúûüūýÿž', 'aaaaaaaccceeeeeeeiiiiinnooooooouuuuuyyz') $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION passerelle_words(input text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT pg_catalog.to_tsvector('simple'::regconfig, public.passerelle_fold(input)) $$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "attendee_words_idx" ON "attendee" USING gin (public.passerelle_words("first_name" || ' ' || "last_name" || ' ' || coalesce("email", '')));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "company_words_idx" ON "company" USING gin (public.passerelle_words("name"));
