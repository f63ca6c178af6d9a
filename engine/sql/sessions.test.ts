import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCompany, goodData, startTestVerdict, type TestVerdict } from "../../test/helpers.js";
import { scansOf } from "../../test/plans.js";
import { canonicalJson } from "../kernel/canonical-json.js";
import { uuidv7 } from "../kernel/ids.js";
import { withTransaction } from "../platform/db.js";
import { insertSessions, recordEngineDecisions, selectPending } from "./sessions.js";

let verdict: TestVerdict;
let companyId: string;
let ids: string[];
beforeAll(async () => {
  verdict = await startTestVerdict({ workers: false });
  companyId = (await createCompany(verdict.app)).id;
  // a backlog the statistics know nothing of: the table has never been analyzed
  const dataJson = JSON.stringify(goodData());
  const sessions = Array.from({ length: 3000 }, (_, i) => ({
    id: uuidv7(),
    externalId: `backlog-${i}`,
    dataJson,
    dataHash: "h",
    search: "",
    batchId: uuidv7(),
  }));
  await insertSessions(verdict.ctx.pool, companyId, sessions);
  ids = sessions.slice(0, 500).map((s) => s.id);
});
afterAll(() => verdict.close());

describe("deciding's statements", () => {
  it("find a batch's rows without going through the company's backlog, though no statistics know it", async () => {
    await withTransaction(verdict.ctx.pool, async (client) => {
      const read = await scansOf(client, (db) => selectPending(db, companyId, ids));
      const decide = await scansOf(client, (db) =>
        recordEngineDecisions(
          db,
          companyId,
          1,
          ids.map((id) => ({ id, status: "success", reasons: [] })),
        ),
      );
      // by primary key (or, the table being small, one pass over it); never through an index
      // that leads to the company's whole backlog
      for (const scans of [read, decide]) {
        expect(scans.length).toBeGreaterThan(0);
        for (const scan of scans) expect(scan).not.toMatch(/sessions_company_created|sessions_pending/);
      }
    });
  });

  it("still read and decide only the company's pending sessions", async () => {
    const other = (await createCompany(verdict.app, "Other")).id;
    expect(await selectPending(verdict.ctx.pool, other, ids)).toEqual([]);
    expect(
      await recordEngineDecisions(verdict.ctx.pool, other, 1, [
        { id: ids[0]!, status: "success", reasons: [] },
      ]),
    ).toEqual([]);
    const [first] = await recordEngineDecisions(verdict.ctx.pool, companyId, 1, [
      { id: ids[0]!, status: "success", reasons: [] },
    ]);
    expect(first).toMatchObject({ id: ids[0], status: "success" });
    expect((await selectPending(verdict.ctx.pool, companyId, ids.slice(0, 2))).map((row) => row.id)).toEqual([
      ids[1],
    ]);
    expect(
      await recordEngineDecisions(verdict.ctx.pool, companyId, 1, [
        { id: ids[0]!, status: "rejected", reasons: ["X"] },
      ]),
    ).toEqual([]);
  });
});

describe("intake's statement", () => {
  it("stores each session's columns on its own row, and its data as the very text it was given", async () => {
    const texts = ['quote " and backslash \\', "comma, {brace} and NULL", "ünïcödé ✓ 🎉", ""];
    const sessions = texts.map((text, i) => ({
      id: uuidv7(),
      externalId: `zip-${i} ${text}`,
      dataJson: canonicalJson({ ...goodData(), extra: { text, i } }),
      dataHash: `hash-${i}`,
      search: text.toLowerCase(),
      batchId: uuidv7(),
    }));
    const inserted = await insertSessions(verdict.ctx.pool, companyId, sessions);
    expect(inserted).toEqual(new Set(sessions.map((s) => s.id)));

    const { rows } = await verdict.ctx.pool.query(
      `SELECT s.id, s.external_id AS "externalId", s.data::text AS "dataJson", s.data_hash AS "dataHash",
              coalesce(q.search, '') AS search, s.batch_id AS "batchId"
         FROM sessions s LEFT JOIN session_search q ON q.session_id = s.id
        WHERE s.id = ANY($1::uuid[])`,
      [sessions.map((s) => s.id)],
    );
    expect(new Set(rows)).toEqual(new Set(sessions));
  });

  it("answers only the sessions whose externalId is new to the company", async () => {
    const [kept, fresh] = ["again-1", "again-2"].map((externalId) => ({
      id: uuidv7(),
      externalId,
      dataJson: canonicalJson(goodData()),
      dataHash: "h",
      search: externalId,
      batchId: uuidv7(),
    }));
    await insertSessions(verdict.ctx.pool, companyId, [kept!]);
    const again = { ...kept!, id: uuidv7() };
    expect(await insertSessions(verdict.ctx.pool, companyId, [again, fresh!])).toEqual(new Set([fresh!.id]));
  });
});
