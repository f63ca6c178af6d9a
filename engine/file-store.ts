import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
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
 * Keys are relative paths of letters, digits, `-`, `_`, `.` and `/`.
 */
export interface FileStore {
  create(key: string): Promise<FileUpload>;
  /** The file's content, or undefined when there is no file under `key`. */
  read(key: string): Promise<Readable | undefined>;
  /** Removes the file; removing a missing file is not an error. */
  remove(key: string): Promise<void>;
}

const KEY = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_./-]{0,254}$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file store key: "${key}"`);
  return key;
}

/** Files in a directory tree; a file is written to a temporary name and renamed into place. */
export class DirectoryFileStore implements FileStore {
  constructor(readonly root: string) {}

  private path(key: string): string {
    return join(this.root, checkKey(key));
  }

  async create(key: string): Promise<FileUpload> {
    const path = this.path(key);
    const temporary = `${path}.${randomBytes(6).toString("hex")}.part`;
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
}

/** The file store the configuration names: for now always the export directory. */
export function openFileStore(config: Pick<Config, "exportDir">): FileStore {
  return new DirectoryFileStore(config.exportDir);
}
