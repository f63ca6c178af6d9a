import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { get } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  fileDirectory,
  goodData,
  OPERATOR_TOKEN,
  seedSessions,
  type TestCompany,
  testSeed,
  useTestVerdict,
} from "./helpers.js";
import { jpeg, PDF, png, WEBP } from "./images.js";

// Hostile input, by property: random bodies, queries, path ids, cursors, content types, cookies and
// CSRF headers on every route of the API document (and the operational ones beside it), as every
// kind of caller; random bytes uploaded under every media type Verdict takes. No answer is a 5xx,
// Verdict stays ready, and nothing stored before changes: another company's sessions not at all,
// the caller's own sessions not in what was submitted, and no stored file (a new file only as an
// upload Verdict accepted and recorded). Without workers: nothing queued runs, so nothing is
// decided or delivered meanwhile and the snapshot holds still.
const verdict = useTestVerdict({
  workers: false,
  env: { VERDICT_COOKIE_SECURE: "false", VERDICT_AUTH_FAILURES_PER_MINUTE: "1000000" },
});

const PASSWORD = "hostile input password";
const UUID_PATTERN = /^[0-9a-f-]{36}$/;

type Principal =
  | "integrator"
  | "agent"
  | "master"
  | "user"
  | "user, wrong CSRF"
  | "none"
  | "operator"
  | "made-up";
const PRINCIPALS: Principal[] = [
  "integrator",
  "agent",
  "master",
  "user",
  "user, wrong CSRF",
  "none",
  "operator",
  "made-up",
];

interface Route {
  method: string;
  /** An OpenAPI path: `/v1/sessions/{id}`. */
  path: string;
  query: string[];
  body?: Schema;
}

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
}

let hostile: TestCompany;
let cookie = "";
let csrfToken = "";
let base = "";
let routes: Route[] = [];
let components: Record<string, Schema> = {};
/** Ids that path parameters are drawn from, besides made-up ones: the caller's and a bystander's. */
const ids = { ownSessions: [] as string[], otherSessions: [] as string[], other: [] as string[] };
let before: Snapshot;
let requests = 0;
/** How many answers of each status the hostile requests got, to show how far they reached. */
const statuses = new Map<number, number>();

beforeAll(async () => {
  const { app, ctx } = verdict;
  hostile = await createCompany(app, "Hostile");
  const bystander = await createCompany(app, "Bystander");
  const email = `master-${hostile.id}@example.com`;
  const user = await call(app, hostile.master, "POST", "/v1/users", {
    email,
    name: "M",
    role: "master",
    password: PASSWORD,
  });
  expect(user.statusCode, user.body).toBe(201);
  const signedIn = await app.inject({
    method: "POST",
    url: "/v1/auth/sign-in",
    payload: { email, password: PASSWORD },
  });
  cookie = signedIn.cookies.find((c) => c.name === "verdict_session")!.value;
  csrfToken = signedIn.json().csrfToken;

  // sessions in every state for both companies, each with a selfie stored
  for (const [company, list] of [
    [hostile, ids.ownSessions],
    [bystander, ids.otherSessions],
  ] as const) {
    const statuses = ["pending", "success", "rejected", "awaiting_action", "resubmission_requested"] as const;
    list.push(
      ...(await seedSessions(
        ctx.pool,
        company.id,
        statuses.map((status, i) => ({
          status,
          externalId: `seeded-${status}`,
          data: goodData({ i }),
          search: `nino beridze ${i}`,
        })),
      )),
    );
    const submitted = await call(app, company.integrator, "POST", "/v1/sessions", {
      externalId: "submitted",
      data: goodData(),
    });
    list.push(submitted.json().id);
    for (const id of list) {
      const stored = await app.inject({
        method: "PUT",
        url: `/v1/sessions/${id}/media/selfie`,
        headers: { authorization: `Bearer ${company.integrator}`, "content-type": "image/png" },
        payload: png(list.length),
      });
      expect(stored.statusCode, stored.body).toBe(201);
    }
    const exported = await call(app, company.agent, "POST", "/v1/exports", { list: "sessions" });
    const rules = (await call(app, company.master, "GET", "/v1/rules")).json().rules;
    const simulated = await call(app, company.master, "POST", "/v1/rules/simulations", { rules });
    const keys = (await call(app, company.master, "GET", "/v1/api-keys")).json().items as { id: string }[];
    if (company === bystander)
      ids.other.push(exported.json().id, simulated.json().id, ...keys.map((k) => k.id));
  }

  const document = (await app.inject({ method: "GET", url: "/docs/json" })).json();
  components = document.components?.schemas ?? {};
  routes = [];
  for (const [path, operations] of Object.entries(
    document.paths as Record<string, Record<string, OpenApiOperation>>,
  )) {
    for (const [method, operation] of Object.entries(operations)) {
      routes.push({
        method: method.toUpperCase(),
        path,
        query: (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        body: operation.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  // the routes the document leaves out: its own pages and Bull Board's reads (not the console's
  // files: where the console is not built they answer 503 on purpose, saying how to build it)
  for (const path of [
    "/docs",
    "/docs/json",
    "/docs/static/index.html",
    "/admin/queues",
    "/admin/queues/api/queues",
    "/admin/queues/queue/{name}",
  ]) {
    routes.push({ method: "GET", path, query: ["activeQueue", "status", "page", "jobsPerPage", "query"] });
  }

  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  before = await snapshot();
});

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const hugeString = fc.integer({ min: 70_000, max: 1_500_000 }).map((n) => "é𝄞x".repeat(Math.ceil(n / 4)));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "-1",
    "0",
    "1e309",
    "NaN",
    "true",
    "[]",
    "{}",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "$.a",
    "__proto__",
  ),
);
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  text,
  fc.constantFrom(null, -1, 0, 2 ** 53, 1e308, true, [], {}, [null], { __proto__: { x: 1 } }),
);

/** Values shaped like `schema` but often not of it: a wrong type, a missing or extra field. */
function shaped(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return wrong;
  if (schema.$ref) return shaped(components[schema.$ref.replace("#/components/schemas/", "")], depth);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => shaped(branch, depth + 1)), wrong);
  if (schema.const !== undefined) return fc.oneof({ weight: 3, arbitrary: fc.constant(schema.const) }, wrong);
  if (schema.enum) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...schema.enum) }, wrong);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const right = (): fc.Arbitrary<unknown> => {
    switch (type) {
      case "object": {
        const properties = Object.entries(schema.properties ?? {});
        const known = fc.record(
          Object.fromEntries(properties.map(([name, s]) => [name, shaped(s, depth + 1)])),
          {
            requiredKeys: [],
          },
        );
        return fc
          .tuple(known, fc.dictionary(fc.string({ maxLength: 10 }), wrong, { maxKeys: 2 }))
          .map(([a, b]) => ({ ...b, ...a }));
      }
      case "array":
        return fc.array(shaped(schema.items, depth + 1), { maxLength: 5 });
      case "string":
        return fc.oneof(
          text,
          fc.uuid(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        );
      case "integer":
      case "number":
        return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 1000, 1001, 2 ** 31, 1e21));
      case "boolean":
        return fc.boolean();
      default:
        return wrong;
    }
  };
  return fc.oneof({ weight: 4, arbitrary: right() }, wrong);
}

