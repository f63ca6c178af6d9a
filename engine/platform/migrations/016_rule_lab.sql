-- The rule lab (engine/rule-lab): simulations of a draft condition set on a company's history,
-- and the shadow set that decides beside the live one without acting.

CREATE TABLE simulations (
  id              uuid PRIMARY KEY,
  company_id      uuid NOT NULL REFERENCES companies (id),
  status          text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  rules           jsonb NOT NULL,
  from_at         timestamptz NOT NULL,
  to_at           timestamptz NOT NULL,
  max_sessions    integer NOT NULL,
  done            integer NOT NULL DEFAULT 0,
  total           integer,
  result          jsonb,
  error           text,
  created_by      jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX simulations_company ON simulations (company_id, created_at DESC);
CREATE INDEX simulations_running ON simulations (company_id) WHERE status = 'running';

-- One shadow set a company at most; its counts start again whenever it is replaced (`since`).
CREATE TABLE shadow_sets (
  company_id  uuid PRIMARY KEY REFERENCES companies (id),
  rules       jsonb NOT NULL,
  since       timestamptz NOT NULL,
  until       timestamptz,
  created_by  jsonb NOT NULL
);

-- What the shadow set would have decided, by the live outcome and the shadow one, counted in the
-- transaction that records the live decisions (a retried batch counts nothing twice).
CREATE TABLE shadow_transitions (
  company_id    uuid NOT NULL,
  since         timestamptz NOT NULL,
  from_outcome  text NOT NULL,
  to_outcome    text NOT NULL,
  count         bigint NOT NULL,
  PRIMARY KEY (company_id, since, from_outcome, to_outcome)
);
