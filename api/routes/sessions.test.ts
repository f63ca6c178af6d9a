import { describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  useTestCompany,
  useTestVerdict,
  waitFor,
} from "../../test/helpers.js";

// Without workers, sessions stay pending: this file tests intake and reading, not deciding.
const verdict = useTestVerdict({ workers: false });
const company = useTestCompany(verdict);

const submit = (body: unknown, token = company.integrator) =>
  call(verdict.app, token, "POST", "/v1/sessions", body);

describe("POST /v1/sessions", () => {
  it("stores the session before answering 202 and queues it", async () => {
    const response = await submit({ externalId: "order-1", data: goodData() });
    expect(response.statusCode).toBe(202);
    const { id } = response.json();
    expect(response.json()).toEqual({ id, externalId: "order-1", status: "pending" });
    const { rows } = await verdict.ctx.pool.query("SELECT status, batch_id FROM sessions WHERE id = $1", [
      id,
    ]);
    expect(rows[0].status).toBe("pending");
    // single submissions are gathered for a few milliseconds into one job
    const job = await waitFor(() => verdict.ctx.queues.decide.getJob(rows[0].batch_id));
    expect(job.data.sessionIds).toEqual([id]);
  });

  it("answers single sessions submitted together each its own, and queues each batch with exactly its sessions", async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => submit({ externalId: `together-${i}`, data: goodData() })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(responses.map((r) => r.json().externalId)).toEqual([0, 1, 2, 3, 4].map((i) => `together-${i}`));
    const ids = responses.map((r) => r.json().id);
    // how many batches they made depends on timing (engine/deciding/submission-batcher.test.ts tests the batching)
    const { rows } = await verdict.ctx.pool.query(
      "SELECT batch_id, array_agg(id::text ORDER BY id) AS ids FROM sessions WHERE id = ANY($1::uuid[]) GROUP BY batch_id",
      [ids],
    );
    for (const batch of rows) {
      const job = await waitFor(() => verdict.ctx.queues.decide.getJob(batch.batch_id));
      expect([...job.data.sessionIds].sort()).toEqual(batch.ids);
    }
    expect(rows.flatMap((batch) => batch.ids).sort()).toEqual([...ids].sort());
  });

  it("stores the data exactly as submitted: text with quotes, escapes and emoji, extra fields out of order", async () => {
    const data = goodData({
      person: { ...goodData().person, firstName: 'Nino "N" \\ ბერიძე 😀', lastName: "O'Brien\n" },
      extra: { note: "line\u2028break", zeta: 2.5, alpha: true },
    });
    const response = await submit({ externalId: 'ext "quoted" \\ id', data });
    expect(response.json()).toMatchObject({ status: "pending" });
    const read = await call(verdict.app, company.agent, "GET", `/v1/sessions/${response.json().id}`);
    expect(read.json().externalId).toBe('ext "quoted" \\ id');
    expect(read.json().data).toEqual(data);
  });

  it("answers the existing session for the same externalId and data, 409 for other data", async () => {
    const first = await submit({ externalId: "order-2", data: goodData() });
    const reordered = { ...goodData(), person: { ...goodData().person } };
    const again = await submit({ externalId: "order-2", data: reordered });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await submit({ externalId: "order-2", data: goodData({ documentType: "ID_CARD" }) });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe("CONFLICT");
    const { rows } = await verdict.ctx.pool.query(
      "SELECT count(*)::int AS n FROM sessions WHERE company_id = $1 AND external_id = 'order-2'",
      [company.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it("creates exactly one session when the same submission races", async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => submit({ externalId: "race-1", data: goodData() })),
    );
    const ids = new Set(responses.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.statusCode === 202)).toHaveLength(1);
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ data: goodData() }, "externalId"],
      [{ externalId: "", data: goodData() }, "externalId"],
      [{ externalId: "x".repeat(201), data: goodData() }, "externalId"],
      [{ externalId: "a" }, "data"],
      [{ externalId: "a", data: goodData({ liveness: { passed: "yes" } }) }, "/data/liveness/passed"],
      [
        { externalId: "a", data: goodData({ person: { birthDate: "1990-02-30" } }) },
        "/data/person/birthDate",
      ],
      [
        { externalId: "a", data: goodData({ person: { nationality: "Georgia" } }) },
        "/data/person/nationality",
      ],
      [{ externalId: "a", data: goodData(), extra: 1 }, "extra"],
      [[1, 2], "body"],
    ];
    for (const [body, field] of cases) {
      const response = await submit(body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect(response.json()).toMatchObject({
        statusCode: 400,
        error: "Bad Request",
        code: "VALIDATION_ERROR",
      });
      expect(response.json().message).toContain(field);
    }
  });

  it("checks extra fields against the company's declarations", async () => {
    const acme = await createCompany(verdict.app, "Extra");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", {
      extraFields: [
        { name: "orderTotal", type: "number", required: true },
        { name: "channel", type: "string" },
      ],
    });
    const missing = await submit({ externalId: "e1", data: goodData() }, acme.integrator);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain("extra/orderTotal");
    const wrong = await submit(
      { externalId: "e2", data: goodData({ extra: { orderTotal: "12" } }) },
      acme.integrator,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain("number");
    const wrongOptional = await submit(
      { externalId: "e3", data: goodData({ extra: { orderTotal: 1, channel: 5 } }) },
      acme.integrator,
    );
    expect(wrongOptional.statusCode).toBe(400);
    const ok = await submit(
      { externalId: "e4", data: goodData({ extra: { orderTotal: 12.5 } }) },
      acme.integrator,
    );
    expect(ok.statusCode).toBe(202);
  });

  it("lets only integrators submit", async () => {
    for (const token of [company.agent, company.master]) {
      expect((await submit({ externalId: "r", data: goodData() }, token)).statusCode).toBe(403);
    }
  });
});

