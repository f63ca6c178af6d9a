import type { Config } from "./config.js";
import { DirectoryFileStore, type FileStore } from "./file-store.js";

/**
 * The file store the configuration names (`VERDICT_FILE_STORE`); the S3 client is loaded only
 * when one is configured, and its bucket checked before Verdict starts.
 */
export async function openFileStore(config: Pick<Config, "fileStore">): Promise<FileStore> {
  const store = config.fileStore;
  if (store.kind === "directory") return new DirectoryFileStore(store.root);
  const { S3FileStore } = await import("./s3-file-store.js");
  const s3 = new S3FileStore(store);
  await s3.verify();
  return s3;
}
