import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompany,
  engineDecisions,
  goodData,
  startTestVerdict,
  type TestVerdict,
} from "../../test/helpers.js";
import { freePort, killChildren, spawnVerdict } from "../../test/processes.js";
import { uuidv7Time } from "./submit.js";

let verdict: TestVerdict;
let company: Awaited<ReturnType<typeof createCompany>>;
let url: string;
let dir: string;
beforeAll(async () => {
  verdict = await startTestVerdict();
  company = await createCompany(verdict.app);
  url = await verdict.app.listen({ port: 0, host: "127.0.0.1" });
  dir = await mkdtemp(join(tmpdir(), "verdict-submit-"));
});
afterAll(async () => {
  await killChildren();
  await verdict.close();
  await rm(dir, { recursive: true, force: true });
});

const GOOD = 2500;

/** GOOD sessions (a fifth of them parked for review, a tenth rejected) and two bad lines. */
async function writeSessions(): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < GOOD; i += 1) {
    const data =
      i % 10 === 0
        ? goodData({ liveness: { passed: false } })
        : i % 5 === 1
          ? goodData({ faceMatch: { matchLevel: 2 } })
          : goodData();
    lines.push(JSON.stringify({ externalId: `file-${i}`, data }));
    if (i === 10) lines.push("{ not json");
    if (i === 20)
      lines.push(JSON.stringify({ externalId: "bad-country", data: { person: { nationality: "xx" } } }));
    if (i === 30) lines.push("");
  }
  const file = join(dir, "sessions.jsonl");
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

async function runSubmit(file: string) {
  const child = spawnVerdict(["submit", file, "--key", company.integrator, "--url", url], {});
  const exit = await child.exited;
  return { exit, output: child.output() };
}

describe("verdict submit FILE", () => {
  it("streams a JSONL file in batches, prints progress and the outcomes; a re-run creates nothing", async () => {
    const file = await writeSessions();
    const first = await runSubmit(file);
    // two lines were refused: the command says so and fails, after submitting the rest
    expect(first.exit, first.output).toEqual({ code: 1, signal: null });
    expect(first.output).toMatch(/verdict: 2 lines were refused \(see the lines named above\)/);
    expect(first.output).toMatch(/2,502 sessions from .*sessions\.jsonl/);
    expect(first.output).toMatch(/accepted\s+2,500 /);
    expect(first.output).toMatch(/refused\s+2 \s+INVALID_JSON 1, VALIDATION_ERROR 1/);
    expect(first.output).toMatch(/line 12: INVALID_JSON/);
    expect(first.output).toMatch(/line 23: VALIDATION_ERROR: .*nationality/);
    // not a terminal: plain progress lines, the last at 100%
    expect(first.output).toMatch(/100% {2}2,500 sessions {2}[\d,]+\/s {2}ETA 0:00/);
    expect(first.output).toMatch(/success\s+1,750\n/);
    expect(first.output).toMatch(/rejected\s+250\n/);
    expect(first.output).toMatch(/awaiting_action\s+500\n/);
    expect(first.output).toMatch(/pending\s+0\n/);

    const second = await runSubmit(file);
    expect(second.exit, second.output).toEqual({ code: 1, signal: null });
    expect(second.output).toMatch(/accepted\s+2,500 /);
    expect(second.output).toMatch(/success\s+1,750\n/);

    const { rows } = await verdict.ctx.pool.query(
      "SELECT count(*)::int AS sessions FROM sessions WHERE company_id = $1",
      [company.id],
    );
    expect({ ...rows[0], decided: await engineDecisions(verdict.ctx, company.id) }).toEqual({
      sessions: GOOD,
      decided: GOOD,
    });
  });

  it("says what is wrong with a bad key, a missing file or an unreachable server", async () => {
    const file = join(dir, "one.jsonl");
    await writeFile(file, `${JSON.stringify({ externalId: "one", data: goodData() })}\n`);
    const clean = await runSubmit(file);
    expect(clean.exit, clean.output).toEqual({ code: 0, signal: null });
    expect(clean.output).toMatch(/refused\s+0\n/);
    const badKey = spawnVerdict(["submit", file, "--key", "vk_nope", "--url", url], {});
    expect((await badKey.exited).code).toBe(1);
    expect(badKey.output()).toMatch(/verdict: POST \/v1\/sessions\/batch answered 401/);
    const missing = spawnVerdict(["submit", join(dir, "missing.jsonl"), "--key", "k", "--url", url], {});
    expect((await missing.exited).code).toBe(1);
    expect(missing.output()).toMatch(/verdict: cannot read .*missing\.jsonl/);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const nowhere = spawnVerdict(["submit", file, "--key", "k", "--url", closed], {});
    expect((await nowhere.exited).code).toBe(1);
    expect(nowhere.output()).toContain(`verdict: cannot reach Verdict at ${closed} (ECONNREFUSED)`);
  });
});

describe("uuidv7Time", () => {
  it("reads the milliseconds of a UUID v7, and nothing of another id", () => {
    expect(uuidv7Time("0191d6e2-7a3b-7c00-8000-000000000000")).toBe(0x0191d6e27a3b);
    expect(uuidv7Time("0191d6e2-7a3b-4c00-8000-000000000000")).toBeUndefined();
  });
});
