import { Readable, Writable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { errorMessage, FileStoreUnavailableError, StartupError } from "../kernel/errors.js";
import type { FileStoreConfig } from "./config.js";
import { checkKey, type FileStore, type FileUpload } from "./file-store.js";

type S3Config = Extract<FileStoreConfig, { kind: "s3" }>;

/**
 * S3's smallest part but the last: an upload holds at most this much (and the chunk that filled
 * it) in memory. A file smaller than this is sent whole when it commits, in one `PutObject`.
 */
export const PART_BYTES = 5 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket, under a key prefix. A file is held back until it commits: a
 * small one in memory, a large one as a multipart upload whose completion is the commit, so a
 * reader never finds half of one. Any failure to reach the store, or any answer but "no such
 * key", is a `FileStoreUnavailableError` (the API's 503).
 */
export class S3FileStore implements FileStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.prefix = config.prefix ? `${config.prefix}/` : "";
    this.location = `s3://${config.bucket}/${config.prefix}`;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      credentials: config.credentials,
      // an S3-compatible server is addressed by path: its buckets are not DNS names
      forcePathStyle: config.endpoint !== undefined,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 30_000 },
    });
  }

  /** Checks that the bucket is there and can be reached; throws a one-line `StartupError` if not. */
  async verify(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw new StartupError(
        `the file store ${this.location} cannot be used (${describe(error)}): check VERDICT_FILE_STORE, the bucket and the AWS_* variables`,
      );
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return this.prefix + checkKey(key);
  }

  private async send<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new FileStoreUnavailableError(`the file store ${this.location} failed: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async create(key: string): Promise<FileUpload> {
    const Key = this.objectKey(key);
    const Bucket = this.bucket;
    let chunks: Buffer[] = [];
    let buffered = 0;
    let uploadId: string | undefined;
    const parts: { PartNumber: number; ETag: string | undefined }[] = [];
    const sendPart = async () => {
      const Body = Buffer.concat(chunks, buffered);
      chunks = [];
      buffered = 0;
      uploadId ??= (
        await this.send(() => this.client.send(new CreateMultipartUploadCommand({ Bucket, Key })))
      ).UploadId;
      const PartNumber = parts.length + 1;
      const { ETag } = await this.send(() =>
        this.client.send(new UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber, Body })),
      );
      parts.push({ PartNumber, ETag });
    };
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        buffered += chunk.length;
        if (buffered < PART_BYTES) return callback();
        sendPart().then(() => callback(), callback);
      },
    });
    return {
      stream,
      commit: async () => {
        if (uploadId === undefined) {
          const Body = Buffer.concat(chunks, buffered);
          chunks = [];
          await this.send(() =>
            this.client.send(new PutObjectCommand({ Bucket, Key, Body, ContentLength: Body.length })),
          );
          return;
        }
        if (buffered > 0) await sendPart();
        await this.send(() =>
          this.client.send(
            new CompleteMultipartUploadCommand({
              Bucket,
              Key,
              UploadId: uploadId,
              MultipartUpload: { Parts: parts },
            }),
          ),
        );
      },
      abort: async () => {
        stream.destroy();
        chunks = [];
        if (uploadId === undefined) return;
        const UploadId = uploadId;
        uploadId = undefined;
        // Best effort: a part left behind is found by removeAbandoned (or the bucket's lifecycle rule).
        await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => {});
      },
    };
  }

  async read(key: string): Promise<Readable | undefined> {
    const Key = this.objectKey(key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return Body instanceof Readable ? Body : undefined;
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === "NoSuchKey") return undefined;
      throw new FileStoreUnavailableError(`the file store ${this.location} failed: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async remove(key: string): Promise<void> {
    const Key = this.objectKey(key);
    await this.send(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  async removeAbandoned(before: Date): Promise<number> {
    let removed = 0;
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      let page: Awaited<ReturnType<typeof this.listUploads>>;
      try {
        page = await this.listUploads(KeyMarker, UploadIdMarker);
      } catch (error) {
        // Some S3-compatible servers do not list uploads; their lifecycle rules are the answer.
        if (error instanceof S3ServiceException && error.name === "NotImplemented") return removed;
        throw new FileStoreUnavailableError(`the file store ${this.location} failed: ${describe(error)}`, {
          cause: error,
        });
      }
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= before) continue;
        const { Key, UploadId } = upload;
        await this.send(() =>
          this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })),
        );
        removed++;
      }
      if (!page.IsTruncated) return removed;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
  }

  private listUploads(KeyMarker: string | undefined, UploadIdMarker: string | undefined) {
    return this.client.send(
      new ListMultipartUploadsCommand({
        Bucket: this.bucket,
        Prefix: this.prefix,
        KeyMarker,
        UploadIdMarker,
      }),
    );
  }
}

/** An S3 failure in a few words: its name and status, or the socket's error. */
function describe(error: unknown): string {
  if (error instanceof S3ServiceException) {
    return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? "?"})${error.message && error.message !== error.name ? `: ${error.message}` : ""}`;
  }
  return errorMessage(error);
}
