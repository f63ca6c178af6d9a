-- API processes keep a key's principal and a company's settings in memory (engine/lookups.ts).
-- These triggers tell every process when one changes: the payload names the entry to drop
-- (`key:<key_hash>`, `company:<id>`), and Postgres delivers it when the changing transaction
-- commits. Triggers, so that no writer, manual SQL included, can change a key or settings and
-- leave a process holding the old one.
CREATE FUNCTION verdict_notify_lookup_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- TG_ARGV: the entry's kind, and the column that names it
  PERFORM pg_notify('verdict_lookups', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
  RETURN NULL;
END $$;

CREATE TRIGGER api_keys_notify AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION verdict_notify_lookup_change('key', 'key_hash');

CREATE TRIGGER companies_notify AFTER UPDATE OR DELETE ON companies
  FOR EACH ROW EXECUTE FUNCTION verdict_notify_lookup_change('company', 'id');
