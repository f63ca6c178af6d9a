import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepFiles } from "../../engine/evidence/file-removals.js";
import { withTransaction } from "../../engine/platform/db.js";
import { liquidateExpired } from "../../engine/sessions/liquidation.js";
import { eraseSessions } from "../../engine/sql/liquidation.js";
import { insertFileRemoval } from "../../engine/sql/media.js";
import {
  call,
  createCompany,
  fileDirectory,
  seedSessions,
  startTestVerdict,
  type TestCompany,
  type TestVerdict,
  useTestCompany,
  useTestVerdict,
  waitFor,
} from "../../test/helpers.js";
import { jpeg, PDF, png, WEBP } from "../../test/images.js";
import { startS3, type TestS3 } from "../../test/s3.js";

const LIMIT = 256 * 1024;
const verdict = useTestVerdict({ workers: false, env: { VERDICT_MEDIA_LIMIT_BYTES: String(LIMIT) } });
const company = useTestCompany(verdict, "Evidence");

function put(
  app: TestVerdict["app"],
  token: string,
  sessionId: string,
  kind: string,
  body: Buffer | Readable,
  /** null: none sent. */
  contentType: string | null = "image/png",
) {
  return app.inject({
    method: "PUT",
    url: `/v1/sessions/${sessionId}/media/${kind}`,
    headers: { authorization: `Bearer ${token}`, ...(contentType ? { "content-type": contentType } : {}) },
    payload: body,
  });
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Every file under a directory store's media folder (and its partial uploads). */
async function storedFiles(config: TestVerdict["config"]): Promise<string[]> {
  const root = fileDirectory(config);
  const files = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return files
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .filter((path) => path.startsWith("media/") || path.startsWith(".partial/"))
    .sort();
}

async function newSession(
  target: TestVerdict,
  companyId: string,
  status: "awaiting_action" | "success" = "awaiting_action",
) {
  const [id] = await seedSessions(target.ctx.pool, companyId, [
    { status, externalId: `media-${Math.random().toString(36).slice(2)}` },
  ]);
  return id!;
}

describe("uploading evidence", () => {
  it("stores a file by its bytes, answers its entry, and shows it in the session and the lists", async () => {
    const id = await newSession(verdict, company.id);
    const selfie = png(1);
    const answer = await put(verdict.app, company.integrator, id, "selfie", selfie);
    expect(answer.statusCode).toBe(201);
    const entry = answer.json();
    expect(entry).toEqual({
      kind: "selfie",
      contentType: "image/png",
      bytes: selfie.length,
      sha256: sha256(selfie),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const front = jpeg(2);
    expect(
      (await put(verdict.app, company.master, id, "document_front", front, "image/jpeg")).statusCode,
    ).toBe(201);

    const listed = await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media`);
    expect(listed.json().items.map((item: { kind: string }) => item.kind)).toEqual([
      "selfie",
      "document_front",
    ]);
    expect(listed.json().items[0]).toEqual(entry);
    const session = await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`);
    expect(session.json().media).toEqual(listed.json().items);
    const parked = await call(verdict.app, company.agent, "GET", "/v1/awaiting-action?limit=500");
    const item = parked.json().items.find((found: { id: string }) => found.id === id);
    expect(item.media).toHaveLength(2);
    const all = await call(verdict.app, company.agent, "GET", `/v1/sessions?limit=500`);
    expect(all.json().items.find((found: { id: string }) => found.id === id).media).toHaveLength(2);
  });

  it("takes each type Verdict knows, by its signature", async () => {
    const id = await newSession(verdict, company.id);
    const files: [string, Buffer, string][] = [
      ["selfie", jpeg(3), "image/jpeg"],
      ["document_front", png(3), "image/png"],
      ["document_back", WEBP, "image/webp"],
      ["proof_of_address", PDF, "application/pdf"],
      ["other", png(4), "image/png; charset=binary"],
    ];
    for (const [kind, bytes, type] of files) {
      const answer = await put(verdict.app, company.integrator, id, kind, bytes, type);
      expect(answer.statusCode, `${kind}: ${answer.body}`).toBe(201);
    }
  });

  it("never replaces evidence: the same bytes answer the entry again, other bytes 409", async () => {
    const id = await newSession(verdict, company.id);
    const first = await put(verdict.app, company.integrator, id, "selfie", png(5));
    const again = await put(verdict.app, company.integrator, id, "selfie", png(5));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await put(verdict.app, company.integrator, id, "selfie", png(6));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({
      code: "MEDIA_EXISTS",
      message: expect.stringContaining(first.json().sha256),
    });
    const served = await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media/selfie`);
    expect(served.rawPayload.equals(png(5))).toBe(true);
  });

  it("stores one file of racing uploads of a kind, and no file of the losers", async () => {
    const id = await newSession(verdict, company.id);
    const answers = await Promise.all(
      [7, 8, 7, 9, 7].map((seed) => put(verdict.app, company.integrator, id, "document_back", png(seed))),
    );
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 201)).toHaveLength(1);
    const winner = answers.find((answer) => answer.statusCode === 201)!.json().sha256;
    for (const answer of answers) {
      if (answer.statusCode === 200) expect(answer.json().sha256).toBe(winner);
      else if (answer.statusCode === 409) expect(answer.json().code).toBe("MEDIA_EXISTS");
    }
    const files = (await storedFiles(verdict.config)).filter((path) => path.includes(`${id}/document_back`));
    expect(files).toHaveLength(1);
  });
});

describe("refused uploads", () => {
  let id: string;
  beforeAll(async () => {
    id = await newSession(verdict, company.id);
  });

  const refusals: [string, () => [Buffer, string | null, string?], number, string, RegExp][] = [
    ["a truncated image", () => [png(1).subarray(0, 60), "image/png"], 400, "MEDIA_INCOMPLETE", /truncated/],
    ["a truncated JPEG", () => [jpeg(1).subarray(0, 300), "image/jpeg"], 400, "MEDIA_INCOMPLETE", /FF D9/],
    [
      "a WebP shorter than its header says",
      () => [WEBP.subarray(0, 30), "image/webp"],
      400,
      "MEDIA_INCOMPLETE",
      /RIFF/,
    ],
    [
      "a PNG sent as JPEG",
      () => [png(1), "image/jpeg"],
      415,
      "MEDIA_TYPE_MISMATCH",
      /Content-Type: image\/png/,
    ],
    [
      "an HTML file sent as an image",
      () => [Buffer.from("<!doctype html><script>alert(1)</script>"), "image/png"],
      415,
      "MEDIA_TYPE_MISMATCH",
      /markup/,
    ],
    ["a 0-byte body", () => [Buffer.alloc(0), "image/jpeg"], 400, "MEDIA_EMPTY", /empty/],
    [
      "an HTML content type",
      () => [Buffer.from("<b>hi</b>"), "text/html"],
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      /image\/jpeg, image\/png, image\/webp, application\/pdf, got "text\/html"/,
    ],
    ["no content type", () => [png(1), null], 415, "UNSUPPORTED_MEDIA_TYPE", /none was sent/],
    ["a kind not in the list", () => [png(1), "image/png", "passport"], 400, "VALIDATION_ERROR", /kind/],
    [
      "a body over the limit",
      () => [Buffer.concat([png(1), Buffer.alloc(LIMIT)]), "image/png"],
      413,
      "MEDIA_TOO_LARGE",
      /262144 bytes/,
    ],
  ];

  it.each(refusals)(
    "refuses %s, naming the problem, and keeps nothing",
    async (_, make, status, code, message) => {
      const [bytes, type, kind = "selfie"] = make();
      const answer = await put(verdict.app, company.integrator, id, kind, bytes, type);
      expect(answer.statusCode, answer.body).toBe(status);
      expect(answer.json()).toMatchObject({
        statusCode: status,
        code,
        message: expect.stringMatching(message),
      });
      expect(
        (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media`)).json().items,
      ).toEqual([]);
      expect(
        (await storedFiles(verdict.config)).filter(
          (path) => path.includes(id) || path.startsWith(".partial"),
        ),
      ).toEqual([]);
    },
  );

  it("refuses a streamed body that grows over the limit without a length given", async () => {
    const chunks = Readable.from(
      (function* () {
        yield png(1).subarray(0, 8);
        for (let i = 0; i < 40; i++) yield Buffer.alloc(16 * 1024);
      })(),
    );
    const answer = await put(verdict.app, company.integrator, id, "other", chunks);
    expect(answer.statusCode).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect((await storedFiles(verdict.config)).filter((path) => path.startsWith(".partial"))).toEqual([]);
  });

  it("keeps no half file of a client that disconnects mid-upload", async () => {
    await verdict.app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const { port } = verdict.app.server.address() as AddressInfo;
      const client = httpRequest({
        port,
        host: "127.0.0.1",
        method: "PUT",
        path: `/v1/sessions/${id}/media/document_front`,
        headers: {
          authorization: `Bearer ${company.integrator}`,
          "content-type": "image/png",
          "content-length": 100_000,
        },
      });
      client.on("error", () => {});
      client.write(png(1).subarray(0, 40));
      client.write(Buffer.alloc(20_000));
      // the upload has begun when its partial file is there
      await waitFor(async () =>
        (await storedFiles(verdict.config)).some((path) => path.startsWith(".partial/")),
      );
      client.destroy();
      await waitFor(async () =>
        (await storedFiles(verdict.config)).every((path) => !path.startsWith(".partial/")),
      );
      expect(
        (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media`)).json().items,
      ).toEqual([]);
    } finally {
      await verdict.app.server.close();
    }
  });

  it("takes uploads from the integrator and master keys only", async () => {
    const answer = await put(verdict.app, company.agent, id, "selfie", png(1));
    expect(answer.statusCode).toBe(403);
  });
});

describe("serving evidence", () => {
  it("serves the bytes with headers under which nothing can run, and logs each view", async () => {
    const id = await newSession(verdict, company.id);
    const bytes = png(11);
    await put(verdict.app, company.integrator, id, "selfie", bytes);
    const served = await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media/selfie`);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(bytes)).toBe(true);
    expect(served.headers).toMatchObject({
      "content-type": "image/png",
      "content-length": String(bytes.length),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    });
    const activity = await call(verdict.app, company.master, "GET", "/v1/activity?limit=5");
    expect(activity.json().items[0]).toMatchObject({
      action: "media.viewed",
      target: id,
      details: { kind: "selfie" },
    });
    // every role reads
    expect(
      (await call(verdict.app, company.integrator, "GET", `/v1/sessions/${id}/media/selfie`)).statusCode,
    ).toBe(200);
  });

  it("answers 404 for a kind the session lacks", async () => {
    const id = await newSession(verdict, company.id);
    const missing = await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media/document_back`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("NOT_FOUND");
  });

  it("shows another company nothing: 404 for its sessions' media, whatever the call", async () => {
    const id = await newSession(verdict, company.id);
    await put(verdict.app, company.integrator, id, "selfie", png(12));
    const other = await createCompany(verdict.app, "Neighbour");
    for (const answer of [
      await call(verdict.app, other.agent, "GET", `/v1/sessions/${id}/media/selfie`),
      await call(verdict.app, other.agent, "GET", `/v1/sessions/${id}/media`),
      await put(verdict.app, other.integrator, id, "document_front", png(13)),
      await put(verdict.app, other.integrator, id, "selfie", png(12)),
    ]) {
      expect(answer.statusCode).toBe(404);
    }
    expect(
      (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media`)).json().items,
    ).toHaveLength(1);
  });
});

