import { describe, expect, it } from "vitest";
import {
  call,
  goodData,
  seedSessions,
  submitAndWaitForDecision,
  useTestCompany,
  useTestVerdict,
} from "../../test/helpers.js";
import { jpeg, PDF, png, WEBP } from "../../test/images.js";
import { readPdf } from "../../test/pdf.js";

const verdict = useTestVerdict();
const company = useTestCompany(verdict, "Report Bank");

const upload = (id: string, kind: string, body: Buffer, type: string) =>
  verdict.app.inject({
    method: "PUT",
    url: `/v1/sessions/${id}/media/${kind}`,
    headers: { authorization: `Bearer ${company.integrator}`, "content-type": type },
    payload: body,
  });

const report = (id: string, token = company.agent) =>
  call(verdict.app, token, "GET", `/v1/sessions/${id}/report.pdf`);

describe("the session report", () => {
  it("holds the company, ids, checks, person, decision, history, notes and the images", async () => {
    const data = goodData({
      person: { ...goodData().person, firstName: "ნინო", lastName: "Beridze", documentNumber: "RPT-1" },
      faceMatch: { matchLevel: 2, confidence: 0.41 },
    });
    const id = await submitAndWaitForDecision(verdict, company, "report-1", data);
    await upload(id, "selfie", jpeg(1, 320, 240), "image/jpeg");
    await upload(id, "document_front", png(2, 420, 260), "image/png");
    await upload(id, "document_back", WEBP, "image/webp");
    await upload(id, "proof_of_address", PDF, "application/pdf");
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, {
      text: "selfie looks older",
    });

    const answer = await report(id);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/pdf");
    expect(answer.headers["content-disposition"]).toBe(`attachment; filename="verdict-session-${id}.pdf"`);
    const pdf = await readPdf(answer.rawPayload);
    for (const expected of [
      "Report Bank",
      id,
      "report-1",
      "awaiting_action",
      "FACE_MATCH_LOW",
      "Face match › Match level",
      "Document › MRZ valid",
      "0.41",
      "ნინო",
      "Beridze",
      "RPT-1",
      "selfie looks older",
      "Document back",
      "Proof of address",
    ]) {
      expect(pdf.text, expected).toContain(expected);
    }
    expect(pdf.images).toBe(2); // the JPEG and the PNG; WebP and PDF are listed
    const activity = await call(verdict.app, company.master, "GET", "/v1/activity?limit=1");
    expect(activity.json().items[0]).toMatchObject({ action: "report.downloaded", target: id });
  });

  it("says a liquidated session was liquidated, with no personal data or image", async () => {
    const [id] = await seedSessions(verdict.ctx.pool, company.id, [
      {
        status: "success",
        externalId: "report-liq",
        data: goodData({ person: { ...goodData().person, lastName: "Erased" } }),
      },
    ]);
    await upload(id!, "selfie", png(3), "image/png");
    await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`);
    const pdf = await readPdf((await report(id!)).rawPayload);
    expect(pdf.text).toContain("liquidated");
    expect(pdf.text).not.toContain("Erased");
    expect(pdf.images).toBe(0);
  });

  it("is for reviewers; another company's session is 404", async () => {
    const [id] = await seedSessions(verdict.ctx.pool, company.id, [
      { status: "success", externalId: "report-2" },
    ]);
    expect((await report(id!, company.integrator)).statusCode).toBe(403);
    const other = await call(verdict.app, undefined, "GET", `/v1/sessions/${id}/report.pdf`);
    expect(other.statusCode).toBe(401);
  });
});
