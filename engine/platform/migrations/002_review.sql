-- Review: the awaiting-action list and count, and the daily rollups the dashboard reads.

-- Awaiting action, oldest first, and its count, from a small partial index.
CREATE INDEX sessions_awaiting ON sessions (company_id, created_at, id) WHERE status = 'awaiting_action';

-- Liquidation by retention: final sessions by age, not yet liquidated.
CREATE INDEX sessions_liquidatable ON sessions (company_id, created_at)
  WHERE liquidated_at IS NULL AND status IN ('success', 'rejected');

-- Per company and UTC day of the decision: how often each reason was given (kind 'reason') and
-- how many decisions fell in each latency bucket (kind 'latency', key = bucket number).
CREATE TABLE decision_stats (
  company_id  uuid NOT NULL REFERENCES companies (id),
  day         date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('reason', 'latency')),
  key         text NOT NULL,
  count       bigint NOT NULL,
  PRIMARY KEY (company_id, day, kind, key)
);

-- The latency bucket of a decision taken `ms` milliseconds after submission: 8 buckets per
-- doubling (engine/latency.ts reads them back).
CREATE FUNCTION verdict_latency_bucket(ms double precision) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN ms < 1 THEN 0 ELSE floor(log(2::numeric, ms::numeric) * 8)::integer + 1 END;