describe("liquidated evidence", () => {
  it("deletes a liquidated session's files, lists none, serves none and takes no more", async () => {
    const id = await newSession(verdict, company.id, "success");
    await put(verdict.app, company.integrator, id, "selfie", png(21));
    await put(verdict.app, company.integrator, id, "document_front", jpeg(21), "image/jpeg");
    expect((await storedFiles(verdict.config)).filter((path) => path.includes(id))).toHaveLength(2);

    const liquidated = await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`);
    expect(liquidated.statusCode).toBe(200);
    expect(liquidated.json().media).toEqual([]);
    expect((await storedFiles(verdict.config)).filter((path) => path.includes(id))).toEqual([]);
    expect(
      (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}/media/selfie`)).statusCode,
    ).toBe(404);
    const again = await put(verdict.app, company.integrator, id, "selfie", png(21));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("SESSION_LIQUIDATED");
  });

  it("deletes the files of sessions past the company's retention", async () => {
    const retained = await createCompany(verdict.app, "Retained");
    await call(verdict.app, retained.master, "PUT", "/v1/settings", {
      retention: { liquidateAfterDays: 30 },
    });
    const [old, recent] = await seedSessions(verdict.ctx.pool, retained.id, [
      { status: "success", externalId: "old", createdAt: new Date(Date.now() - 40 * 86_400_000) },
      { status: "success", externalId: "recent" },
    ]);
    for (const id of [old!, recent!]) await put(verdict.app, retained.integrator, id, "selfie", png(24));
    expect(await liquidateExpired(verdict.ctx)).toBe(1);
    expect((await storedFiles(verdict.config)).filter((path) => path.includes(old!))).toEqual([]);
    expect((await storedFiles(verdict.config)).filter((path) => path.includes(recent!))).toHaveLength(1);
  });

  it("leaves no file behind for good when a crash follows the liquidation's commit", async () => {
    const id = await newSession(verdict, company.id, "success");
    await put(verdict.app, company.integrator, id, "selfie", png(22));
    // what a process killed right after the commit leaves: the rows gone, the files still there
    await withTransaction(verdict.ctx.pool, (tx) => eraseSessions(tx, company.id, [id], { type: "system" }));
    expect((await storedFiles(verdict.config)).filter((path) => path.includes(id))).toHaveLength(1);
    await sweepFiles(verdict.ctx);
    expect((await storedFiles(verdict.config)).filter((path) => path.includes(id))).toEqual([]);
  });

  it("removes a file a crash left between its commit and its row, once its grace is over", async () => {
    const key = `media/${company.id}/${await newSession(verdict, company.id)}/selfie-0123456789abcdef`;
    const upload = await verdict.ctx.files.create(key);
    await new Promise<void>((resolve) => upload.stream.end(png(23), () => resolve()));
    await insertFileRemoval(verdict.ctx.pool, key, 3_600_000);
    await upload.commit();
    await sweepFiles(verdict.ctx);
    expect(await verdict.ctx.files.read(key)).toBeDefined(); // an upload may still record it
    await verdict.ctx.pool.query("UPDATE file_removals SET due_at = now() WHERE file_key = $1", [key]);
    await sweepFiles(verdict.ctx);
    expect(await verdict.ctx.files.read(key)).toBeUndefined();
  });
});

