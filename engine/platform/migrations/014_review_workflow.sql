-- The review workflow (engine/review): named actors, claims that know when they began, four-eyes
-- proposals, resubmission as a new attempt of the same externalId, and what the dashboard reads.

-- Every actor is kept with its name as it was then ("Nino (agent key)"), so that history reads
-- the same after a key is renamed or deleted.
ALTER TABLE session_events ADD COLUMN actor_name text;
ALTER TABLE activity ADD COLUMN actor_name text;
ALTER TABLE sessions
  ADD COLUMN decided_by_name text,
  ADD COLUMN claim_by_name text,
  -- when the holder took the claim (claiming again extends it, and keeps this)
  ADD COLUMN claimed_at timestamptz,
  -- a pending four-eyes proposal: { outcome, reason, note, by: { type, id, name }, at, handlingMs }
  ADD COLUMN proposal jsonb,
  -- who approved the proposal that decided the session: { type, id, name }
  ADD COLUMN approved_by jsonb,
  ADD COLUMN attempt integer NOT NULL DEFAULT 1,
  ADD COLUMN previous_attempt_id uuid,
  ADD COLUMN next_attempt_id uuid;

ALTER TABLE sessions DROP CONSTRAINT sessions_status_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_status_check
  CHECK (status IN ('pending', 'success', 'rejected', 'awaiting_action', 'resubmission_requested'));

-- An externalId names one session an attempt: a resubmission is attempt n + 1.
ALTER TABLE sessions ADD CONSTRAINT sessions_external_attempt UNIQUE (company_id, external_id, attempt);
ALTER TABLE sessions DROP CONSTRAINT sessions_company_id_external_id_key;

-- `next` and the awaiting-action filters: the parked sessions in order, and by their parking time
-- (the dashboard's oldest age and overdue count, the `overdue` filter).
CREATE INDEX sessions_awaiting_parked ON sessions (company_id, decided_at) WHERE status = 'awaiting_action';
-- the `reason` filter: parked sessions by each of their reasons
CREATE INDEX sessions_awaiting_reasons ON sessions USING gin (reasons) WHERE status = 'awaiting_action';

-- The reviewers' figures: resolutions by people over a range of time.
CREATE INDEX session_events_resolutions ON session_events (company_id, at) WHERE type = 'resolved';

-- The settings' new sections, at their defaults (engine/kernel/model.ts's DEFAULT_SETTINGS).
UPDATE companies SET settings = settings || '{"review": {"fourEyes": null}}'::jsonb WHERE NOT settings ? 'review';
UPDATE companies
   SET settings = settings || '{"security": {"requireTwoFactor": "none", "rulesNeedApproval": false}}'::jsonb
 WHERE NOT settings ? 'security';

-- `resubmission_requested` is final for its attempt: retention liquidates it too.
DROP INDEX sessions_liquidatable;
CREATE INDEX sessions_liquidatable ON sessions (company_id, created_at)
  WHERE liquidated_at IS NULL AND status IN ('success', 'rejected', 'resubmission_requested');
