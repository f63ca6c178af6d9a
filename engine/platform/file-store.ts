import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** A file being written: it appears under its key only once `commit` resolves. */
export interface FileUpload {
  stream: Writable;
  /** Call after `stream` finished: makes the file visible under its key, replacing any before. */
  commit(): Promise<void>;
  /** Throws the partial file away; harmless after a commit or a second time. */
  abort(): Promise<void>;
}

/**
 * Where Verdict keeps files: media (engine/evidence) and finished exports. A directory
 * (`DirectoryFileStore`) or an S3-compatible bucket (`S3FileStore`, engine/platform/s3-file-store.ts).
 * A file is never seen half written: it appears under its key when its upload commits. Keys are
 * relative paths of letters, digits, `-`, `_`, `.` and `/` (the first segment names what the file
 * is, then the company: `media/<company>/…`, `exports/<company>/…`).
 */
export interface FileStore {
  /** Where the store is, for messages: a directory or an `s3://` URL. */
  readonly location: string;
  create(key: string): Promise<FileUpload>;
  /** The file's content, or undefined when there is no file under `key`. */
  read(key: string): Promise<Readable | undefined>;
  /** Removes the file; removing a missing file is not an error. */
  remove(key: string): Promise<void>;
  /**
   * Removes the uploads nothing has written to since `before` and that were neither committed nor
   * aborted: what a process killed mid-upload leaves. Answers how many it removed.
   */
  removeAbandoned(before: Date): Promise<number>;
  /** Lets go of what the store holds open (connections); a directory holds nothing. */
  close(): Promise<void>;
}

const KEY = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_./-]{0,254}$/;

export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file store key: "${key}"`);
  return key;
}

/**
 * Where a directory store writes files until they are committed: one directory beside the keys
 * (no key starts with `.`) on the same file system, so that the rename into place is atomic and
 * `removeAbandoned` reads only it.
 */
const PARTIAL_DIR = ".partial";

/** Files in a directory tree; a file is written to a temporary name and renamed into place. */
export class DirectoryFileStore implements FileStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  async close(): Promise<void> {}

  private path(key: string): string {
    return join(this.root, checkKey(key));
  }

  async create(key: string): Promise<FileUpload> {
    const path = this.path(key);
    const partials = join(this.root, PARTIAL_DIR);
    const temporary = join(partials, randomBytes(12).toString("hex"));
    await Promise.all([mkdir(dirname(path), { recursive: true }), mkdir(partials, { recursive: true })]);
    // large writes: a big export is hundreds of megabytes
    const stream = createWriteStream(temporary, { flags: "wx", highWaterMark: 1024 * 1024 });
    return {
      stream,
      commit: () => rename(temporary, path),
      abort: async () => {
        stream.destroy();
        await rm(temporary, { force: true });
      },
    };
  }

  async read(key: string): Promise<Readable | undefined> {
    const stream = createReadStream(this.path(key));
    // Opening is asynchronous: wait for it so that a missing file answers undefined, not a broken stream.
    return new Promise((resolve, reject) => {
      stream.once("open", () => resolve(stream));
      stream.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") resolve(undefined);
        else reject(error);
      });
    });
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async removeAbandoned(before: Date): Promise<number> {
    const partials = join(this.root, PARTIAL_DIR);
    const names = await readdir(partials).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    let removed = 0;
    for (const name of names) {
      const path = join(partials, name);
      const written = await stat(path).then(
        (stats) => stats.mtime,
        () => undefined, // committed or aborted meanwhile
      );
      if (written && written < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
