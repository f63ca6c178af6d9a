-- What the version list shows of each version without reading its rules (a set can be large):
-- how many rules it holds, and its status. A saved version is `active` and the one it replaces
-- `superseded`; `proposed` and `declined` are for versions saved pending another master's
-- approval. At most one version of a company is active.
ALTER TABLE rule_sets
  ADD COLUMN rules_count integer,
  ADD COLUMN status text NOT NULL DEFAULT 'superseded'
    CHECK (status IN ('proposed', 'active', 'superseded', 'declined'));

UPDATE rule_sets SET rules_count = jsonb_array_length(rules);
UPDATE rule_sets r SET status = 'active'
 WHERE version = (SELECT max(version) FROM rule_sets latest WHERE latest.company_id = r.company_id);

ALTER TABLE rule_sets ALTER COLUMN rules_count SET NOT NULL, ALTER COLUMN status DROP DEFAULT;
CREATE UNIQUE INDEX rule_sets_one_active ON rule_sets (company_id) WHERE status = 'active';
