import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useTestVerdict } from "../test/helpers.js";
import { CONSOLE_DIST } from "./console.js";

// The console's files as Verdict serves them (the global setup builds console/dist when needed).
const verdict = useTestVerdict({ workers: false });

describe("the console's files", () => {
  it("answers index.html at /console/ and at every page's path, under a CSP of its own files", async () => {
    expect((await verdict.app.inject({ url: "/console" })).headers.location).toBe("/console/");
    for (const url of [
      "/console/",
      "/console/awaiting-action",
      "/console/sessions/0190a8e0-0000-7000-8000-000000000000",
    ]) {
      const page = await verdict.app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.headers["cache-control"]).toBe("no-cache");
      expect(page.body).toContain('<script type="module"');
      const csp = String(page.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    }
  });

  it("serves its hashed assets for a year, and a missing one is a 404, not the page", async () => {
    const [script] = (await readdir(`${CONSOLE_DIST}assets`)).filter((name) => name.endsWith(".js"));
    const asset = await verdict.app.inject({ url: `/console/assets/${script}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.headers["cache-control"]).toContain("immutable");
    const missing = await verdict.app.inject({ url: "/console/assets/missing-0000.js" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("NOT_FOUND");
  });

  it("loads nothing from elsewhere: every script and style the page names is its own", async () => {
    const page = (await verdict.app.inject({ url: "/console/" })).body;
    const references = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(0);
    // its own files, or an empty data: icon (so the browser asks for no /favicon.ico)
    for (const reference of references) expect(reference).toMatch(/^(\/console\/|data:,$)/);
    expect(page).not.toMatch(/<script>(?!<\/script>)/); // nothing inline
  });
});
