import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "otplib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { call, type TestCompany, type TestVerdict, useTestVerdict } from "../helpers.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
let axeSource: string | undefined;
/**
 * Where screenshots go: the README's, in docs/screenshots, with `npm run docs:screenshots`;
 * otherwise a temporary directory, so that a test run leaves the working tree as it was.
 */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL("../../docs/screenshots", import.meta.url))
  : join(tmpdir(), "verdict-screenshots");

/** Debian's Chromium, never a downloaded browser (`.ci/run` installs it when missing). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface ConsoleVerdict extends TestVerdict {
  /** `http://127.0.0.1:<port>`, where the test Verdict listens. */
  origin: string;
}

/**
 * A listening test Verdict for one file (its session cookie without `Secure`: the test server is
 * plain http) and one headless Chromium, both closed after the file.
 */
export function useConsole(env: Record<string, string> = {}) {
  const verdict = useTestVerdict({ env: { VERDICT_COOKIE_SECURE: "false", ...env } }) as ConsoleVerdict;
  const handle: { browser?: Browser } = {};
  beforeAll(async () => {
    const address = await verdict.app.listen({ port: 0, host: "127.0.0.1" });
    verdict.origin = address.replace("localhost", "127.0.0.1");
    handle.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox"],
      headless: true,
    });
  });
  afterAll(async () => {
    await handle.browser?.close();
  });
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  });
  return {
    verdict,
    /** A new browser context (its own cookies: one person) with a page open. */
    async newPage(options: { width?: number; height?: number } = {}): Promise<Page> {
      if (!handle.browser) throw new Error("the browser is not started yet");
      const context = await handle.browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        acceptDownloads: true,
        baseURL: verdict.origin,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
      return page;
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  role: "agent" | "master";
}

let users = 0;

/** Creates a user of the company with its master key (`POST /v1/users`). */
export async function createUser(
  verdict: Pick<TestVerdict, "app">,
  company: Pick<TestCompany, "master">,
  options: { role?: "agent" | "master"; name?: string } = {},
): Promise<TestUser> {
  users += 1;
  const role = options.role ?? "agent";
  const name = options.name ?? `${role === "master" ? "Mariam" : "Nino"} ${users}`;
  const email = `user-${users}-${Date.now().toString(36)}@example.test`;
  const password = `correct horse battery ${users}`;
  const created = await call(verdict.app, company.master, "POST", "/v1/users", {
    email,
    name,
    role,
    password,
  });
  if (created.statusCode !== 201) throw new Error(`user not created: ${created.body}`);
  return { id: created.json<{ id: string }>().id, email, name, password, role };
}

/** Signs in on the console's sign-in form; with a two-factor secret, answers the code when asked. */
export async function signIn(page: Page, user: TestUser, options: { path?: string; secret?: string } = {}) {
  await page.goto(`/console${options.path ?? "/"}`);
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (options.secret) {
    const code = page.getByRole("textbox", { name: "Code" });
    await code.fill(await generate({ secret: options.secret }));
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/**
 * Runs axe-core in the page; fails on any `serious` or `critical` violation, naming them. axe is
 * evaluated through the browser's debugging protocol: the console's CSP (rightly) refuses the
 * inline script tag `page.addScriptTag` would add.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  axeSource ??= await readFile(AXE, "utf8");
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  });
  expect(violations, `accessibility of ${what}`).toEqual([]);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Takes a screenshot of the whole page (into docs/screenshots, for the README, when updating them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** Sends a request to the test Verdict as a bearer of `token`, with a raw body (media uploads). */
export function upload(
  verdict: Pick<TestVerdict, "app">,
  token: string,
  url: string,
  contentType: string,
  body: Buffer,
) {
  return verdict.app.inject({
    method: "PUT",
    url,
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    payload: body,
  });
}
