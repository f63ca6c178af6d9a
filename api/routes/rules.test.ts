import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, useTestCompany, useTestVerdict } from "../../test/helpers.js";

const verdict = useTestVerdict({ workers: false });
const company = useTestCompany(verdict);
let defaultCount: number;
const SAVED = 24; // with the default set, 25 versions: more than one page of 20

const rulesOf = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    conditions: { all: [{ fact: "age", operator: "lessThan", value: 18 + index }] },
    event: { type: "reject", params: { reason: `RULE_${index}` } },
  }));

beforeAll(async () => {
  defaultCount = (await call(verdict.app, company.agent, "GET", "/v1/rules")).json().rules.length;
  for (let saved = 1; saved <= SAVED; saved++) {
    const response = await call(verdict.app, company.master, "PUT", "/v1/rules", { rules: rulesOf(saved) });
    expect(response.statusCode).toBe(200);
  }
});

interface VersionItem {
  version: number;
  createdAt: string;
  createdBy: { type: string; id?: string };
  rulesCount: number;
  status: string;
}

describe("condition set versions", () => {
  it("lists versions newest first, 20 a page, without their rules", async () => {
    const first = await call(verdict.app, company.agent, "GET", "/v1/rules/versions");
    expect(first.statusCode).toBe(200);
    const page = first.json<{ items: VersionItem[]; nextCursor: string | null }>();
    expect(page.items.map((item) => item.version)).toEqual(
      Array.from({ length: 20 }, (_, index) => SAVED + 1 - index),
    );
    expect(Object.keys(page.items[0]!).sort()).toEqual([
      "createdAt",
      "createdBy",
      "decidedBy",
      "rulesCount",
      "status",
      "version",
    ]);
    expect(page.items[0]).toEqual({
      version: SAVED + 1,
      createdAt: expect.any(String),
      createdBy: { type: "key", id: expect.any(String), name: expect.any(String) },
      decidedBy: null,
      rulesCount: SAVED,
      status: "active",
    });
    expect(page.items.slice(1).every((item) => item.status === "superseded")).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));

    const next = await call(
      verdict.app,
      company.agent,
      "GET",
      `/v1/rules/versions?cursor=${encodeURIComponent(page.nextCursor!)}`,
    );
    expect(next.statusCode).toBe(200);
    const rest = next.json<{ items: VersionItem[]; nextCursor: string | null }>();
    expect(rest.items.map((item) => item.version)).toEqual([5, 4, 3, 2, 1]);
    expect(rest.items[4]).toMatchObject({ rulesCount: defaultCount, createdBy: { type: "operator" } });
    expect(rest.nextCursor).toBeNull();
  });

  it("takes a limit of 1 to 100", async () => {
    const all = await call(verdict.app, company.agent, "GET", "/v1/rules/versions?limit=100");
    expect(all.json().items).toHaveLength(SAVED + 1);
    expect(all.json().nextCursor).toBeNull();
    for (const limit of ["0", "101"]) {
      const response = await call(verdict.app, company.agent, "GET", `/v1/rules/versions?limit=${limit}`);
      expect(response.statusCode, limit).toBe(400);
    }
  });

  it("shows one version with its rules", async () => {
    const response = await call(verdict.app, company.agent, "GET", "/v1/rules/versions/3");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      version: 3,
      createdAt: expect.any(String),
      createdBy: { type: "key", id: expect.any(String), name: expect.any(String) },
      decidedBy: null,
      rulesCount: 2,
      status: "superseded",
      rules: rulesOf(2),
    });
    expect((await call(verdict.app, company.agent, "GET", "/v1/rules/versions/999")).statusCode).toBe(404);
    expect((await call(verdict.app, company.agent, "GET", "/v1/rules/versions/x")).statusCode).toBe(400);
    const other = await createCompany(verdict.app, "Other");
    const foreign = await call(verdict.app, other.agent, "GET", `/v1/rules/versions/${SAVED + 1}`);
    expect(foreign.statusCode).toBe(404);
  });
});
