-- Fewer writes a session, measured with `npm run bench` (bench/README.md, "Where the time goes").
--
-- The data as `json`: the canonical JSON text intake hashed, stored as it came. Postgres only
-- checks that it is JSON, where `jsonb` built a tree at intake (about 5 µs a session) and wrote
-- it back out as text for every read (about 2 µs for deciding). Nothing queries inside it but
-- exports, which read each row's data as `jsonb` once. On a large table this rewrites it under
-- an exclusive lock: plan the upgrade for a quiet hour.
ALTER TABLE sessions ALTER COLUMN data TYPE json USING data::json;

-- (company_id, status, created_at, id) took an entry at intake and another at deciding for every
-- session, to serve status-filtered lists. Those lists are now served by smaller indexes: all
-- sessions by `sessions_company_created` (most are `success`), `awaiting_action` by
-- `sessions_awaiting`, `pending` by `sessions_pending`, and the rarer `rejected` by its own.
DROP INDEX sessions_company_status_created;
CREATE INDEX sessions_rejected ON sessions (company_id, created_at DESC, id DESC) WHERE status = 'rejected';
