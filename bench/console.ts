/**
 * The console's Awaiting Action page over a company of `stored` sessions, in Chromium: the time
 * from `page.goto` to the first row of the list shown, each time in a fresh browser context (no
 * cached scripts, a new connection), signed in as a reviewer.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { chromium } from "playwright-core";
import { loadStoredSessions } from "./reads.js";
import {
  createCompany,
  type Distribution,
  distribution,
  formatMs,
  type HttpClient,
  progress,
  ROOT,
} from "./support.js";

export interface ConsoleResult {
  stored: number;
  awaiting: number;
  loadSeconds: number;
  /** The first navigation, right after the load (Postgres's and Verdict's caches cold for this company). */
  firstMs: number;
  /** The navigations after it. */
  navigation: Distribution;
}

const NAVIGATIONS = 20;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function measureConsole(
  api: HttpClient,
  pool: pg.Pool,
  operatorToken: string,
  options: { stored: number },
): Promise<ConsoleResult> {
  if (!existsSync(join(ROOT, "console", "dist", "index.html"))) {
    progress("console: building the console (npm run console:build)");
    const built = spawnSync("npm", ["run", "console:build"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) throw new Error("console: the console's build failed");
  }
  const company = await createCompany(api, operatorToken, "bench console");
  const { awaiting, loadSeconds } = await loadStoredSessions(pool, company.id, options.stored, "console");
  const email = `reviewer-${randomBytes(4).toString("hex")}@bench.example`;
  const password = randomBytes(12).toString("hex");
  await api.expect(201, "POST", "/v1/users", {
    token: company.master,
    body: { email, name: "Bench Reviewer", role: "agent", password },
  });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
  try {
    const navigate = async () => {
      // a sign-in of its own for each context: the cookie set without `Secure`, as the bench's Verdict is plain http
      const signedIn = await fetch(`${api.origin}/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      const cookie = /verdict_session=([^;]+)/.exec(signedIn.headers.get("set-cookie") ?? "")?.[1];
      if (!signedIn.ok || !cookie) throw new Error(`console: the sign-in answered ${signedIn.status}`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        await context.addCookies([
          { name: "verdict_session", value: cookie, url: api.origin, httpOnly: true, sameSite: "Strict" },
        ]);
        const page = await context.newPage();
        const start = performance.now();
        await page.goto(`${api.origin}/console/awaiting-action`);
        await page.locator("tbody tr").first().waitFor({ state: "visible" });
        return performance.now() - start;
      } finally {
        await context.close();
      }
    };
    progress(`console: ${NAVIGATIONS + 1} navigations to Awaiting Action, each in a fresh browser context`);
    const firstMs = await navigate();
    const times: number[] = [];
    for (let i = 0; i < NAVIGATIONS; i++) times.push(await navigate());
    const navigation = distribution(times);
    progress(
      `console: navigation to the first row: first ${formatMs(firstMs)}, then p50 ${formatMs(navigation.p50)}, max ${formatMs(navigation.max)}`,
    );
    return { stored: options.stored, awaiting, loadSeconds, firstMs, navigation };
  } finally {
    await browser.close();
  }
}
