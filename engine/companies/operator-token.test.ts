import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { call, useTestVerdict, waitFor } from "../../test/helpers.js";
import { ensureOperatorToken, operatorTokenFile, rotateOperatorToken } from "./operator-token.js";

const dataDir = await mkdtemp(join(tmpdir(), "verdict-operator-token-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));
// no VERDICT_OPERATOR_TOKEN: the generated one
const verdict = useTestVerdict({
  workers: false,
  env: { VERDICT_OPERATOR_TOKEN: "", VERDICT_DATA_DIR: dataDir },
});

const createsCompany = async (token: string) =>
  (await call(verdict.app, token, "POST", "/v1/companies", { name: "Op" })).statusCode;

describe("the generated operator token", () => {
  it("is made once, kept hashed, and written for this machine's operator alone", async () => {
    const made = await ensureOperatorToken(verdict.ctx);
    if (made.kind !== "created") throw new Error(`expected a new token, got ${made.kind}`);
    expect(await ensureOperatorToken(verdict.ctx)).toEqual({
      kind: "kept",
      file: operatorTokenFile(verdict.config),
    });
    const { rows } = await verdict.ctx.pool.query("SELECT token_hash FROM operator_token");
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(made.token);
    expect((await readFile(operatorTokenFile(verdict.config), "utf8")).trim()).toBe(made.token);
    expect((await stat(operatorTokenFile(verdict.config))).mode & 0o777).toBe(0o600);
    expect(await createsCompany(made.token)).toBe(201);
    expect(await createsCompany(`${made.token}x`)).toBe(401);
  });

  it("stops working at once when rotated, and the new one works", async () => {
    const old = (await readFile(operatorTokenFile(verdict.config), "utf8")).trim();
    expect(await createsCompany(old)).toBe(201); // and now kept in memory
    const next = await rotateOperatorToken(verdict.ctx);
    await waitFor(async () => (await createsCompany(old)) === 401, 10_000, "the old token refused");
    expect(await createsCompany(next)).toBe(201);
    expect((await readFile(operatorTokenFile(verdict.config), "utf8")).trim()).toBe(next);
  });
});
