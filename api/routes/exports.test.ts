import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  fileDirectory,
  goodData,
  useTestCompany,
  useTestVerdict,
  waitFor,
} from "../../test/helpers.js";

const verdict = useTestVerdict();
const company = useTestCompany(verdict, "Exporter");
const ids: Record<string, string> = {};
beforeAll(async () => {
  const sessions = [
    { externalId: "ok-1", data: goodData() },
    {
      externalId: "ok-2",
      data: goodData({ person: { ...goodData().person, firstName: '=HYPERLINK("x")', lastName: "Doe" } }),
    },
    { externalId: "parked", data: goodData({ faceMatch: { matchLevel: 2 } }) },
    { externalId: "refused", data: goodData({ liveness: { passed: false } }) },
  ];
  const submitted = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
  for (const entry of submitted.json().accepted) ids[entry.externalId] = entry.id;
  await waitFor(
    async () => {
      const list = await call(verdict.app, company.agent, "GET", "/v1/sessions?status=pending");
      return list.json().items.length === 0;
    },
    10_000,
    "the sessions to be decided",
  );
  const liquidated = await call(verdict.app, company.master, "POST", `/v1/sessions/${ids["ok-1"]}/liquidate`);
  expect(liquidated.statusCode).toBe(200);
});

const post = (token: string, body: unknown) => call(verdict.app, token, "POST", "/v1/exports", body);
const status = (token: string, id: string) => call(verdict.app, token, "GET", `/v1/exports/${id}`);
const download = (token: string, id: string) => call(verdict.app, token, "GET", `/v1/exports/${id}/file`);

async function finished(id: string, token = company.agent) {
  return waitFor(
    async () => {
      const answer = (await status(token, id)).json();
      return answer.status === "completed" || answer.status === "failed" ? answer : undefined;
    },
    15_000,
    `export ${id} to finish`,
  );
}

/** Exports through the API and the worker, and parses the file back. */
async function exported(body: unknown, token = company.agent) {
  const created = await post(token, body);
  expect(created.statusCode, created.body).toBe(202);
  expect(created.json()).toEqual({ id: expect.any(String), status: "queued" });
  const { id } = created.json();
  expect(await finished(id, token)).toMatchObject({ status: "completed" });
  const file = await download(token, id);
  expect(file.statusCode).toBe(200);
  const records: Record<string, string>[] = parse(file.body, { bom: true, columns: true });
  return { id, file, records };
}

