-- How many sessions each company has awaiting action, kept in the same transactions that park
-- and resolve them, so that reviewers' count is one row read however many sessions there are.
CREATE TABLE awaiting_counts (
  company_id  uuid PRIMARY KEY REFERENCES companies (id),
  count       bigint NOT NULL CHECK (count >= 0)
);

INSERT INTO awaiting_counts (company_id, count)
SELECT company_id, count(*) FROM sessions WHERE status = 'awaiting_action' GROUP BY company_id;
