-- Written by hand (drizzle-kit cannot express functions): the refusal a statement raises when a
-- check made under the seat locks fails, so the check runs inside PostgreSQL and the transaction's
-- COMMIT can be sent behind it without waiting for Node to read the answer (docs/decisions/035).
-- A raise aborts the transaction: the COMMIT behind it then rolls back. SQLSTATE PSRFL, the
-- refusal's code as the message and its details (JSON) as the error's detail.
CREATE OR REPLACE FUNCTION "public"."passerelle_refuse"(reason text, details jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'PSRFL', MESSAGE = reason, DETAIL = coalesce(details::text, '{}');
END
$$;
