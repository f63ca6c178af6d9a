import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { OPERATOR_TOKEN, startTestVerdict, type TestVerdict } from "../../test/helpers.js";
import { demoCommand } from "./demo.js";

let verdict: TestVerdict;
let url: string;
beforeAll(async () => {
  verdict = await startTestVerdict();
  url = await verdict.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => verdict.close());

describe("verdict demo", () => {
  it("creates a company with sessions, evidence on every parked one and two users, and says what to try", async () => {
    const said: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...words) => void said.push(words.join(" ")));
    const progress = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await demoCommand({ url, operatorToken: OPERATOR_TOKEN, sessions: 120 });
    } finally {
      log.mockRestore();
      progress.mockRestore();
    }
    const output = said.join("\n");
    expect(output).toMatch(/Uploaded a selfie and the document's front and back for \d+ sessions/);

    const { rows } = await verdict.ctx.pool.query<{ status: string; kinds: string[] }>(
      `SELECT s.status, array(SELECT kind FROM media m WHERE m.session_id = s.id ORDER BY kind) AS kinds
         FROM sessions s`,
    );
    const parked = rows.filter((row) => row.status === "awaiting_action");
    expect(parked.length).toBeGreaterThan(0);
    for (const row of parked) expect(row.kinds).toEqual(["document_back", "document_front", "selfie"]);
    // the commands it suggests name a session that has evidence
    const example = /\/v1\/sessions\/([0-9a-f-]{36})\/media\/selfie/.exec(output)?.[1];
    const { rows: media } = await verdict.ctx.pool.query("SELECT 1 FROM media WHERE session_id = $1", [
      example,
    ]);
    expect(media).toHaveLength(3);

    // the sign-ins it prints work
    for (const role of ["master", "agent"]) {
      const [, email, password] =
        new RegExp(`as the ${role}\\s+(\\S+)\\s+password (\\S+)`).exec(output) ?? [];
      const signIn = await verdict.app.inject({
        method: "POST",
        url: "/v1/auth/sign-in",
        payload: { email, password },
      });
      expect(signIn.statusCode, signIn.body).toBe(200);
      expect(signIn.json().user.role).toBe(role);
    }
  });
});