const serialised = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .anything({ withBigInt: false, withMap: true, withSet: true, withDate: true, withNullPrototype: true })
    .map((value) => JSON.stringify(value) ?? "undefined"),
  text,
  fc.constantFrom(
    '{"a":',
    "{'a':1}",
    "[1,2",
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
    "\u0000",
    "{}",
    "[]",
  ),
  hugeString.map((s) => JSON.stringify({ externalId: s, data: { s }, name: s, rules: [s] })),
);

const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  fc.constantFrom(
    "application/json; charset=utf-16",
    "application/json; charset=latin1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "image/png",
    "application/pdf",
    "application/octet-stream",
    "*/*",
    "",
  ),
  fc.string({ maxLength: 40 }),
);

/** A cursor-like value: base64url of JSON Verdict never made, or of nonsense. */
const cursor = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value)).toString("base64url")),
  fc
    .record({ list: fc.constantFrom("sessions", "activity", "rejections", "awaiting"), after: wrong })
    .map((value) => Buffer.from(JSON.stringify(value)).toString("base64url")),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString("base64url")),
  text,
);

const queryValue = fc.oneof(
  text,
  cursor,
  fc.integer().map(String),
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())),
);

/** A value for a path parameter: an id of the caller's, of a bystander's, or made up. */
function pathValue(name: string, path: string): fc.Arbitrary<string> {
  const mutating = path.endsWith("/liquidate");
  const own = mutating || ids.ownSessions.length === 0 ? [] : ids.ownSessions;
  const known = [...own, ...ids.otherSessions, ...ids.other];
  const made = fc.oneof(
    fc.uuid(),
    text.filter((s) => s.length > 0).map((s) => encodeURIComponent(s)),
    fc.constantFrom(
      "0",
      "-1",
      "1",
      "2",
      "99999999999999999999",
      "%2e%2e",
      "..",
      "null",
      "00000000-0000-0000-0000-000000000000",
    ),
  );
  if (name === "kind")
    return fc.oneof(
      fc.constantFrom("selfie", "document_front", "document_back", "proof_of_address", "other"),
      made,
    );
  if (name === "version") return fc.oneof(fc.constantFrom("1", "2", "0", "-1", "1.5", "1e3"), made);
  return known.length ? fc.oneof(fc.constantFrom(...known), made) : made;
}

