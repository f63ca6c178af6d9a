-- Exports: a company's CSV exports of a session list, made by the `exports` worker into the file
-- store, downloadable until they expire.

CREATE TABLE exports (
  id           uuid PRIMARY KEY,
  company_id   uuid NOT NULL REFERENCES companies (id),
  list         text NOT NULL CHECK (list IN ('awaiting_action', 'sessions', 'rejections')),
  filter       jsonb NOT NULL DEFAULT '{}',   -- { status?, q?, from?, to? }, from/to as ISO instants
  status       text NOT NULL DEFAULT 'queued'
               CHECK (status IN ('queued', 'running', 'completed', 'failed', 'expired')),
  rows         bigint NOT NULL DEFAULT 0,     -- data rows written so far (all of them once completed)
  error        text,                          -- why it failed
  file_key     text,                          -- the file store's key of the finished file
  created_by   jsonb NOT NULL,                -- the actor: { "type", "id" }
  created_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  started_at   timestamptz,
  finished_at  timestamptz,
  expires_at   timestamptz                    -- when the finished file is deleted
);
CREATE INDEX exports_company ON exports (company_id, created_at DESC);
-- The per-company limit counts these; the reconciler looks for lost jobs among them.
CREATE INDEX exports_active ON exports (company_id) WHERE status IN ('queued', 'running');
CREATE INDEX exports_expiring ON exports (expires_at) WHERE status = 'completed';
