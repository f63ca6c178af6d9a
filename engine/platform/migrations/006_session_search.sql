-- The text `q` searches moves off the sessions row into a table of its own. Deciding rewrites a
-- session's row with a new status (an indexed column), which re-inserted the row into every
-- index, the trigram index too; now only intake writes the search text, once.
CREATE TABLE session_search (
  session_id  uuid PRIMARY KEY,
  company_id  uuid NOT NULL,
  search      text NOT NULL
);

INSERT INTO session_search (session_id, company_id, search)
SELECT id, company_id, search FROM sessions WHERE search IS NOT NULL AND search <> '';

CREATE INDEX session_search_text ON session_search USING gin (search gin_trgm_ops);
DROP INDEX sessions_search;
ALTER TABLE sessions DROP COLUMN search;
