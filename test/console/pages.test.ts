import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, goodData, submitAndWaitForDecision, type TestCompany } from "../helpers.js";
import { jpeg, png } from "../images.js";
import { startReceiver } from "../receiver.js";
import {
  createUser,
  expectAccessible,
  screenshot,
  signIn,
  type TestUser,
  upload,
  useConsole,
} from "./browser.js";

const { verdict, newPage } = useConsole({ VERDICT_WEBHOOK_ALLOW_PRIVATE: "true" });
let company: TestCompany;
let master: TestUser;
let parkedId: string;

const PEOPLE = [
  ["Nino", "Beridze"],
  ["Giorgi", "Kapanadze"],
  ["Ana", "Tsiklauri"],
  ["Levan", "Gelashvili"],
] as const;

beforeAll(async () => {
  company = await createCompany(verdict.app, "Pages");
  master = await createUser(verdict, company, { role: "master", name: "Mariam Lead" });
  const person = (i: number) => ({
    ...goodData().person,
    firstName: PEOPLE[i % PEOPLE.length]![0],
    lastName: PEOPLE[i % PEOPLE.length]![1],
  });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    ids.push(
      await submitAndWaitForDecision(
        verdict,
        company,
        `order-${1040 + i}`,
        goodData({ faceMatch: { matchLevel: 2 + (i % 2), confidence: 41 + i }, person: person(i) }),
      ),
    );
  }
  await submitAndWaitForDecision(verdict, company, "order-1050", goodData({ person: person(1) }));
  await submitAndWaitForDecision(
    verdict,
    company,
    "order-1051",
    goodData({ liveness: { passed: false, score: 0.2 }, person: person(2) }),
  );
  parkedId = ids[0]!;
  await upload(
    verdict,
    company.integrator,
    `/v1/sessions/${parkedId}/media/selfie`,
    "image/jpeg",
    jpeg(3, 240, 320),
  );
  await upload(
    verdict,
    company.integrator,
    `/v1/sessions/${parkedId}/media/document_front`,
    "image/png",
    png(5, 320, 200),
  );
  await upload(
    verdict,
    company.integrator,
    `/v1/sessions/${parkedId}/media/document_back`,
    "image/png",
    png(7, 320, 200),
  );
  await call(verdict.app, company.master, "POST", `/v1/sessions/${parkedId}/notes`, {
    text: "The selfie is darker than the document photo; checking the face match by eye.",
  });
});

/** The elements reaching past the screen's right edge (to name them when the page is too wide). */
const WIDER_THAN_THE_SCREEN = `[...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
  .map((element) => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""))`;

/** Every page of a master: its path, its heading and its screenshot's name. */
const everyPage = (): [string, string, string][] => [
  ["/awaiting-action", "Awaiting Action", "awaiting-action"],
  [`/sessions/${parkedId}`, "Nino Beridze", "session"],
  ["/sessions", "Sessions", "sessions"],
  ["/rejections", "Rejections", "rejections"],
  ["/dashboard", "Dashboard", "dashboard"],
  ["/activity", "Activity", "activity"],
  ["/settings", "Settings", "settings"],
  ["/settings/condition-set", "Condition set", "condition-set"],
  ["/users", "Users", "users"],
  ["/api-keys", "API keys", "api-keys"],
];

