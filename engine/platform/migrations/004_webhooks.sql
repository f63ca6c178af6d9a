-- Webhooks: each company's signing secrets and endpoint health, the outbox of events to deliver
-- (written in the transaction of the decision it reports), and every delivery attempt.

CREATE TABLE webhook_endpoints (
  company_id            uuid PRIMARY KEY REFERENCES companies (id),
  -- HMAC keys must be usable to sign, so they cannot be stored hashed; they are never shown again.
  secret                text NOT NULL,
  previous_secret       text,                 -- still signed with until previous_valid_until (rotation)
  previous_valid_until  timestamptz,
  failing_since         timestamptz,          -- the first failed attempt since the last success
  disabled_at           timestamptz,
  disabled_reason       text
);

CREATE TABLE webhook_deliveries (
  id                uuid PRIMARY KEY,
  company_id        uuid NOT NULL REFERENCES companies (id),
  event_id          text NOT NULL,            -- the webhook-id header, the same on every retry
  type              text NOT NULL,
  session_id        uuid NOT NULL REFERENCES sessions (id),
  payload           jsonb NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts          integer NOT NULL DEFAULT 0,
  last_status_code  integer,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  first_attempt_at  timestamptz,              -- start of the retry window (reset by a redelivery)
  last_attempt_at   timestamptz,
  delivered_at      timestamptz,
  job_id            text NOT NULL             -- the BullMQ job now carrying it, for the reconciler
);
CREATE INDEX webhook_deliveries_company ON webhook_deliveries (company_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (created_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id),
  at           timestamptz NOT NULL DEFAULT now(),
  status_code  integer,
  error        text,
  duration_ms  integer NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