interface Hostile {
  url: string;
  payload?: string | Buffer;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

function hostileRequest(route: Route, principal: Principal): fc.Arbitrary<Hostile> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const path = fc
    .tuple(...names.map((name) => pathValue(name, route.path)))
    .map((values) => names.reduce((url, name, i) => url.replace(`{${name}}`, values[i]!), route.path));
  const query = fc.oneof(
    fc.constant(""),
    fc
      .dictionary(
        fc.oneof(fc.constantFrom(...route.query, "limit", "cursor"), fc.string({ maxLength: 8 })),
        queryValue,
        { maxKeys: 4 },
      )
      .map((entries) => new URLSearchParams(entries).toString()),
    fc.constantFrom(
      "limit=0",
      "limit=501",
      "limit=1e2",
      "cursor=",
      "limit=1&limit=2",
      "a[b]=c",
      "%zz",
      "q=%00",
      "from=2026-13-45",
      "to=-1",
    ),
  );
  const writes = route.method !== "GET";
  const body = writes
    ? fc.oneof(
        { weight: 3, arbitrary: shaped(route.body).map((value) => JSON.stringify(value) ?? "null") },
        { weight: 2, arbitrary: serialised },
        fc.constant(undefined),
      )
    : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, serialised);
  const extraHeaders = fc.record(
    {
      "last-event-id": fc.oneof(fc.constantFrom("0-0", "1-1", "999999999999999-9999999999"), text),
      "x-csrf-token": text,
      "x-request-id": text,
      accept: fc.constantFrom("*/*", "text/csv", "application/pdf", "text/event-stream", "image/*"),
    },
    { requiredKeys: [] },
  );
  const randomCookie = fc.oneof(
    fc.constant(undefined),
    text,
    fc.uuid(),
    fc.stringMatching(/^[0-9a-f]{0,64}$/),
  );
  return fc
    .record({ path, query, body, contentType: contentTypes, extraHeaders, randomCookie, wrongCsrf: text })
    .map(({ path, query, body, contentType, extraHeaders, randomCookie, wrongCsrf }) => {
      const headers: Record<string, string> = {};
      // a header value cannot hold control characters or non-Latin-1: send what an HTTP client could
      for (const [name, value] of Object.entries(extraHeaders)) headers[name] = headerSafe(value);
      const cookies: Record<string, string> = {};
      if (randomCookie !== undefined) cookies.verdict_session = randomCookie;
      switch (principal) {
        case "integrator":
        case "agent":
        case "master":
          headers.authorization = `Bearer ${hostile[principal]}`;
          break;
        case "operator":
          headers.authorization = `Bearer ${OPERATOR_TOKEN}`;
          break;
        case "made-up":
          headers.authorization = headerSafe(`Bearer ${wrongCsrf}`);
          break;
        case "user":
          cookies.verdict_session = cookie;
          headers["x-csrf-token"] = csrfToken;
          break;
        case "user, wrong CSRF":
          cookies.verdict_session = cookie;
          headers["x-csrf-token"] = headerSafe(wrongCsrf);
          break;
        case "none":
          break;
      }
      if (body !== undefined) headers["content-type"] = headerSafe(contentType);
      return {
        url: query ? `${path}?${query}` : path,
        ...(body === undefined ? {} : { payload: body }),
        headers,
        cookies,
      };
    });
}

const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, "");

/** Sends a hostile request; the event stream through a real socket, closed once its head arrives. */
async function send(route: Route, request: Hostile): Promise<{ statusCode: number; body: string }> {
  requests++;
  if (route.path === "/v1/events") return openStream(request);
  const response = await verdict.app.inject({
    method: route.method as InjectOptions["method"],
    url: request.url,
    headers: request.headers,
    cookies: request.cookies,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  return { statusCode: response.statusCode, body: response.body.slice(0, 500) };
}

function openStream(request: Hostile): Promise<{ statusCode: number; body: string }> {
  const cookieHeader = Object.entries(request.cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join("; ");
  return new Promise((resolve, reject) => {
    const sent = get(
      `${base}${request.url}`,
      { headers: { ...request.headers, ...(cookieHeader ? { cookie: cookieHeader } : {}) } },
      (response) => {
        response.destroy();
        resolve({ statusCode: response.statusCode ?? 0, body: "" });
      },
    );
    sent.on("error", reject);
  });
}

/** What a user principal must not do to itself here, or the rest of the file would run signed out. */
const endsTheSignIn = (route: Route, principal: Principal) =>
  principal === "user" && route.path === "/v1/auth/sign-out";

interface Snapshot {
  sessions: Map<string, Record<string, unknown>>;
  files: Map<string, string>;
}

async function snapshot(): Promise<Snapshot> {
  const { rows } = await verdict.ctx.pool.query<Record<string, unknown> & { id: string }>(
    "SELECT to_jsonb(s) AS row, s.id FROM sessions s ORDER BY id",
  );
  const sessions = new Map(rows.map((r) => [r.id, r.row as Record<string, unknown>]));
  const root = fileDirectory(verdict.config);
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name));
    if (path.startsWith(".partial")) continue;
    files.set(
      path,
      createHash("sha256")
        .update(await readFile(join(root, path)))
        .digest("hex"),
    );
  }
  return { sessions, files };
}

