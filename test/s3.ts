import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: s3rver ships no types
import S3rver from "s3rver";
import { freePort } from "./processes.js";

/**
 * A real S3-compatible server for tests (s3rver: the S3 REST API over a directory), on a free
 * port, with one bucket. `stop` and `start` take it away and bring it back on the same port and
 * files, as an object store that is down for a while.
 */
export interface TestS3 {
  bucket: string;
  endpoint: string;
  /** The variables that point a Verdict at it: `VERDICT_FILE_STORE`, the endpoint, credentials. */
  env(prefix?: string): Record<string, string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Removes the server and its files. */
  close(): Promise<void>;
}

export async function startS3(bucket = "verdict-test"): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), "verdict-s3-"));
  const port = await freePort();
  let server: { run(): Promise<unknown>; close(): Promise<void> } | undefined;
  const endpoint = `http://127.0.0.1:${port}`;
  const s3: TestS3 = {
    bucket,
    endpoint,
    env: (prefix = "") => ({
      VERDICT_FILE_STORE: `s3://${bucket}/${prefix}`,
      AWS_ENDPOINT_URL_S3: endpoint,
      // s3rver's fixed credentials
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    }),
    async start() {
      if (server) return;
      server = new S3rver({
        port,
        address: "127.0.0.1",
        directory,
        silent: true,
        configureBuckets: [{ name: bucket }],
      });
      await server!.run();
    },
    async stop() {
      const running = server;
      server = undefined;
      await running?.close();
    },
    async close() {
      await s3.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
  await s3.start();
  return s3;
}
