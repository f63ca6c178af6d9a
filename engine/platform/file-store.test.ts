import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startS3, type TestS3 } from "../../test/s3.js";
import { FileStoreUnavailableError } from "../kernel/errors.js";
import { loadConfig } from "./config.js";
import { DirectoryFileStore, type FileStore } from "./file-store.js";
import { openFileStore } from "./open-file-store.js";
import { PART_BYTES, type S3FileStore } from "./s3-file-store.js";

/** Writes `content` to an upload under `key` and leaves it neither committed nor aborted. */
async function startUpload(store: FileStore, key: string, content: Buffer | string = "id,status\r\n") {
  const upload = await store.create(key);
  await new Promise<void>((resolve, reject) =>
    upload.stream.end(content, () => resolve()).on("error", reject),
  );
  return upload;
}

const read = async (store: FileStore, key: string) => {
  const stream = await store.read(key);
  return stream && (await buffer(stream));
};

// The same behaviour of both stores: what Verdict relies on, whichever holds its files.
describe.each(["directory", "s3"] as const)("the %s file store", (kind) => {
  let store: FileStore;
  let s3: TestS3 | undefined;
  let root: string | undefined;
  beforeAll(async () => {
    if (kind === "s3") s3 = await startS3();
  });
  afterAll(() => s3?.close());
  beforeEach(async () => {
    if (s3) {
      store = await openFileStore(loadConfig(s3.env(`run-${Math.random().toString(36).slice(2)}`)));
    } else {
      root = await mkdtemp(join(tmpdir(), "verdict-files-"));
      store = new DirectoryFileStore(root);
    }
  });
  afterEach(async () => {
    await store.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("shows a file under its key only once committed, then reads it whole", async () => {
    const upload = await startUpload(store, "media/c/s/selfie-1", "the bytes");
    expect(await store.read("media/c/s/selfie-1")).toBeUndefined();
    await upload.commit();
    expect((await read(store, "media/c/s/selfie-1"))?.toString()).toBe("the bytes");
  });

  it("keeps a file larger than one part whole, byte for byte", async () => {
    const content = Buffer.alloc(PART_BYTES * 2 + 12_345);
    for (let i = 0; i < content.length; i += 4096) content[i] = i % 251;
    const upload = await store.create("exports/c/big.csv");
    for (let offset = 0; offset < content.length; offset += 64 * 1024) {
      const chunk = content.subarray(offset, offset + 64 * 1024);
      if (!upload.stream.write(chunk)) await new Promise((resolve) => upload.stream.once("drain", resolve));
    }
    await new Promise<void>((resolve, reject) => upload.stream.end(() => resolve()).on("error", reject));
    expect(await store.read("exports/c/big.csv")).toBeUndefined();
    await upload.commit();
    expect((await read(store, "exports/c/big.csv"))?.equals(content)).toBe(true);
  });

  it("leaves nothing of an aborted upload", async () => {
    const upload = await startUpload(store, "media/c/s/selfie-2", Buffer.alloc(PART_BYTES + 10));
    await upload.abort();
    await upload.abort(); // harmless twice
    expect(await store.read("media/c/s/selfie-2")).toBeUndefined();
  });

  it("removes a file, and a missing one without complaint", async () => {
    await (await startUpload(store, "media/c/s/other-1")).commit();
    await store.remove("media/c/s/other-1");
    await store.remove("media/c/s/other-1");
    expect(await store.read("media/c/s/other-1")).toBeUndefined();
  });

  it("refuses keys that could leave its place", async () => {
    for (const key of ["../e.csv", "/e.csv", "c/../../e.csv", ".partial/x"])
      await expect(store.create(key), key).rejects.toThrow("not a file store key");
  });
});

describe("the directory file store", () => {
  let root: string;
  let store: DirectoryFileStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "verdict-files-"));
    store = new DirectoryFileStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const partials = async () => (await readdir(join(root, ".partial"))).sort();

  it("removes uploads nothing has written to since a moment, and leaves the rest", async () => {
    await startUpload(store, "exports/c/abandoned.csv");
    const [abandoned] = await partials();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(root, ".partial", abandoned!), hourAgo, hourAgo);
    await startUpload(store, "exports/c/running.csv");
    await (await startUpload(store, "exports/c/done.csv")).commit();

    expect(await store.removeAbandoned(new Date(Date.now() - 60_000))).toBe(1);
    const left = await partials();
    expect(left).not.toContain(abandoned);
    expect(left).toHaveLength(1); // the running one
    expect(await readdir(join(root, "exports", "c"))).toEqual(["done.csv"]);
  });

  it("finds nothing to remove before the first upload made its directory", async () => {
    await rm(root, { recursive: true });
    expect(await store.removeAbandoned(new Date())).toBe(0);
  });
});

describe("the S3 file store", () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(() => s3.close());

  it("keeps its files under its prefix in the bucket", async () => {
    const store = await openFileStore(loadConfig(s3.env("deployment-a")));
    const other = await openFileStore(loadConfig(s3.env("deployment-b")));
    try {
      await (await startUpload(store, "media/c/s/selfie-1", "a")).commit();
      expect(await other.read("media/c/s/selfie-1")).toBeUndefined();
      expect(store.location).toBe(`s3://${s3.bucket}/deployment-a`);
    } finally {
      await store.close();
      await other.close();
    }
  });

  it("refuses to open a bucket that is not there, in one line naming it", async () => {
    const env = { ...s3.env(), VERDICT_FILE_STORE: "s3://no-such-bucket/x" };
    await expect(openFileStore(loadConfig(env))).rejects.toThrow(
      /^the file store s3:\/\/no-such-bucket\/x cannot be used \(.*\): check VERDICT_FILE_STORE/,
    );
  });

  it("answers FileStoreUnavailableError while the server is down, and works again once it is back", async () => {
    const store = (await openFileStore(loadConfig(s3.env("outage")))) as S3FileStore;
    try {
      await (await startUpload(store, "media/c/s/selfie-1", "kept")).commit();
      await s3.stop();
      const upload = await startUpload(store, "media/c/s/selfie-2", "lost");
      await expect(upload.commit()).rejects.toBeInstanceOf(FileStoreUnavailableError);
      await expect(store.read("media/c/s/selfie-1")).rejects.toBeInstanceOf(FileStoreUnavailableError);
      await expect(store.remove("media/c/s/selfie-1")).rejects.toBeInstanceOf(FileStoreUnavailableError);
      await s3.start();
      expect((await read(store, "media/c/s/selfie-1"))?.toString()).toBe("kept");
      expect(await store.read("media/c/s/selfie-2")).toBeUndefined();
    } finally {
      await s3.start();
      await store.close();
    }
  });
});
