import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  startTestVerdict,
  type TestVerdict,
  waitFor,
  waitForNonePending,
} from "./helpers.js";
import { startReceiver } from "./receiver.js";

/** Every list, with the kind of position its cursors hold. */
const LISTS = [
  { url: "/v1/sessions", kind: "sessions" },
  { url: "/v1/awaiting-action", kind: "sessions" },
  { url: "/v1/rejections", kind: "sessions" },
  { url: "/v1/activity", kind: "activity" },
  { url: "/v1/webhook-deliveries", kind: "deliveries" },
  { url: "/v1/rules/versions", kind: "versions" },
] as const;

const base64 = (text: string) => Buffer.from(text).toString("base64url");
const UUID = "01900000-0000-7000-8000-000000000000";

let verdict: TestVerdict;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let company: Awaited<ReturnType<typeof createCompany>>;

beforeAll(async () => {
  verdict = await startTestVerdict({ env: { VERDICT_WEBHOOK_ALLOW_PRIVATE: "true" } });
  receiver = await startReceiver();
  company = await createCompany(verdict.app);
  const settings = await call(verdict.app, company.master, "PUT", "/v1/settings", {
    webhook: { url: receiver.url, enabled: true },
  });
  expect(settings.statusCode).toBe(200);
  const rules = (await call(verdict.app, company.master, "GET", "/v1/rules")).json().rules;
  expect((await call(verdict.app, company.master, "PUT", "/v1/rules", { rules })).statusCode).toBe(200);
  const entries = [
    goodData(),
    goodData(),
    goodData({ faceMatch: { matchLevel: 2, confidence: 40 } }),
    goodData({ faceMatch: { matchLevel: 2, confidence: 40 } }),
    goodData({ liveness: { passed: false, score: 0.1 } }),
    goodData({ liveness: { passed: false, score: 0.1 } }),
  ];
  const batch = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", {
    sessions: entries.map((data, index) => ({ externalId: `cursor-${index}`, data })),
  });
  expect(batch.json().accepted).toHaveLength(entries.length);
  await waitForNonePending(verdict, "the sessions to be decided");
  await waitFor(() => receiver.received.length >= entries.length, 20_000, "the webhook deliveries");
});
afterAll(async () => {
  await verdict.close();
  await receiver.close();
});

const page = (url: string, cursor?: string) =>
  call(
    verdict.app,
    company.master,
    "GET",
    `${url}?limit=1${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
  );

async function realCursor(url: string): Promise<string> {
  const first = await page(url);
  expect(first.statusCode, url).toBe(200);
  const { nextCursor } = first.json();
  expect(nextCursor, url).toEqual(expect.any(String));
  return nextCursor;
}

describe("cursors", () => {
  it.each(LISTS)("$url pages on with the cursor it gave out", async ({ url }) => {
    const first = await page(url);
    const second = await page(url, await realCursor(url));
    expect(second.statusCode).toBe(200);
    expect(second.json().items).toHaveLength(1);
    expect(second.json().items[0]).not.toEqual(first.json().items[0]);
  });

  it.each(LISTS)("$url answers 400 INVALID_CURSOR to a cursor it did not make", async ({ url, kind }) => {
    const other = LISTS.find((list) => list.kind !== kind)!;
    const cursors = {
      garbage: "not a cursor at all!",
      "base64 of non-JSON": base64("hello, not json"),
      "JSON that is no object": base64("[1, 2]"),
      "an id beyond bigint": base64('{"id":1e300}'),
      "a version beyond integer": base64('{"v":1e300}'),
      "a date Postgres refuses": base64(JSON.stringify({ t: "-271821-04-20T00:00:00.000Z", id: UUID })),
      "a date that does not round-trip": base64(JSON.stringify({ t: "2026-02-30T00:00:00Z", id: UUID })),
      "another list's cursor": await realCursor(other.url),
    };
    for (const [what, cursor] of Object.entries(cursors)) {
      const response = await page(url, cursor);
      expect(response.statusCode, what).toBe(400);
      expect(response.json(), what).toMatchObject({ statusCode: 400, code: "INVALID_CURSOR" });
    }
  });
});
