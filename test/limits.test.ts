import { describe, expect, it } from "vitest";
import { call, createCompany, goodData, useTestCompany, useTestVerdict } from "./helpers.js";

// The contract's limits on what one company may send, enforced at the API. Without workers:
// nothing here is decided.
const verdict = useTestVerdict({ workers: false });
const company = useTestCompany(verdict);

/** Data nested `levels` deep, counting the data object itself as level 1. */
function nestedData(levels: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { leaf: true };
  for (let level = 2; level < levels; level++) inner = { next: inner };
  return goodData({ deep: inner });
}

const items = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Data whose canonical JSON is exactly `bytes` long, padded by one ASCII string. */
function dataOfBytes(bytes: number): Record<string, unknown> {
  const base = Buffer.byteLength(JSON.stringify(goodData({ pad: "" })));
  return goodData({ pad: "x".repeat(bytes - base) });
}

const storedCount = async (externalIds: string[]) => {
  const { rows } = await verdict.ctx.pool.query(
    "SELECT count(*)::int AS n FROM sessions WHERE company_id = $1 AND external_id = ANY($2)",
    [company.id, externalIds],
  );
  return rows[0].n as number;
};

describe("a session's data", () => {
  it("is taken at exactly the limits: 64 KiB, 10 levels, arrays of 1,000", async () => {
    const data = goodData({ list: items(1000) });
    const sized = dataOfBytes(64 * 1024);
    for (const [externalId, body] of [
      ["at-depth", nestedData(10)],
      ["at-items", data],
      ["at-size", sized],
    ] as const) {
      const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
        externalId,
        data: body,
      });
      expect(response.statusCode, externalId).toBe(202);
    }
  });

  it("over a limit answers 400 DATA_TOO_LARGE naming the path and the limit, and stores nothing", async () => {
    const cases = [
      { data: nestedData(11), message: /^body\/data\/deep(\/next){9}: nests deeper than 10 levels$/ },
      { data: goodData({ tags: { list: items(1001) } }), message: /^body\/data\/tags\/list: .*at most 1000/ },
      { data: dataOfBytes(64 * 1024 + 1), message: /^body\/data: is 65537 bytes .*at most 65536/ },
    ];
    for (const [i, { data, message }] of cases.entries()) {
      const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: `too-large-${i}`,
        data,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe("DATA_TOO_LARGE");
      expect(response.json().message).toMatch(message);
    }
    expect(await storedCount(cases.map((_, i) => `too-large-${i}`))).toBe(0);
  });

  it("over a limit in a batch is a rejected entry; the others are accepted", async () => {
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", {
      sessions: [
        { externalId: "batch-ok", data: goodData() },
        { externalId: "batch-deep", data: nestedData(11) },
        { externalId: "batch-items", data: goodData({ list: items(1001) }) },
        { externalId: "batch-size", data: dataOfBytes(64 * 1024 + 1) },
      ],
    });
    expect(response.statusCode).toBe(202);
    const { accepted, rejected } = response.json();
    expect(accepted.map((a: { index: number }) => a.index)).toEqual([0]);
    expect(rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "DATA_TOO_LARGE"],
      [2, "DATA_TOO_LARGE"],
      [3, "DATA_TOO_LARGE"],
    ]);
    expect(rejected[1].message).toMatch(/^\/sessions\/2\/data\/list: holds 1001 items; at most 1000$/);
    expect(await storedCount(["batch-deep", "batch-items", "batch-size"])).toBe(0);
  });
});

describe("fairness by size", () => {
  it("sinks the next batch of a company that sent sessions at the data limit", async () => {
    const big = await createCompany(verdict.app, "Big data");
    const batchOf = (name: string, n: number) => ({
      sessions: Array.from({ length: n }, (_, i) => ({
        externalId: `${name}-${i}`,
        data: dataOfBytes(60_000),
      })),
    });
    const priorities: number[] = [];
    for (const name of ["first", "second"]) {
      const response = await call(
        verdict.app,
        big.integrator,
        "POST",
        "/v1/sessions/batch",
        batchOf(name, 70),
      );
      expect(response.json().accepted).toHaveLength(70);
      const { rows } = await verdict.ctx.pool.query(
        "SELECT DISTINCT batch_id FROM sessions WHERE company_id = $1 AND external_id LIKE $2",
        [big.id, `${name}-%`],
      );
      const job = await verdict.ctx.queues.decide.getJob(rows[0].batch_id);
      priorities.push(job?.opts.priority ?? 0);
    }
    // 70 sessions of 60 KB count as 1,050 small ones: the second batch comes a step lower
    expect(priorities).toEqual([1, 2]);
  });
});

describe("PUT /v1/rules", () => {
  const leaf = { fact: "age", operator: "lessThan", value: 18 };
  const rule = (conditions: unknown[]) => ({
    conditions: { any: conditions },
    event: { type: "reject", params: { reason: "UNDERAGE" } },
  });
  const put = (rules: unknown[]) => call(verdict.app, company.master, "PUT", "/v1/rules", { rules });
  const currentVersion = async () =>
    (await call(verdict.app, company.master, "GET", "/v1/rules")).json().version as number;

  it("over each limit answers 400 naming the path, and changes nothing", async () => {
    const before = await currentVersion();
    const hundred = Array.from({ length: 100 }, () => leaf);
    const cases: [unknown[], string][] = [
      [Array.from({ length: 201 }, () => rule([leaf])), "rules: may hold at most 200 rules"],
      [[...Array.from({ length: 20 }, () => rule(hundred)), rule([leaf])], "rules: holds 2001 conditions"],
      [
        [rule([leaf, { fact: "person", path: "$.nationality", operator: "in", value: items(1001) }])],
        "rules[0].conditions.any[1].value: holds 1001 items; at most 1000",
      ],
      [[rule([{ ...leaf, operator: "equal", value: "x".repeat(256 * 1024) }])], "rules: is more than"],
    ];
    for (const [rules, message] of cases) {
      const response = await put(rules);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain(message);
    }
    expect(await currentVersion()).toBe(before);
  });
});