describe("every page of the console", () => {
  it("passes an automated accessibility check, and is photographed for the README", async () => {
    const page = await newPage();
    await page.goto("/console/");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await expectAccessible(page, "the sign-in page");
    await screenshot(page, "sign-in");
    await signIn(page, master);

    const pages = everyPage();
    for (const [path, heading, name] of pages) {
      await page.goto(`/console${path}`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      if (name === "session") {
        for (const alt of ["Selfie", "Document front", "Document back"])
          await expect
            .poll(() =>
              page
                .getByRole("img", { name: alt, exact: true })
                .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
            )
            .toBeGreaterThan(0);
      }
      if (name === "dashboard") await page.getByRole("img", { name: /^Outcomes by day/ }).waitFor();
      if (name !== "session" && name !== "dashboard" && name !== "settings" && name !== "condition-set")
        await page.getByRole("table").first().waitFor();
      await expectAccessible(page, `${path}`);
      await screenshot(page, name);
    }
  });

  it("reads at a phone's width: the same pages, the tables scrolling sideways", async () => {
    const pages = everyPage();
    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone, master, { path: "/awaiting-action" });
    await phone.getByRole("table").waitFor();
    await expectAccessible(phone, "Awaiting Action at 390 px");
    await screenshot(phone, "awaiting-action-390");
    await phone.goto(`/console/sessions/${parkedId}`);
    await phone.getByRole("img", { name: "Selfie", exact: true }).waitFor();
    await expectAccessible(phone, "a session at 390 px");
    await screenshot(phone, "session-390");
    // on every page, nothing is wider than the screen but what scrolls inside its frame
    for (const [path, heading] of pages) {
      await phone.goto(`/console${path}`);
      await phone.getByRole("heading", { level: 1, name: heading }).waitFor();
      const overflow = await phone.evaluate<number>(
        "document.documentElement.scrollWidth - window.innerWidth",
      );
      if (overflow > 0)
        expect(await phone.evaluate<string[]>(WIDER_THAN_THE_SCREEN), `${path} at 390 px`).toEqual([]);
      expect(overflow, `${path} at 390 px is wider than the screen`).toBeLessThanOrEqual(0);
    }
  });

  it("reaches every page from the keyboard alone, focus visible on the way", async () => {
    const page = await newPage();
    await signIn(page, master, { path: "/awaiting-action" });
    await page.getByRole("heading", { level: 1, name: "Awaiting Action" }).waitFor();
    const dashboard = page.getByRole("link", { name: "Dashboard", exact: true });
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if (await dashboard.evaluate((link) => link.matches(":focus"))) break;
    }
    const ring = await dashboard.evaluate(
      (link) => link.ownerDocument.defaultView?.getComputedStyle(link).boxShadow,
    );
    expect(ring).not.toBe("none");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  });
});

describe("the condition-set editor", () => {
  it("shows a refused save's message, which names the path at fault", async () => {
    const page = await newPage();
    await signIn(page, master, { path: "/settings/condition-set" });
    const editor = page.getByRole("textbox", { name: "Condition set" });
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(10);
    const rules = JSON.parse(await editor.inputValue()) as { conditions: { all: unknown[] } }[];
    rules[1]!.conditions = { all: [{ fact: "age", operator: "bogusOperator", value: 18 }] };
    const refused = await call(verdict.app, company.master, "PUT", "/v1/rules", { rules });
    expect(refused.statusCode).toBe(400);
    const message: string = refused.json().message;
    expect(message).toMatch(/rules\S*1/);

    await editor.fill(JSON.stringify(rules, null, 2));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: message }).waitFor();
    await screenshot(page, "condition-set-refused");

    await editor.fill("[ not json");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "not valid JSON" }).waitFor();
  });

  it("saves a set with its warnings, and compares a version with the live one", async () => {
    const page = await newPage();
    await signIn(page, master, { path: "/settings/condition-set" });
    const editor = page.getByRole("textbox", { name: "Condition set" });
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(10);
    const rules = JSON.parse(await editor.inputValue()) as unknown[];
    rules.push({
      name: "Large orders",
      conditions: { all: [{ fact: "livenes", path: "$.score", operator: "lessThan", value: 0.5 }] },
      event: { type: "review", params: { reason: "LOW_LIVENESS_SCORE" } },
    });
    await editor.fill(JSON.stringify(rules, null, 2));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText(/Saved: version \d+ decides from now on/).waitFor();
    await page.getByRole("region", { name: "Warnings" }).getByText("liveness").waitFor();

    await page.getByRole("button", { name: "Compare version 1 with the live set" }).click();
    await page.getByText(/lines differ/).waitFor();
    await page.locator(".diff__removed").filter({ hasText: "LOW_LIVENESS_SCORE" }).waitFor();
  });

  it("proposes a version when changes need approval, which another master approves", async () => {
    const changes = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      security: { requireTwoFactor: "none", rulesNeedApproval: true },
    });
    expect(changes.statusCode).toBe(200);
    try {
      const proposer = await newPage();
      await signIn(proposer, master, { path: "/settings/condition-set" });
      const editor = proposer.getByRole("textbox", { name: "Condition set" });
      await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(10);
      const rules = JSON.parse(await editor.inputValue()) as unknown[];
      await editor.fill(JSON.stringify(rules.slice(0, -1), null, 2));
      await proposer.getByRole("button", { name: "Save", exact: true }).click();
      const proposed = await proposer.getByText(/Proposed as version (\d+)/).textContent();
      const version = /version (\d+)/.exec(proposed ?? "")![1];
      expect(await proposer.getByRole("button", { name: `Approve version ${version}` }).count()).toBe(0);

      const other = await createUser(verdict, company, { role: "master", name: "Eka Second" });
      const approver = await newPage();
      await signIn(approver, other, { path: "/settings/condition-set" });
      await approver.getByRole("button", { name: `Approve version ${version}` }).click();
      await approver.getByRole("heading", { name: `Live version ${version}` }).waitFor();
    } finally {
      await call(verdict.app, company.master, "PUT", "/v1/settings", {
        security: { requireTwoFactor: "none", rulesNeedApproval: false },
      });
    }
  });

  it("simulates a draft: progress, then the transitions and samples", async () => {
    const page = await newPage();
    await signIn(page, master, { path: "/settings/condition-set" });
    const editor = page.getByRole("textbox", { name: "Condition set" });
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(10);
    const draft = [
      {
        name: "Everyone from GE",
        conditions: { all: [{ fact: "person", path: "$.nationality", operator: "equal", value: "GE" }] },
        event: { type: "reject", params: { reason: "HIGH_RISK_COUNTRY" } },
      },
    ];
    await editor.fill(JSON.stringify(draft, null, 2));
    await page.getByRole("button", { name: "Simulate" }).click();
    await page.getByText("Simulation complete").waitFor();
    await page.getByText(/Approved → Rejected/).waitFor();
    await page
      .getByRole("region", { name: "Sample sessions that would change" })
      .getByRole("link")
      .first()
      .waitFor();
    await screenshot(page, "simulation");
    // nothing was saved
    expect((await call(verdict.app, company.master, "GET", "/v1/rules")).json().rules.length).toBeGreaterThan(
      1,
    );
  });
});

