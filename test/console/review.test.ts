import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  submitAndWaitForDecision,
  type TestCompany,
  waitFor,
} from "../helpers.js";
import { png } from "../images.js";
import { createUser, signIn, type TestUser, upload, useConsole } from "./browser.js";

/** A session the default condition set parks for a person: the face match is too weak. */
const parkedData = (lastName = "Beridze") =>
  goodData({
    faceMatch: { matchLevel: 2, confidence: 40 },
    person: { ...goodData().person, lastName },
  });

const { verdict, newPage } = useConsole();
let company: TestCompany;
let reviewer: TestUser;
let second: TestUser;

beforeAll(async () => {
  company = await createCompany(verdict.app, "Review");
  reviewer = await createUser(verdict, company, { name: "Nino Reviewer" });
  second = await createUser(verdict, company, { name: "Giorgi Second" });
});

const park = (externalId: string, lastName?: string) =>
  submitAndWaitForDecision(verdict, company, externalId, parkedData(lastName));
const statusOf = async (id: string) =>
  (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json<{ status: string }>().status;

describe("a reviewer in the console", () => {
  it("sees the live badge change when a session parks, and the list with it", async () => {
    const page = await newPage();
    await signIn(page, reviewer, { path: "/awaiting-action" });
    const before = (await call(verdict.app, company.agent, "GET", "/v1/awaiting-action/count")).json().count;
    await page.getByRole("status", { name: `${before} awaiting action` }).waitFor();

    await park("badge-1", "Kapanadze");
    await page.getByRole("status", { name: `${before + 1} awaiting action` }).waitFor();
    await page.getByRole("link", { name: "badge-1" }).waitFor();
  });

  it("takes the next session, claims it, sees its evidence, and approves it", async () => {
    const id = await park("approve-1");
    for (const kind of ["selfie", "document_front"]) {
      const uploaded = await upload(
        verdict,
        company.integrator,
        `/v1/sessions/${id}/media/${kind}`,
        "image/png",
        png(2),
      );
      expect(uploaded.statusCode).toBe(201);
    }
    // the oldest free parked session is the badge test's: resolve it first through the API
    const older = await call(verdict.app, company.agent, "GET", "/v1/awaiting-action");
    for (const item of older.json<{ items: { id: string }[] }>().items.filter((s) => s.id !== id)) {
      await call(verdict.app, company.master, "POST", `/v1/sessions/${item.id}/resolve`, {
        outcome: "success",
      });
    }

    const page = await newPage();
    await signIn(page, reviewer, { path: "/awaiting-action" });
    await page.getByRole("button", { name: "Next session" }).click();
    await page.waitForURL(`**/console/sessions/${id}`);
    // next claims it for the caller: the page says who holds it
    await page.getByRole("button", { name: "Release claim" }).waitFor();
    for (const alt of ["Selfie", "Document front"]) {
      const image = page.getByRole("img", { name: alt, exact: true });
      await image.waitFor();
      await expect
        .poll(() => image.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth))
        .toBeGreaterThan(0);
    }
    // a click shows the image larger
    await page.getByRole("button", { name: "Selfie", exact: true }).click();
    await page.getByRole("img", { name: "Selfie, enlarged" }).waitFor();
    await page.getByRole("button", { name: "Close" }).click();

    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Approved." }).waitFor();
    expect(await statusOf(id)).toBe("success");
  });

  it("says so when no session is waiting", async () => {
    const page = await newPage();
    await signIn(page, reviewer, { path: "/awaiting-action" });
    await waitFor(async () => {
      const free = await call(verdict.app, company.agent, "GET", "/v1/awaiting-action?claimed=false");
      const items = free.json<{ items: { id: string }[] }>().items;
      for (const item of items)
        await call(verdict.app, company.master, "POST", `/v1/sessions/${item.id}/resolve`, {
          outcome: "success",
        });
      return items.length === 0;
    });
    // the shortcut `n`, as the page says
    await page.getByRole("heading", { level: 1, name: "Awaiting Action" }).click();
    await page.keyboard.press("n");
    await page.getByText("No session is waiting that no one holds.").waitFor();
  });

  it("claims a session and rejects it with a reason, from the keyboard", async () => {
    const id = await park("reject-1");
    const page = await newPage();
    await signIn(page, reviewer, { path: `/sessions/${id}` });
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByRole("button", { name: "Claim", exact: true }).click();
    await page.getByRole("button", { name: "Release claim" }).waitFor();

    // typing in a field never fires a shortcut
    await page.getByRole("textbox", { name: "Note" }).fill("reviewed the document closely");
    await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByText("“reviewed the document closely”").waitFor();

    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("r");
    const reason = page.getByRole("combobox", { name: "Reason" });
    await reason.waitFor();
    // the reasons, grouped as Verdict groups them
    await expect.poll(() => reason.locator("optgroup").count()).toBeGreaterThan(1);
    await reason.selectOption("FAKE_DOCUMENT");
    await page.getByRole("button", { name: "Confirm rejection" }).click();
    await page.getByRole("status").filter({ hasText: "Rejected." }).waitFor();
    const session = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json();
    expect(session).toMatchObject({ status: "rejected" });
    expect(JSON.stringify(session.decision)).toContain("FAKE_DOCUMENT");
  });

  it("asks for a resubmission, and links the attempts", async () => {
    const id = await park("resubmit-1");
    const page = await newPage();
    await signIn(page, reviewer, { path: `/sessions/${id}` });
    await page.getByRole("button", { name: "Request resubmission" }).click();
    await page.getByRole("combobox", { name: "Reason" }).selectOption("SELFIE_MISMATCH");
    await page.getByRole("button", { name: "Confirm resubmission request" }).click();
    await page.getByText("Resubmission requested", { exact: true }).first().waitFor();
    expect(await statusOf(id)).toBe("resubmission_requested");

    await submitAndWaitForDecision(verdict, company, "resubmit-1", goodData());
    await page.reload();
    await page.getByRole("link", { name: "Next attempt" }).click();
    await page.getByText("attempt 2").waitFor();
    await page.getByRole("link", { name: "Previous attempt" }).waitFor();
  });

  it("downloads the session's PDF and exports the list as CSV", async () => {
    const id = await park("export-1", "Tsiklauri");
    const page = await newPage();
    await signIn(page, reviewer, { path: `/sessions/${id}` });
    const pdf = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download PDF" }).click();
    const pdfBytes = await readFile((await (await pdf).path())!);
    expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");

    await page.getByRole("link", { name: "Awaiting Action", exact: true }).click();
    const csv = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const text = await readFile((await (await csv).path())!, "utf8");
    expect(text.split("\n")[0]).toContain("externalId");
    expect(text).toContain("export-1");
    await page.getByText(/Exported \d+ rows/).waitFor();
  });

  it("makes a four-eyes proposal that a second reviewer approves", async () => {
    const settings = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      review: { fourEyes: { outcomes: ["success"], reasons: [] } },
    });
    expect(settings.statusCode).toBe(200);
    const id = await park("four-eyes-1");

    const first = await newPage();
    await signIn(first, reviewer, { path: `/sessions/${id}` });
    await first.getByRole("button", { name: "Approve", exact: true }).click();
    await first.getByText("Proposed: a second person must approve it").waitFor();
    await first.getByText("Another reviewer must approve it").waitFor();
    expect(await first.getByRole("button", { name: "Approve proposal" }).count()).toBe(0);
    expect(await statusOf(id)).toBe("awaiting_action");

    const other = await newPage();
    await signIn(other, second, { path: `/sessions/${id}` });
    await other.getByRole("button", { name: "Decline proposal" }).waitFor();
    await other.getByRole("button", { name: "Approve proposal" }).click();
    await other.getByText("Approved", { exact: true }).first().waitFor();
    const session = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json();
    expect(session.status).toBe("success");
    expect(session.decision.approvedBy).toMatchObject({ id: second.id });
    await call(verdict.app, company.master, "PUT", "/v1/settings", { review: { fourEyes: null } });
  });
});
