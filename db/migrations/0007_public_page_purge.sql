-- Written by hand (drizzle-kit cannot express triggers): every write that changes what a public
-- page shows notifies the web processes, which drop that page from their micro-cache at once
-- (app/server/page-cache-purge.ts, docs/decisions/023-public-page-purge.md). The payload is the
-- event's slug, or '*' for what every page shows (organisation, partners). NOTIFY is delivered
-- at commit and identical payloads of one transaction are folded, so a bulk import costs one.
CREATE OR REPLACE FUNCTION "public"."passerelle_public_page_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb := to_jsonb(coalesce(NEW, OLD));
  target_event text;
  target_slug text;
BEGIN
  IF TG_TABLE_NAME IN ('organisation', 'partner') THEN
    PERFORM pg_notify('passerelle_public_pages', '*');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'event' THEN
    IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('passerelle_public_pages', OLD.slug); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('passerelle_public_pages', NEW.slug); END IF;
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'capacity_pool_ticket_type' THEN
    SELECT p.event_id::text INTO target_event FROM "public"."capacity_pool" p WHERE p.id = (changed->>'capacity_pool_id')::uuid;
  ELSE
    target_event := changed->>'event_id';
  END IF;
  SELECT e.slug INTO target_slug FROM "public"."event" e WHERE e.id = target_event::uuid;
  PERFORM pg_notify('passerelle_public_pages', coalesce(target_slug, '*'));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "event_public_page" AFTER INSERT OR UPDATE OR DELETE ON "event" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "programme_item_public_page" AFTER INSERT OR UPDATE OR DELETE ON "programme_item" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "ticket_type_public_page" AFTER INSERT OR UPDATE OR DELETE ON "ticket_type" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "capacity_pool_public_page" AFTER INSERT OR UPDATE OR DELETE ON "capacity_pool" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "capacity_pool_ticket_type_public_page" AFTER INSERT OR UPDATE OR DELETE ON "capacity_pool_ticket_type" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "event_partner_public_page" AFTER INSERT OR UPDATE OR DELETE ON "event_partner" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "partner_public_page" AFTER INSERT OR UPDATE OR DELETE ON "partner" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
CREATE TRIGGER "organisation_public_page" AFTER INSERT OR UPDATE OR DELETE ON "organisation" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
--> statement-breakpoint
-- Seats left: a seat taken or given back (status changes included; other attendee edits do not move the count).
CREATE TRIGGER "attendee_public_page" AFTER INSERT OR DELETE OR UPDATE OF "status", "event_id" ON "attendee" FOR EACH ROW EXECUTE FUNCTION "public"."passerelle_public_page_changed"();