describe("settings and lists", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver?.close());

  it("saves a section of the settings, sets the webhook (its secret shown once) and redelivers", async () => {
    const hooks = receiver;
    const page = await newPage();
    await signIn(page, master, { path: "/settings" });
    await page.getByRole("spinbutton", { name: "SLA in hours" }).fill("12.5");
    await page.getByRole("button", { name: "Save awaiting action" }).click();
    await expect
      .poll(
        async () =>
          (await call(verdict.app, company.master, "GET", "/v1/settings")).json().awaitingAction.slaHours,
      )
      .toBe(12.5);

    await page.getByRole("textbox", { name: "URL" }).fill(hooks.url);
    await page.getByRole("button", { name: "Save webhook" }).click();
    await page.getByText("The signing secret, shown this once").waitFor();
    expect(await page.locator("code.secret").textContent()).toMatch(/^whsec_/);

    await submitAndWaitForDecision(verdict, company, "webhook-1", goodData());
    await expect.poll(() => hooks.received.length).toBeGreaterThan(0);
    const delivered = hooks.received.length;
    await page.getByRole("button", { name: "Refresh deliveries" }).click();
    await page
      .getByRole("region", { name: "Webhook deliveries" })
      .getByText("session.decided")
      .first()
      .waitFor();
    await page
      .getByRole("button", { name: /^Redeliver/ })
      .first()
      .click();
    await expect.poll(() => hooks.received.length).toBeGreaterThan(delivered);
  });

  it("filters Awaiting Action by reason, the filter kept in the URL", async () => {
    const page = await newPage();
    await signIn(page, master, { path: "/awaiting-action" });
    const reason = page.getByRole("combobox", { name: "Reason" });
    await expect.poll(() => reason.locator("option", { hasText: "FACE_MATCH_LOW" }).count()).toBe(1);
    await reason.selectOption("FACE_MATCH_LOW");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/reason=FACE_MATCH_LOW/);
    await page
      .getByRole("region", { name: "Sessions awaiting action" })
      .locator("tbody tr")
      .first()
      .waitFor();
    await page.getByRole("combobox", { name: "Reason" }).selectOption("CHECKS_MISSING");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No session is awaiting action with these filters.").waitFor();
  });

  it("searches and filters the sessions, the filters kept in the URL", async () => {
    const page = await newPage();
    await signIn(page, master, { path: "/sessions" });
    await page.getByRole("searchbox", { name: "Search" }).fill("Kapanadze");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/q=Kapanadze/);
    const rows = page.getByRole("region", { name: "Sessions" }).locator("tbody tr");
    await expect
      .poll(async () => (await rows.allTextContents()).every((row) => row.includes("Kapanadze")))
      .toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);

    await page.goto("/console/sessions?status=rejected");
    await page.getByRole("combobox", { name: "Status" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Status" }).inputValue()).toBe("rejected");
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents();
        return texts.length > 0 && texts.every((row) => row.includes("Rejected"));
      })
      .toBe(true);
  });
});
