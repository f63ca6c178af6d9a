import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { Config } from "./config.js";

/** A file being written: it appears under its key only once `commit` resolves. */
export interface FileUpload {
  stream: Writable;
  /** Call after `stream` finished: makes the file visible under its key, replacing any before. */
  commit(): Promise<void>;
  /** Throws the partial file away; harmless after a commit or a second time. */
  abort(): Promise<void>;
}

/**
 * Where finished export files live. A directory by default; an object store (S3 and the like,
 * whose multipart uploads also commit or abort) can take its place behind this interface.
 * Keys are relative paths of letters, digits, `-`, `_`, `.` and `/`, not ending in `.part`.
 */
export interface FileStore {
  create(key: string): Promise<FileUpload>;
  /** The file's content, or undefined when there is no file under `key`. */
  read(key: string): Promise<Readable | undefined>;
  /** Removes the file; removing a missing file is not an error. */
  remove(key: string): Promise<void>;
  /**
   * Removes the uploads nothing has written to since `before` and that were neither committed nor
   * aborted: what a process killed mid-export leaves. Answers how many it removed.
   */
  removeAbandoned(before: Date): Promise<number>;
  /** Lets go of what the store holds open (connections); a directory holds nothing. */
  close(): Promise<void>;
}

/** How a file being written ends until it is committed; no key may end so (KEY). */
const PARTIAL = ".part";

const KEY = /^(?!.*\.\.)(?!.*\.part$)[A-Za-z0-9_-][A-Za-z0-9_./-]{0,254}$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file store key: "${key}"`);
  return key;
}

/** Files in a directory tree; a file is written to a temporary name and renamed into place. */
export class DirectoryFileStore implements FileStore {
  constructor(readonly root: string) {}

  async close(): Promise<void> {}

  private path(key: string): string {
    return join(this.root, checkKey(key));
  }

  async create(key: string): Promise<FileUpload> {
    const path = this.path(key);
    const temporary = `${path}.${randomBytes(6).toString("hex")}${PARTIAL}`;
    await mkdir(dirname(path), { recursive: true });
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
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      },
    );
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith(PARTIAL)) continue;
      const path = join(entry.parentPath, entry.name);
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

/** The file store the configuration names: for now always the export directory. */
export function openFileStore(config: Pick<Config, "exportDir">): FileStore {
  return new DirectoryFileStore(config.exportDir);
}