describe("evidence in an S3 store", () => {
  let s3: TestS3;
  let onS3: TestVerdict;
  let acme: TestCompany;
  beforeAll(async () => {
    s3 = await startS3();
    onS3 = await startTestVerdict({ workers: false, env: s3.env("verdict") });
    acme = await createCompany(onS3.app, "Bucketed");
  });
  afterAll(async () => {
    await onS3?.close();
    await s3?.close();
  });

  /** The keys the bucket holds under the Verdict's prefix, as S3 lists them. */
  async function bucketKeys(): Promise<string[]> {
    const { S3Client, ListObjectsV2Command } = await import("@aws-sdk/client-s3");
    const client = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: "verdict/" }));
      return (listed.Contents ?? []).map((object) => object.Key!).sort();
    } finally {
      client.destroy();
    }
  }

  it("stores, serves and, on liquidation, deletes the bytes in the bucket", async () => {
    const id = await newSession(onS3, acme.id, "success");
    const bytes = png(31, 400, 300);
    const stored = await put(onS3.app, acme.integrator, id, "selfie", bytes);
    expect(stored.statusCode).toBe(201);
    expect(await bucketKeys()).toEqual([
      expect.stringMatching(new RegExp(`^verdict/media/${acme.id}/${id}/selfie-`)),
    ]);
    const served = await call(onS3.app, acme.agent, "GET", `/v1/sessions/${id}/media/selfie`);
    expect(served.rawPayload.equals(bytes)).toBe(true);

    await call(onS3.app, acme.master, "POST", `/v1/sessions/${id}/liquidate`);
    expect(await bucketKeys()).toEqual([]);
  });

  it("answers 503 UNAVAILABLE while the store is down, and takes the same upload once it is back", async () => {
    const id = await newSession(onS3, acme.id);
    await s3.stop();
    try {
      const refused = await put(onS3.app, acme.integrator, id, "selfie", png(32));
      expect(refused.statusCode).toBe(503);
      expect(refused.headers["retry-after"]).toBeDefined();
      expect(refused.json()).toMatchObject({
        code: "UNAVAILABLE",
        message: expect.stringContaining("file store"),
      });
    } finally {
      await s3.start();
    }
    const retried = await put(onS3.app, acme.integrator, id, "selfie", png(32));
    expect(retried.statusCode).toBe(201);
    expect((await call(onS3.app, acme.agent, "GET", `/v1/sessions/${id}/media`)).json().items).toHaveLength(
      1,
    );
  });
});