describe("POST /v1/exports", () => {
  it("exports a list through the worker, with status, progress and a named file", async () => {
    const { id, file, records } = await exported({ list: "sessions" });
    expect(file.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(file.headers["content-disposition"]).toMatch(
      new RegExp(`^attachment; filename="verdict-sessions-\\d{4}-\\d{2}-\\d{2}-${id.slice(0, 8)}\\.csv"$`),
    );
    expect(records.map((r) => r.externalId).sort()).toEqual(["ok-1", "ok-2", "parked", "refused"]);
    const answer = (await status(company.agent, id)).json();
    expect(answer).toEqual({
      id,
      list: "sessions",
      filter: {},
      status: "completed",
      rows: 4,
      createdAt: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const job = await verdict.ctx.queues.exports.getJob(id);
    expect(job?.progress).toEqual({ rows: 4 });
  });

  it("exports the awaiting-action list and the rejections, with reasons and decidedBy", async () => {
    const parked = await exported({ list: "awaiting_action" });
    expect(parked.records).toHaveLength(1);
    expect(parked.records[0]).toMatchObject({
      id: ids.parked,
      status: "awaiting_action",
      reasons: "FACE_MATCH_LOW",
      decidedBy: "engine",
      overdue: "false",
      firstName: "Nino",
      documentNumber: "13AB45678",
    });
    const rejected = await exported({ list: "rejections", filter: { from: "2000-01-01" } });
    expect(rejected.records.map((r) => r.id)).toEqual([ids.refused]);
    expect(rejected.records[0]!.reasons).toBe("LIVENESS_FAILED");
  });

  it("filters by status and q, and guards formulas", async () => {
    const { id, records } = await exported({ list: "sessions", filter: { status: "success", q: "DOE" } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ externalId: "ok-2", firstName: '\'=HYPERLINK("x")', lastName: "Doe" });
    // a search text may name a person: not kept once the export has run, nor in the activity log
    expect((await status(company.agent, id)).json().filter).toEqual({ status: "success" });
    const logged = await verdict.ctx.pool.query("SELECT details FROM activity WHERE target = $1", [id]);
    expect(JSON.stringify(logged.rows)).not.toContain("DOE");
  });

  it("shows liquidated sessions without personal data", async () => {
    const { records } = await exported({ list: "sessions", filter: { status: "success" } });
    const liquidated = records.find((r) => r.id === ids["ok-1"])!;
    expect(liquidated.liquidatedAt).not.toBe("");
    expect(liquidated).toMatchObject({ firstName: "", lastName: "", documentNumber: "", personalNumber: "" });
  });

  it("refuses a bad body with 400 naming the field", async () => {
    const cases = [
      [{ list: "everything" }, "list"],
      [{ list: "sessions", filter: { from: "last week" } }, "body/filter/from"],
      [{ list: "awaiting_action", filter: { status: "rejected" } }, "body/filter/status"],
      [{ list: "sessions", extra: 1 }, "extra"],
    ] as const;
    for (const [body, field] of cases) {
      const answer = await post(company.agent, body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().message).toContain(field);
    }
  });

  it("is for agents and masters only", async () => {
    expect((await post(company.integrator, { list: "sessions" })).statusCode).toBe(403);
    expect((await call(verdict.app, undefined, "POST", "/v1/exports", { list: "sessions" })).statusCode).toBe(
      401,
    );
    const { id } = await exported({ list: "rejections" }, company.master);
    expect((await status(company.integrator, id)).statusCode).toBe(403);
    expect((await download(company.integrator, id)).statusCode).toBe(403);
  });
});

describe("an export's company", () => {
  it("keeps another company's exports out of reach, and its sessions out of the file", async () => {
    const other = await createCompany(verdict.app, "Other");
    const mine = await exported({ list: "sessions" });
    expect((await status(other.agent, mine.id)).statusCode).toBe(404);
    expect((await download(other.master, mine.id)).statusCode).toBe(404);
    const theirs = await exported({ list: "sessions" }, other.agent);
    expect(theirs.records).toEqual([]);
    expect((await status(company.agent, "00000000-0000-7000-8000-000000000000")).statusCode).toBe(404);
    expect((await status(company.agent, "not-an-id")).statusCode).toBe(400);
  });

  it("records every export and download in the activity log", async () => {
    const { id } = await exported({ list: "rejections" });
    const activity = (await call(verdict.app, company.master, "GET", "/v1/activity?limit=10")).json().items;
    const mine = activity.filter((entry: { target: string }) => entry.target === id);
    expect(mine.map((entry: { action: string }) => entry.action)).toEqual([
      "export.downloaded",
      "export.created",
    ]);
    expect(mine[1]).toMatchObject({ actor: { type: "key" }, details: { list: "rejections", filter: {} } });
  });
});

describe("running exports", () => {
  it("answers 409 until completed, and 429 beyond three at once", async () => {
    const busy = await createCompany(verdict.app, "Busy");
    const ids: string[] = [];
    await verdict.ctx.queues.exports.pause();
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => post(busy.agent, { list: "sessions" })),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 202, 202, 429, 429]);
      expect(answers.find((a) => a.statusCode === 429)!.json().code).toBe("TOO_MANY_EXPORTS");
      ids.push(...answers.filter((a) => a.statusCode === 202).map((a) => a.json().id as string));
      const id = ids[0]!;
      expect((await status(busy.agent, id)).json()).toMatchObject({ status: "queued", rows: 0 });
      const early = await download(busy.agent, id);
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe("EXPORT_NOT_READY");
    } finally {
      await verdict.ctx.queues.exports.resume();
    }
    for (const id of ids) expect(await finished(id, busy.agent)).toMatchObject({ status: "completed" });
    // finished ones make room
    const more = await post(busy.agent, { list: "sessions" });
    expect(more.statusCode).toBe(202);
    await finished(more.json().id, busy.agent);
  });

  it("says why an export failed", async () => {
    const dir = fileDirectory(verdict.config);
    await rm(dir, { recursive: true, force: true });
    await writeFile(dir, "not a directory");
    try {
      const created = await post(company.agent, { list: "sessions" });
      const answer = await finished(created.json().id);
      expect(answer).toMatchObject({
        status: "failed",
        error: expect.stringMatching(/^the file store failed \(E/),
      });
      const file = await download(company.agent, created.json().id);
      expect(file.statusCode).toBe(409);
      expect(file.json().code).toBe("EXPORT_FAILED");
    } finally {
      await rm(dir, { force: true });
      await mkdir(dir);
    }
  });

  it("expires finished files, and deletes those a killed export left, on the maintenance schedules", async () => {
    const { id } = await exported({ list: "sessions" });
    await verdict.ctx.pool.query("UPDATE exports SET expires_at = now() WHERE id = $1", [id]);
    const left = join(fileDirectory(verdict.config), ".partial", randomUUID());
    await writeFile(left, "id,status\r\n");
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    await utimes(left, twoHoursAgo, twoHoursAgo);
    await verdict.ctx.queues.maintenance.add("expire-exports", { task: "expire-exports" });
    await verdict.ctx.queues.maintenance.add("remove-files", { task: "remove-files" });
    await waitFor(async () => (await status(company.agent, id)).json().status === "expired", 10_000);
    await waitFor(async () => !existsSync(left), 10_000);
    const gone = await download(company.agent, id);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe("EXPORT_EXPIRED");
  });
});
