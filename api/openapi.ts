import { STATUS_CODES } from "node:http";
import { isDeepStrictEqual } from "node:util";
import type { SwaggerOptions } from "@fastify/swagger";
import type { Config } from "../engine/platform/config.js";

/** What each error status means wherever it is answered; the body is always `Error`. */
const ERROR_DESCRIPTIONS: Record<string, string> = {
  "400": "The request is invalid: `code` says how, `message` names the field or value at fault.",
  "401": "No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted.",
  "403": "The token's role may not do this (`message` names the role needed).",
  "404": "No such thing in the caller's company (another company's ids answer this too).",
  "409": "The request conflicts with the thing's state (`code` says which).",
  "413": "The body is over the limit.",
  "415": "The body's `Content-Type` is not accepted here (`message` names the one to send).",
  "429": "Too many requests: retry after the `Retry-After` header's seconds.",
  "503": "Verdict cannot answer now (stopping, overloaded, a store unreachable): retry after `Retry-After`.",
};

const SERVER_DESCRIPTION =
  "This Verdict, as it listens (behind a proxy or a load balancer, use their address).";

/** The `@fastify/swagger` options: an OpenAPI 3.1 document with named schemas and a described answer each. */
export function openapiOptions(config: Pick<Config, "host" | "port">): SwaggerOptions {
  const host = ["0.0.0.0", "::"].includes(config.host) ? "localhost" : config.host;
  return {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Verdict",
        version: "1",
        summary: "Decides identity-verification (KYC) sessions",
        description: [
          "An integrator submits a session (its checks' results and the customer's data), with its",
          "images as evidence; Verdict decides it by the company's condition set, or parks it for a",
          "person to review. Every decision is announced by a signed webhook.",
          "",
          "Every `/v1` call carries `Authorization: Bearer <token>`: the operator token, or a company",
          "API key whose role (`integrator`, `agent`, `master`) decides what it may do; or the",
          "console's `verdict_session` cookie of a signed-in user (`POST /v1/auth/sign-in`), whose",
          "writes send the sign-in's `csrfToken` as the `x-csrf-token` header. Errors answer",
          "`{ statusCode, error, code, message }` (the `Error` schema).",
        ].join("\n"),
        license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
      },
      servers: [{ url: `http://${host}:${config.port}`, description: SERVER_DESCRIPTION }],
      components: {
        securitySchemes: {
          bearer: {
            type: "http",
            scheme: "bearer",
            description: "The operator token, or a company API key (`vk_…`), shown once when it is created.",
          },
          cookie: {
            type: "apiKey",
            in: "cookie",
            name: "verdict_session",
            description:
              "The console's sign-in (`POST /v1/auth/sign-in`): it works as a key of the user's role would. A write (POST, PUT, PATCH, DELETE) made with it sends the sign-in's `csrfToken` as the `x-csrf-token` header (else 403 CSRF).",
          },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
      tags: TAGS,
    },
    // a schema added with `app.addSchema` keeps its `$id` as its name (`Error`, `Actor`)
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // Bull Board's own routes are not part of the API
    transform: ({ schema, url }) => ({
      schema: url.startsWith("/admin/") ? { ...schema, hide: true } : schema,
      url,
    }),
    transformObject: (documentObject) => {
      const document = (documentObject as { openapiObject: OpenApiDocument }).openapiObject;
      nameSchemas(document);
      describeResponses(document);
      return document as never;
    },
  };
}

const TAGS = [
  { name: "companies", description: "The operator creates companies." },
  { name: "keys", description: "A company's API keys, each with one role." },
  {
    name: "users",
    description: "The people of a company who sign in to the console, each an agent or a master.",
  },
  {
    name: "sign-in",
    description: "Signing in to the console and out, who is calling, and two-factor enrolment.",
  },
  {
    name: "settings",
    description: "A company's settings: awaiting action and its SLA, webhook, four eyes, security.",
  },
  {
    name: "rules",
    description:
      "The condition set that decides the company's sessions, its versions and their approval, and trying a change first: simulations on past sessions, the shadow set.",
  },
  { name: "sessions", description: "Submitting sessions and reading them." },
  { name: "review", description: "The queue of parked sessions and the decisions people make on them." },
  { name: "evidence", description: "A session's images and documents, and its PDF report." },
  { name: "exports", description: "Session lists as CSV files, made in the background." },
  { name: "liquidation", description: "Erasing a final session's personal data." },
  { name: "activity", description: "Who did what in the company, and the dashboard's figures." },
  { name: "webhooks", description: "The signed webhooks that announce decisions, and their deliveries." },
  { name: "live", description: "Live updates as Server-Sent Events." },
  { name: "operations", description: "Health, readiness and metrics, for load balancers and Prometheus." },
];

interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * A schema given a `title` (`Session`, `Decision`, …) becomes a named component, referred to
 * wherever it appears, so that generated clients get one type of that name. Two different
 * schemas with one title are a mistake in Verdict: making the document then fails (and with it
 * test/openapi.test.ts).
 */
function nameSchemas(document: OpenApiDocument): void {
  const named: Record<string, unknown> = { ...document.components?.schemas };
  document.components = { ...document.components, schemas: named };
  const visit = (node: unknown, inComponent: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, undefined));
    if (typeof node !== "object" || node === null) return node;
    const object = node as Record<string, unknown>;
    const entries = Object.entries(object).map(([key, value]) => [key, visit(value, undefined)] as const);
    const visited = Object.fromEntries(entries);
    const title = object.title;
    if (typeof title !== "string" || title === inComponent || !("type" in object || "anyOf" in object))
      return visited;
    const { title: _, ...schema } = visited;
    if (title in named && !isDeepStrictEqual(named[title], schema))
      throw new Error(`two different schemas are both titled ${title}`);
    named[title] = schema;
    return { $ref: `#/components/schemas/${title}` };
  };
  document.paths = visit(document.paths, undefined) as OpenApiDocument["paths"];
  for (const [name, schema] of Object.entries(named)) named[name] = visit(schema, name);
}

/** Every answer says what it means: an error what went wrong, a success its HTTP name (the operation says the rest). */
function describeResponses(document: OpenApiDocument): void {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description && response.description !== "Default Response") continue;
        response.description = ERROR_DESCRIPTIONS[status] ?? STATUS_CODES[Number(status)] ?? status;
      }
    }
  }
}
