-- Verdict's first schema: companies, their keys, settings and condition sets, sessions with
-- their decisions and history, and the activity log.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE companies (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  settings    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id          uuid PRIMARY KEY,
  company_id  uuid NOT NULL REFERENCES companies (id),
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('integrator', 'agent', 'master')),
  key_hash    text NOT NULL UNIQUE,           -- hex SHA-256 of the key; the key itself is never stored
  created_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX api_keys_company ON api_keys (company_id, created_at);

CREATE TABLE rule_sets (
  company_id  uuid NOT NULL REFERENCES companies (id),
  version     integer NOT NULL,
  rules       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  jsonb NOT NULL,                 -- the actor: { "type", "id" }
  PRIMARY KEY (company_id, version)
);

CREATE TABLE sessions (
  id                uuid PRIMARY KEY,
  company_id        uuid NOT NULL REFERENCES companies (id),
  external_id       text NOT NULL,
  data              jsonb,                    -- null once liquidated
  data_hash         text,                     -- hex SHA-256 of the canonical data, for idempotent intake
  search            text,                     -- lower-cased externalId, names and numbers, for `q`
  status            text NOT NULL CHECK (status IN ('pending', 'success', 'rejected', 'awaiting_action')),
  batch_id          uuid NOT NULL,            -- the id of the decide job that carries it
  -- milliseconds, so that a list cursor (JSON, JavaScript dates) names a row exactly
  created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  outcome           text,
  reasons           jsonb,                    -- the reason codes, in rule order
  rule_set_version  integer,
  decided_by_type   text CHECK (decided_by_type IN ('engine', 'user', 'sla')),
  decided_by_id     text,
  decided_at        timestamptz,
  decision_note     text,
  claim_by          text,
  claim_expires_at  timestamptz,
  liquidated_at     timestamptz,
  UNIQUE (company_id, external_id)
);
CREATE INDEX sessions_company_created ON sessions (company_id, created_at DESC, id DESC);
CREATE INDEX sessions_company_status_created ON sessions (company_id, status, created_at DESC, id DESC);
CREATE INDEX sessions_pending ON sessions (created_at) WHERE status = 'pending';
CREATE INDEX sessions_search ON sessions USING gin (search gin_trgm_ops) WHERE search IS NOT NULL;

CREATE TABLE session_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id  uuid NOT NULL REFERENCES sessions (id),
  company_id  uuid NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  type        text NOT NULL,
  actor_type  text NOT NULL,
  actor_id    text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX session_events_session ON session_events (session_id, id);

CREATE TABLE activity (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  company_id  uuid NOT NULL REFERENCES companies (id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor_type  text NOT NULL,
  actor_id    text,
  action      text NOT NULL,
  target      text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_company ON activity (company_id, id DESC);