/** The columns of a session that say what was submitted: no call but a liquidation changes them. */
const SUBMITTED = [
  "id",
  "company_id",
  "external_id",
  "data",
  "data_hash",
  "created_at",
  "liquidated_at",
  "attempt",
];

describe("hostile input", () => {
  it("on every route, as every caller, never answers a 5xx", async () => {
    const seed = testSeed();
    expect(routes.length).toBeGreaterThan(50);
    for (const [r, route] of routes.entries()) {
      for (const [p, principal] of PRINCIPALS.entries()) {
        if (endsTheSignIn(route, principal)) continue;
        await fc.assert(
          fc.asyncProperty(hostileRequest(route, principal), async (request) => {
            const response = await send(route, request);
            expect(
              response.statusCode,
              `${route.method} ${request.url} as ${principal}: ${response.body}`,
            ).toBeLessThan(500);
            // a settings change may require two-factor of everyone: undo it, so the user keeps calling
            if (route.path === "/v1/settings" && response.statusCode === 200) {
              await call(verdict.app, hostile.master, "PUT", "/v1/settings", {
                security: { requireTwoFactor: "none", rulesNeedApproval: false },
              });
            }
          }),
          { seed: seed + r * PRINCIPALS.length + p, numRuns: 10, verbose: 1 },
        );
      }
    }
    console.log(
      `hostile input: ${routes.length} routes × ${PRINCIPALS.length} callers, ${requests} requests`,
    );
  });

  it("uploads of random bytes under every media type never answer a 5xx", async () => {
    const seed = testSeed();
    const real = { "image/jpeg": jpeg(3), "image/png": png(3), "image/webp": WEBP, "application/pdf": PDF };
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
      // a real file's head with random bytes after it, or a real file with bytes changed
      fc
        .tuple(fc.constantFrom(...Object.values(real)), fc.nat(), fc.uint8Array({ maxLength: 2048 }))
        .map(([file, cut, tail]) => Buffer.concat([file.subarray(0, cut % (file.length + 1)), tail])),
      fc
        .tuple(
          fc.constantFrom(...Object.values(real)),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        )
        .map(([file, changes]) => {
          const copy = Buffer.from(file);
          for (const [at, value] of changes) copy[at % copy.length] = value;
          return copy;
        }),
    );
    const route: Route = { method: "PUT", path: "/v1/sessions/{id}/media/{kind}", query: [] };
    for (const [t, type] of Object.keys(real).entries()) {
      for (const [p, principal] of PRINCIPALS.entries()) {
        await fc.assert(
          fc.asyncProperty(
            hostileRequest(route, principal),
            bytes,
            fc.boolean(),
            async (request, payload, declareLength) => {
              request.headers["content-type"] = type;
              if (!declareLength) request.headers["transfer-encoding"] = "chunked";
              const response = await send(route, { ...request, payload });
              expect(
                response.statusCode,
                `${type} upload to ${request.url} as ${principal}: ${response.body}`,
              ).toBeLessThan(500);
            },
          ),
          { seed: seed + 1000 + t * PRINCIPALS.length + p, numRuns: 12, verbose: 1 },
        );
      }
    }
  });

  it("leaves Verdict ready and what it stored unchanged", async () => {
    console.log(
      `answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    expect((await verdict.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    const after = await snapshot();
    const otherCompanies = (row: Record<string, unknown>) => row.company_id !== hostile.id;
    for (const [id, row] of before.sessions) {
      const now = after.sessions.get(id);
      expect(now, `session ${id} is gone`).toBeDefined();
      if (otherCompanies(row)) expect(now, `another company's session ${id}`).toEqual(row);
      else
        for (const column of SUBMITTED)
          expect(now?.[column], `session ${id}'s ${column}`).toEqual(row[column]);
    }
    for (const [path, hash] of before.files) expect(after.files.get(path), `file ${path}`).toBe(hash);
    const { rows } = await verdict.ctx.pool.query<{ file_key: string }>("SELECT file_key FROM media");
    const recorded = new Set(rows.map((r) => r.file_key));
    for (const path of after.files.keys()) {
      if (!before.files.has(path))
        expect(recorded.has(path), `a new file ${path} no upload recorded`).toBe(true);
    }
    expect(ids.ownSessions.every((id) => UUID_PATTERN.test(id))).toBe(true);
  });
});
