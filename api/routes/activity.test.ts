import { describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  submitAndWaitForDecision,
  useTestVerdict,
} from "../../test/helpers.js";

const verdict = useTestVerdict();

describe("the activity log", () => {
  it("records every change with its actor, newest first, for the master only", async () => {
    const company = await createCompany(verdict.app, "Audit");
    await call(verdict.app, company.master, "PUT", "/v1/settings", { highRiskCountries: ["KP"] });
    const id = await submitAndWaitForDecision(
      verdict,
      company,
      "audit-1",
      goodData({ faceMatch: { matchLevel: 1 } }),
    );
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/claim`);
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, { text: "checked" });
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/resolve`, { outcome: "success" });
    await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`);

    const response = await call(verdict.app, company.master, "GET", "/v1/activity?limit=5");
    expect(response.statusCode).toBe(200);
    const actions = response.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual([
      "session.liquidated",
      "session.resolved",
      "session.noted",
      "session.claimed",
      "settings.updated",
    ]);
    expect(response.json().items[1]).toMatchObject({
      actor: { type: "key", id: expect.any(String) },
      target: id,
    });
    const next = await call(
      verdict.app,
      company.master,
      "GET",
      `/v1/activity?cursor=${response.json().nextCursor}`,
    );
    expect(next.json().items.map((i: { action: string }) => i.action)).toContain("key.created");
    expect((await call(verdict.app, company.agent, "GET", "/v1/activity")).statusCode).toBe(403);
  });
});
