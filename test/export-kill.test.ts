import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  fileDirectory,
  startTestVerdict,
  type TestVerdict,
  waitFor,
} from "./helpers.js";
import { childEnv, killChildren, spawnVerdict } from "./processes.js";
import { startS3, type TestS3 } from "./s3.js";

// A worker SIGKILLed while it writes an export, on each file store: another worker writes it
// again from the start, and the store shows the one whole file, never a part of one (a part the
// killed worker left is no stored file, and the sweep of abandoned parts removes it).

const ROWS = 150_000;

const verdicts: TestVerdict[] = [];
let s3: TestS3 | undefined;
afterEach(killChildren);
afterAll(async () => {
  await killChildren();
  await Promise.all(verdicts.map((verdict) => verdict.close()));
  await s3?.close();
});

/** The keys the store holds, as paths under its root (a directory's, or the bucket's prefix). */
async function storedKeys(verdict: TestVerdict, store: "directory" | "s3"): Promise<string[]> {
  if (store === "directory") {
    const root = fileDirectory(verdict.config);
    const files = await readdir(root, { recursive: true, withFileTypes: true });
    return files
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
      .sort();
  }
  const { S3Client, ListObjectsV2Command } = await import("@aws-sdk/client-s3");
  const client = new S3Client({
    endpoint: s3!.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3!.bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!.replace(/^verdict\//, "")).sort();
  } finally {
    client.destroy();
  }
}

describe.each(["directory", "s3"] as const)("an export on the %s store", (store) => {
  it("survives a SIGKILL of its worker mid-file: written again whole, no part left", async () => {
    if (store === "s3") s3 ??= await startS3();
    const storeEnv = store === "s3" ? s3!.env("verdict") : {};
    const verdict = await startTestVerdict({ workers: false, env: storeEnv });
    verdicts.push(verdict);
    const company = await createCompany(verdict.app, `Export kill ${store}`);
    await verdict.ctx.pool.query(
      `INSERT INTO sessions (id, company_id, external_id, data, status, batch_id, created_at, outcome, reasons,
                             decided_by_type, decided_at)
       SELECT gen_random_uuid(), $1, 'export-' || i,
              json_build_object('person', json_build_object('firstName', 'Nino', 'lastName', 'Beridze', 'documentNumber', 'D' || i)),
              'success', gen_random_uuid(), now() - i * interval '1 second', 'success', '[]'::jsonb, 'engine', now()
         FROM generate_series(1, $2::int) AS i`,
      [company.id, ROWS],
    );
    const env = childEnv(verdict, {
      ...storeEnv,
      VERDICT_LOCK_DURATION_MS: "1500",
      VERDICT_STALLED_INTERVAL_MS: "500",
    });
    const requested = await call(verdict.app, company.agent, "POST", "/v1/exports", { list: "sessions" });
    expect(requested.statusCode).toBe(202);
    const id: string = requested.json().id;
    const state = async () => (await call(verdict.app, company.agent, "GET", `/v1/exports/${id}`)).json();

    const doomed = spawnVerdict(["worker"], env);
    await waitFor(
      async () => {
        const now = await state();
        return now.status === "running" && now.rows > 0;
      },
      60_000,
      "the export part-written",
    );
    doomed.kill("SIGKILL");
    expect((await doomed.exited).signal).toBe("SIGKILL");
    expect((await state()).status).toBe("running");

    spawnVerdict(["worker"], env);
    await waitFor(async () => (await state()).status === "completed", 90_000, "the export completed");
    const file = await call(verdict.app, company.agent, "GET", `/v1/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    const lines = file.body.trimEnd().split("\n");
    expect(lines).toHaveLength(ROWS + 1); // the header, then every session once
    expect(new Set(lines).size).toBe(ROWS + 1);
    // what the killed worker had written is no stored file, and the sweep of abandoned parts
    // (the remove-files schedule) takes it away
    const stored = `exports/${company.id}/${id}.csv`;
    expect((await storedKeys(verdict, store)).filter((key) => !key.startsWith(".partial/"))).toEqual([
      stored,
    ]);
    await verdict.ctx.files.removeAbandoned(new Date(Date.now() + 1000));
    expect(await storedKeys(verdict, store)).toEqual([stored]);
    console.log(
      `SIGKILL mid-export (${store} store): ${ROWS.toLocaleString("en")} rows written again whole; the store holds 1 file, no part`,
    );
  });
});
