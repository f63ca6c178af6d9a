import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DirectoryFileStore } from "./file-store.js";

let root: string;
let store: DirectoryFileStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "verdict-files-"));
  store = new DirectoryFileStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Starts an upload under `key` with some content and leaves it neither committed nor aborted. */
async function startUpload(key: string) {
  const upload = await store.create(key);
  await new Promise<void>((resolve, reject) =>
    upload.stream.end("id,status\r\n", () => resolve()).on("error", reject),
  );
  return upload;
}

const filesIn = async (dir: string) => (await readdir(join(root, dir))).sort();

describe("DirectoryFileStore", () => {
  it("shows a file under its key only once committed", async () => {
    const upload = await startUpload("c/e.csv");
    expect(await store.read("c/e.csv")).toBeUndefined();
    await upload.commit();
    expect(await filesIn("c")).toEqual(["e.csv"]);
  });

  it("removes uploads nothing has written to since a moment, and leaves the rest", async () => {
    await startUpload("c/abandoned.csv");
    const [abandoned] = await filesIn("c");
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(root, "c", abandoned!), hourAgo, hourAgo);
    await startUpload("c/running.csv");
    await (await startUpload("c/done.csv")).commit();
    await writeFile(join(root, "c", "old.csv"), "kept: not an upload");
    await utimes(join(root, "c", "old.csv"), hourAgo, hourAgo);

    expect(await store.removeAbandoned(new Date(Date.now() - 60_000))).toBe(1);
    const left = await filesIn("c");
    expect(left).not.toContain(abandoned);
    expect(left.filter((name) => name.startsWith("running.csv.") && name.endsWith(".part"))).toHaveLength(1);
    expect(left).toContain("done.csv");
    expect(left).toContain("old.csv");
  });

  it("finds nothing to remove before the first export made its directory", async () => {
    await rm(root, { recursive: true });
    expect(await store.removeAbandoned(new Date())).toBe(0);
  });

  it("refuses keys that could be taken for an upload or leave the directory", async () => {
    for (const key of ["c/e.csv.part", "../e.csv", "/e.csv", "c/../../e.csv"])
      await expect(store.create(key), key).rejects.toThrow("not a file store key");
  });
});
