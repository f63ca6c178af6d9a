-- What several Verdict processes share when no Redis is configured (engine/platform/broker.ts):
-- window counters (rate limits, intake volumes), leased slots (webhook deliveries, event
-- streams) and the live event stream. Like Redis's keys, none of it needs to outlive a crash:
-- the tables are unlogged (no WAL, emptied after a crash), and every reader treats a lost row as
-- "nothing counted, nobody holds a slot".

CREATE UNLOGGED TABLE broker_counters (
  key text PRIMARY KEY,
  count bigint NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE UNLOGGED TABLE broker_slots (
  slot_set text NOT NULL,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (slot_set, holder)
);

CREATE UNLOGGED TABLE broker_slot_waiters (
  slot_set text NOT NULL,
  holder text NOT NULL,
  since timestamptz NOT NULL,
  PRIMARY KEY (slot_set, holder)
);
CREATE INDEX broker_slot_waiters_line ON broker_slot_waiters (slot_set, since, holder);

CREATE UNLOGGED TABLE broker_live_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  company_id uuid NOT NULL,
  event text NOT NULL,
  data jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX broker_live_events_company ON broker_live_events (company_id, id);
