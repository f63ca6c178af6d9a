-- The platform operator's bearer token when VERDICT_OPERATOR_TOKEN is not set: generated at the
-- first start, shown once, kept here as its SHA-256 (engine/companies/operator-token.ts). One row.
-- The trigger tells every API process when it is replaced (`verdict operator-token rotate`), so
-- that the old token stops working at once, as a deleted key does.
CREATE TABLE operator_token (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER operator_token_notify AFTER UPDATE OR DELETE ON operator_token
  FOR EACH ROW EXECUTE FUNCTION verdict_notify_lookup_change('operator', 'singleton');
