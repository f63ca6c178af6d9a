import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestVerdict } from "./helpers.js";

const verdict = useTestVerdict({ workers: false });
const METHODS = ["get", "put", "post", "delete", "patch"];

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  responses: Record<string, { description: string; content?: unknown }>;
}
type Document = Record<string, unknown> & {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

let document: Document;
let dir: string;
beforeAll(async () => {
  document = (await verdict.app.inject({ url: "/docs/json" })).json();
  dir = await mkdtemp(join(tmpdir(), "verdict-openapi-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })),
  );

describe("the API document", () => {
  it("is OpenAPI 3.1 in which Redocly's recommended rules find no error", async () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([expect.objectContaining({ url: expect.stringMatching(/^http/) })]);
    const file = join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(document));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", "--format=json", file],
      { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
    ).catch((failure: { stdout: string }) => failure);
    const problems = JSON.parse(stdout.slice(stdout.indexOf("{"))).problems as {
      severity: string;
      message: string;
      location: { pointer: string }[];
    }[];
    const errors = problems
      .filter((problem) => problem.severity === "error")
      .map((problem) => `${problem.location[0]?.pointer}: ${problem.message}`);
    expect(errors).toEqual([]);
  });

  it("gives every operation a unique operationId, a summary, a described tag and a described answer each", () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    const tags = (document.tags as { name: string }[]).map((tag) => tag.name);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { where, operation } of operations()) {
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary, where).toBeTruthy();
      for (const tag of operation.tags ?? []) expect(tags, `${where}: tag ${tag} described`).toContain(tag);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${where} ${status}`).not.toBe("Default Response");
      }
    }
  });

  it("names its shared schemas", () => {
    const names = Object.keys(document.components.schemas);
    for (const name of ["Error", "Actor", "Session", "SessionWithHistory", "Decision", "SessionInput"]) {
      expect(names).toContain(name);
    }
    expect(names.filter((name) => name.startsWith("def-"))).toEqual([]);
    const submit = document.paths["/v1/sessions"]?.post as unknown as {
      requestBody: { content: Record<string, { schema: unknown }> };
    };
    expect(submit.requestBody.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/SessionInput",
    });
  });
});
