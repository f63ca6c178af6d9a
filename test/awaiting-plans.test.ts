import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../engine/kernel/model.js";
import { withTransaction } from "../engine/platform/db.js";
import { awaitingFilter } from "../engine/review/reviewer-actions.js";
import { selectAwaitingAge, selectReviewerFigures } from "../engine/sql/dashboard.js";
import { claimNext } from "../engine/sql/review.js";
import { selectSessionPage } from "../engine/sql/sessions.js";
import { BROKER, createCompany, startTestVerdict, type TestVerdict } from "./helpers.js";
import { scansOf } from "./plans.js";

// The plans of the reviewers' queries at 1,000,000 sessions of one company (a tenth parked, by a
// few reasons), statistics fresh: each is served by an index, none reads the table through. Plans
// do not depend on the broker: this runs in the Postgres set-up of CI only.
const STORED = 1_000_000;

let verdict: TestVerdict;
let companyId: string;
beforeAll(async () => {
  verdict = await startTestVerdict({ workers: false });
  companyId = (await createCompany(verdict.app, "Plans")).id;
  await verdict.ctx.pool.query(
    `INSERT INTO sessions (id, company_id, external_id, data, status, batch_id, created_at,
                           outcome, reasons, decided_by_type, decided_at, claim_by, claim_expires_at)
     SELECT md5('s' || i)::uuid, $1, 'plan-' || i, '{}'::json, status, md5('b' || (i / 500))::uuid, created_at,
            status, reasons, 'engine', created_at + interval '1 second',
            CASE WHEN i % 1000 = 3 THEN 'someone' END, CASE WHEN i % 1000 = 3 THEN now() + interval '10 minutes' END
       FROM generate_series(1, $2::int) AS i,
            LATERAL (SELECT now() - interval '90 days' + i * interval '7 milliseconds' AS created_at,
                            CASE WHEN i % 10 = 3 THEN 'awaiting_action' ELSE 'success' END AS status,
                            CASE WHEN i % 10 <> 3 THEN '[]'::jsonb
                                 WHEN i % 100 = 13 THEN '["MRZ_INVALID"]'::jsonb
                                 WHEN i % 100 = 23 THEN '["HIGH_RISK_COUNTRY", "FACE_MATCH_LOW"]'::jsonb
                                 ELSE '["FACE_MATCH_LOW"]'::jsonb END AS reasons) v`,
    [companyId, STORED],
  );
  await verdict.ctx.pool.query(
    `INSERT INTO session_search (session_id, company_id, search)
     SELECT id, company_id, external_id FROM sessions WHERE company_id = $1`,
    [companyId],
  );
  // a history of claims, notes and resolutions over the 90 days
  await verdict.ctx.pool.query(
    `INSERT INTO session_events (session_id, company_id, at, type, actor_type, actor_id, details)
     SELECT md5('s' || i)::uuid, $1, now() - interval '90 days' + i * interval '30 milliseconds',
            (ARRAY['claimed', 'note', 'resolved', 'claimed'])[1 + i % 4], 'user', 'reviewer-' || (i % 10),
            jsonb_build_object('outcome', 'success', 'handlingMs', i % 60000)
       FROM generate_series(1, 250000) AS i`,
    [companyId],
  );
  await verdict.ctx.pool.query("VACUUM (ANALYZE) sessions, session_search, session_events");
}, 600_000);
afterAll(() => verdict?.close());

const settings = {
  ...DEFAULT_SETTINGS,
  awaitingAction: { enabled: true, slaHours: 24, onExpiry: "keep" as const },
};

describe.skipIf(BROKER === "redis")(
  `the reviewers' queries at ${STORED.toLocaleString("en")} sessions`,
  () => {
    const expectIndexed = (scans: string[]) => {
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) expect(scan).toMatch(/^(Index Scan|Index Only Scan|Bitmap Heap Scan)/);
    };

    it.each([
      ["no filter", {}],
      ["a common reason", { reason: "FACE_MATCH_LOW" }],
      ["a rare reason", { reason: "MRZ_INVALID" }],
      ["unclaimed", { claimed: false }],
      ["overdue", { overdue: true }],
      ["text", { q: "plan-123" }],
      ["all of them", { reason: "MRZ_INVALID", claimed: false, overdue: true, q: "plan-1" }],
    ])("list the parked sessions by %s through an index", async (_, filter) => {
      await withTransaction(verdict.ctx.pool, async (client) => {
        const scans = await scansOf(client, (db) =>
          selectSessionPage(db, companyId, awaitingFilter(filter, settings), "oldest", undefined, 50),
        );
        expectIndexed(scans);
      });
    });

    it.each([
      ["any", undefined],
      ["a rare reason", "MRZ_INVALID"],
    ])("hand out the next parked session (%s) through an index", async (_, reason) => {
      await withTransaction(verdict.ctx.pool, async (client) => {
        const scans = await scansOf(client, (db) =>
          claimNext(db, companyId, { type: "user", id: "k", name: "K" }, 60_000, reason),
        );
        expectIndexed(scans);
      });
    });

    it("read the queue's age and the reviewers' figures through indexes", async () => {
      await withTransaction(verdict.ctx.pool, async (client) => {
        expectIndexed(
          await scansOf(client, (db) => selectAwaitingAge(db, companyId, new Date(Date.now() - 86_400_000))),
        );
        const figures = await scansOf(
          client,
          (db) => selectReviewerFigures(db, companyId, new Date(Date.now() - 30 * 86_400_000), new Date()),
          "session_events",
        );
        expectIndexed(figures);
      });
    });
  },
);
