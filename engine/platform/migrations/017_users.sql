-- People who sign in to the console (engine/companies/users.ts): users, their cookie sessions and
-- the failed sign-ins that lock an email out. Actors name keys as `key` from here on.

CREATE TABLE users (
  id                 uuid PRIMARY KEY,
  company_id         uuid NOT NULL REFERENCES companies (id),
  email              text NOT NULL,
  name               text NOT NULL,
  role               text NOT NULL CHECK (role IN ('agent', 'master')),
  password_hash      text NOT NULL,
  active             boolean NOT NULL DEFAULT true,
  -- the TOTP secret once enrolment is confirmed; the pending one until then
  totp_secret        text,
  totp_pending       text,
  created_at         timestamptz NOT NULL DEFAULT now()
);
-- an email is unique across Verdict, whatever its case
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_company ON users (company_id, created_at, id);

-- A signed-in browser: only the SHA-256 of its cookie's random token is kept.
CREATE TABLE user_sessions (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);

-- Failed sign-ins by email (lower case), whether or not a user has it: five in 15 minutes lock it.
CREATE TABLE sign_in_failures (
  email  text NOT NULL,
  at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);

ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_decided_by_type_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_decided_by_type_check
  CHECK (decided_by_type IN ('engine', 'user', 'key', 'sla')) NOT VALID;
ALTER TABLE sessions ADD COLUMN claim_by_type text;
