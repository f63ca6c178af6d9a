import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, type TestCompany } from "../helpers.js";
import { createUser, expectAccessible, screenshot, signIn, useConsole } from "./browser.js";

const { verdict, newPage } = useConsole();
let company: TestCompany;

beforeAll(async () => {
  company = await createCompany(verdict.app, "Sign-in");
});

describe("signing in to the console", () => {
  it("signs in with email and password, keeps the sign-in across a reload, and signs out", async () => {
    const user = await createUser(verdict, company, { name: "Ana Agent" });
    const page = await newPage();
    await signIn(page, user, { path: "/sessions" });
    // a deep link survives the sign-in, and a reload keeps both
    await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
    for (const name of ["Awaiting Action", "Sessions", "Rejections", "Dashboard"])
      await page.getByRole("link", { name, exact: true }).waitFor();
    // an agent sees no master's pages
    expect(await page.getByRole("link", { name: "Settings", exact: true }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Activity", exact: true }).count()).toBe(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  });

  it("says why a sign-in failed, and that the account is locked after five failures", async () => {
    const user = await createUser(verdict, company);
    const page = await newPage();
    await page.goto("/console/sign-in");
    const attempt = async () => {
      await page.getByRole("textbox", { name: "Email" }).fill(user.email);
      await page.getByLabel("Password").fill("not the password at all");
      await page.getByRole("button", { name: "Sign in" }).click();
    };
    const wrong = await call(verdict.app, undefined, "POST", "/v1/auth/sign-in", {
      email: "nobody@example.test",
      password: "not the password at all",
    });
    await attempt();
    await page.getByRole("alert").filter({ hasText: wrong.json().message }).waitFor();
    for (let i = 1; i < 5; i++) await attempt();
    // the sixth attempt, even with the right password, is refused while locked out
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const locked = await call(verdict.app, undefined, "POST", "/v1/auth/sign-in", {
      email: user.email,
      password: user.password,
    });
    expect(locked.statusCode).toBe(429);
    await page.getByRole("alert").filter({ hasText: locked.json().message }).waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
  });

  it("enrols a master in two-factor when the company requires it, then asks for the code", async () => {
    const master = await createUser(verdict, company, { role: "master", name: "Mariam Master" });
    const required = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      security: { requireTwoFactor: "masters", rulesNeedApproval: false },
    });
    expect(required.statusCode).toBe(200);
    try {
      const page = await newPage();
      await signIn(page, master);
      // until enrolled, the console shows nothing else
      const setUp = page.getByRole("button", { name: "Set up two-factor" });
      await setUp.waitFor();
      expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
      await setUp.click();
      await page.getByRole("img", { name: "QR code of the two-factor secret" }).waitFor();
      await expectAccessible(page, "the two-factor enrolment");
      await screenshot(page, "two-factor");
      const secret = (await page.locator("code.secret").textContent())?.trim() ?? "";
      expect(secret).toMatch(/^[A-Z2-7]+=*$/);
      await page.getByRole("textbox", { name: "Code" }).fill(await generate({ secret }));
      await page.getByRole("button", { name: "Confirm" }).click();
      await page.getByRole("heading", { name: "Awaiting Action", level: 1 }).waitFor();

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await page.getByRole("textbox", { name: "Email" }).fill(master.email);
      await page.getByLabel("Password").fill(master.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      const code = page.getByRole("textbox", { name: "Code" });
      await code.waitFor();
      await code.fill(await generate({ secret }));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Sign out" }).waitFor();
    } finally {
      await call(verdict.app, company.master, "PUT", "/v1/settings", {
        security: { requireTwoFactor: "none", rulesNeedApproval: false },
      });
    }
  });

  it("lets a master create a user, change a role and deactivate one, who loses access at once", async () => {
    const master = await createUser(verdict, company, { role: "master", name: "Tamar Lead" });
    const lead = await newPage();
    await signIn(lead, master, { path: "/users" });
    await lead.getByRole("textbox", { name: "Name" }).fill("Levan New");
    const email = `levan-${Date.now().toString(36)}@example.test`;
    await lead.getByRole("textbox", { name: "Email" }).fill(email);
    await lead.getByRole("combobox", { name: "Role", exact: true }).selectOption("agent");
    const password = "a long enough password";
    await lead.getByLabel("Password").fill(password);
    await lead.getByRole("button", { name: "Create user" }).click();
    await lead.getByRole("rowheader", { name: "Levan New" }).waitFor();

    const agent = await newPage();
    await signIn(
      agent,
      { id: "", email, password, name: "Levan New", role: "agent" },
      { path: "/awaiting-action" },
    );

    await lead.getByRole("combobox", { name: "Role of Levan New" }).selectOption("master");
    await expect
      .poll(async () => {
        const list = await call(verdict.app, company.master, "GET", "/v1/users");
        return list.json<{ items: { email: string; role: string }[] }>().items.find((u) => u.email === email)
          ?.role;
      })
      .toBe("master");
    await lead.getByRole("button", { name: "Deactivate Levan New" }).click();
    await lead.getByRole("button", { name: "Reactivate Levan New" }).waitFor();

    // the deactivated user's next call ends their sign-in
    await agent.getByRole("button", { name: "Refresh" }).click();
    await agent.getByRole("button", { name: "Sign in" }).waitFor();
  });

  it("lets a master create an API key, shown once, and delete it", async () => {
    const master = await createUser(verdict, company, { role: "master" });
    const page = await newPage();
    await signIn(page, master, { path: "/api-keys" });
    await page.getByRole("textbox", { name: "Name" }).fill("checkout");
    await page.getByRole("combobox", { name: "Role" }).selectOption("integrator");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.locator("code.secret").textContent())?.trim() ?? "";
    expect((await call(verdict.app, key, "GET", "/v1/sessions")).statusCode).toBe(200);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete checkout" }).click();
    await page.getByRole("button", { name: "Delete checkout" }).waitFor({ state: "detached" });
    expect((await call(verdict.app, key, "GET", "/v1/sessions")).statusCode).toBe(401);
  });
});
