-- A session's evidence: its images and documents (engine/evidence/media.ts). The bytes live in
-- the file store under `file_key`; a row is written only once they are stored whole. One file per
-- kind, never replaced. Liquidation deletes the rows and hands their files to `file_removals`.
CREATE TABLE media (
  session_id    uuid NOT NULL REFERENCES sessions (id),
  kind          text NOT NULL,
  company_id    uuid NOT NULL,
  content_type  text NOT NULL,
  bytes         integer NOT NULL,
  sha256        text NOT NULL,
  file_key      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, kind)
);

-- Files to delete from the store once `due_at` passed (engine/evidence/file-removals.ts):
-- liquidated media (due at once), and every upload from just before it commits until its row is
-- written (due in an hour, then withdrawn). A crash between the two writes leaves the entry, and
-- the next sweep deletes the file: nothing stays behind for good.
CREATE TABLE file_removals (
  file_key  text PRIMARY KEY,
  due_at    timestamptz NOT NULL
);
CREATE INDEX file_removals_due ON file_removals (due_at);
