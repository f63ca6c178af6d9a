import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCompany, startTestVerdict, type TestVerdict } from "../../test/helpers.js";
import { usersCommand } from "./users.js";

let verdict: TestVerdict;
beforeAll(async () => {
  verdict = await startTestVerdict({ workers: false });
});
afterAll(() => verdict.close());

async function run(args: string[]) {
  const said: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...words) => void said.push(words.join(" ")));
  try {
    await usersCommand(verdict.config, args);
  } finally {
    log.mockRestore();
  }
  return said.join("\n");
}

describe("verdict users create", () => {
  it("creates a user who signs in with the password it prints once", async () => {
    const company = await createCompany(verdict.app, "CLI");
    const email = `cli-${Date.now()}@example.com`;
    const output = await run([
      "create",
      "--company",
      company.id,
      "--email",
      email,
      "--name",
      "Ana",
      "--role",
      "master",
    ]);
    const password = /password\s+(\S+)/.exec(output)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(12);
    const signIn = await verdict.app.inject({
      method: "POST",
      url: "/v1/auth/sign-in",
      payload: { email, password },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user).toMatchObject({ name: "Ana", role: "master" });
    const { rows } = await verdict.ctx.pool.query("SELECT password_hash FROM users WHERE email = $1", [
      email,
    ]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(password);
  });

  it("says what is wrong: usage, role, company and a taken email", async () => {
    const company = await createCompany(verdict.app, "CLI errors");
    const base = [
      "create",
      "--company",
      company.id,
      "--email",
      `taken-${Date.now()}@example.com`,
      "--name",
      "N",
    ];
    await expect(run(["create"])).rejects.toThrow(/usage: verdict users create/);
    await expect(run([...base, "--role", "integrator"])).rejects.toThrow("--role is master or agent");
    await expect(
      run([
        "create",
        "--company",
        "00000000-0000-7000-8000-000000000000",
        ...base.slice(3),
        "--role",
        "agent",
      ]),
    ).rejects.toThrow(/no company has the id/);
    await run([...base, "--role", "agent"]);
    await expect(run([...base, "--role", "agent"])).rejects.toThrow(/exists already/);
  });
});