describe("POST /v1/sessions/batch", () => {
  it("accepts and rejects entry by entry", async () => {
    await submit({ externalId: "exists", data: goodData() });
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", {
      sessions: [
        { externalId: "b-1", data: goodData() },
        { externalId: "b-2" },
        { externalId: "exists", data: goodData() },
        { externalId: "exists", data: goodData({ documentType: "ID_CARD" }) },
        { externalId: "b-1", data: goodData() },
        "nonsense",
      ],
    });
    expect(response.statusCode).toBe(202);
    const { accepted, rejected } = response.json();
    expect(accepted.map((a: { index: number }) => a.index)).toEqual([0, 2, 4]);
    expect(accepted[2].id).toBe(accepted[0].id);
    expect(rejected).toEqual([
      { index: 1, code: "VALIDATION_ERROR", message: expect.stringContaining("/sessions/1/data") },
      { index: 3, code: "CONFLICT", message: expect.stringContaining("exists") },
      { index: 5, code: "VALIDATION_ERROR", message: expect.any(String) },
    ]);
  });

  it("takes 1000 sessions in one call, queued in batches, and refuses 1001", async () => {
    const sessions = Array.from({ length: 1000 }, (_, i) => ({ externalId: `bulk-${i}`, data: goodData() }));
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    expect(response.statusCode).toBe(202);
    expect(response.json().accepted).toHaveLength(1000);
    const { rows } = await verdict.ctx.pool.query(
      "SELECT count(DISTINCT batch_id)::int AS batches FROM sessions WHERE external_id LIKE 'bulk-%'",
    );
    expect(rows[0].batches).toBe(Math.ceil(1000 / verdict.config.decideBatchSize));

    const tooMany = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", {
      sessions: [...sessions, { externalId: "x", data: {} }],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toContain("sessions");
  });

  it("refuses an empty batch", async () => {
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", {
      sessions: [],
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("reading sessions", () => {
  it("pages through a filtered list, newest first, with no repeats", async () => {
    const reader = await createCompany(verdict.app, "Reader");
    const sessions = Array.from({ length: 25 }, (_, i) => ({
      externalId: `page-${String(i).padStart(2, "0")}`,
      data: goodData({ person: { firstName: i % 2 ? "Ana" : "Giorgi", lastName: "Beridze" } }),
    }));
    await call(verdict.app, reader.integrator, "POST", "/v1/sessions/batch", {
      sessions: sessions.slice(0, 10),
    });
    await call(verdict.app, reader.integrator, "POST", "/v1/sessions/batch", {
      sessions: sessions.slice(10),
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/sessions?limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(verdict.app, reader.agent, "GET", url);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((item: { externalId: string }) => item.externalId));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    // the second batch was created later, so all of it comes first
    expect(seen.slice(0, 15).every((id) => Number(id.slice(5)) >= 10)).toBe(true);

    const anas = await call(verdict.app, reader.integrator, "GET", "/v1/sessions?q=ana&limit=500");
    expect(anas.json().items).toHaveLength(12);
    const byExternal = await call(verdict.app, reader.integrator, "GET", "/v1/sessions?q=PAGE-07");
    expect(byExternal.json().items.map((i: { externalId: string }) => i.externalId)).toEqual(["page-07"]);
    const pending = await call(verdict.app, reader.integrator, "GET", "/v1/sessions?status=pending&limit=1");
    expect(pending.json().items).toHaveLength(1);
    const none = await call(verdict.app, reader.integrator, "GET", "/v1/sessions?status=success");
    expect(none.json()).toEqual({ items: [], nextCursor: null });
    const future = await call(verdict.app, reader.integrator, "GET", "/v1/sessions?from=2999-01-01");
    expect(future.json().items).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    const upToToday = await call(verdict.app, reader.integrator, "GET", `/v1/sessions?to=${today}&limit=500`);
    expect(upToToday.json().items).toHaveLength(25);
  });

  it("refuses bad list parameters", async () => {
    for (const query of [
      "limit=0",
      "limit=501",
      "limit=abc",
      "status=done",
      "cursor=bogus",
      "from=yesterday",
      "q=",
    ]) {
      const response = await call(verdict.app, company.agent, "GET", `/v1/sessions?${query}`);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it("shows one session with its history, and 404 for another company's", async () => {
    const created = await submit({ externalId: "one", data: goodData() });
    const { id } = created.json();
    const response = await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id,
      externalId: "one",
      status: "pending",
      data: goodData(),
      liquidatedAt: null,
      decision: null,
      claim: null,
      history: [{ type: "submitted" }],
    });

    const other = await createCompany(verdict.app, "Other");
    expect((await call(verdict.app, other.master, "GET", `/v1/sessions/${id}`)).statusCode).toBe(404);
    const list = await call(verdict.app, other.master, "GET", "/v1/sessions?q=one");
    expect(list.json().items).toHaveLength(0);
    expect((await call(verdict.app, company.agent, "GET", "/v1/sessions/nope")).statusCode).toBe(400);
    const unknown = await call(
      verdict.app,
      company.agent,
      "GET",
      "/v1/sessions/00000000-0000-7000-8000-000000000000",
    );
    expect(unknown.statusCode).toBe(404);
  });
});
