import { randomBytes } from "node:crypto";
import http from "node:http";
import {
  type BenchCompany,
  createCompany,
  type Distribution,
  distribution,
  type HttpClient,
  progress,
  rssMB,
  sleep,
} from "./support.js";

/**
 * Evidence: uploads of 2 MiB images with 16 in flight (throughput and latency), the API
 * process's RSS growth while 20 uploads of 10 MiB run at once (the bytes stream to the file
 * store, never whole in memory), and serving a 2 MiB image with 16 in flight.
 */
export interface EvidenceResult {
  uploads: number;
  uploadBytes: number;
  inFlight: number;
  uploadSeconds: number;
  uploadsPerSecond: number;
  uploadMiBPerSecond: number;
  upload: Distribution;
  bigUploads: number;
  bigUploadBytes: number;
  /** The API process's resident memory before the big uploads and its peak during them, in MB. */
  rssBeforeMB: number;
  rssPeakMB: number;
  rssGrowthMB: number;
  serves: number;
  serve: Distribution;
  serveMiBPerSecond: number;
}

const MiB = 1024 * 1024;

/** A JPEG by its signature and end marker, `bytes` long, its middle random: what a camera's file is to Verdict. */
function jpegOf(bytes: number): Buffer {
  const file = randomBytes(bytes);
  file.set([0xff, 0xd8, 0xff, 0xe0], 0);
  file.set([0xff, 0xd9], bytes - 2);
  return file;
}

/** Sends `body` and answers the status, the answer's length and how long it took (ms). */
function send(
  agent: http.Agent,
  origin: string,
  method: "PUT" | "GET",
  path: string,
  token: string,
  body?: Buffer,
): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${origin}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": "image/jpeg", "content-length": body.length } : {}),
        },
      },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on("error", reject);
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, bytes, ms: performance.now() - started }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Runs `work(i)` for i in 0..count-1, `inFlight` at a time. */
async function pool<T>(count: number, inFlight: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await work(i);
    }),
  );
  return results;
}

async function sessionsOf(api: HttpClient, company: BenchCompany, count: number): Promise<string[]> {
  const ids: string[] = [];
  const run = randomBytes(3).toString("hex");
  for (let start = 0; start < count; start += 1000) {
    const sessions = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      externalId: `evidence-${run}-${start + i}`,
      data: { liveness: { passed: true }, faceMatch: { matchLevel: 5 } },
    }));
    const accepted = await api.expect<{ accepted: { id: string }[] }>(202, "POST", "/v1/sessions/batch", {
      token: company.integrator,
      body: { sessions },
    });
    ids.push(...accepted.accepted.map((entry) => entry.id));
  }
  return ids;
}

export async function measureEvidence(
  api: HttpClient,
  operatorToken: string,
  apiPid: number,
  options: { uploads: number; inFlight: number; bigUploads: number; serves: number },
): Promise<EvidenceResult> {
  const company = await createCompany(api, operatorToken, `evidence ${randomBytes(3).toString("hex")}`);
  const ids = await sessionsOf(api, company, options.uploads + options.bigUploads);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const fail = (what: string, status: number) => {
    throw new Error(`${what} answered ${status}`);
  };
  try {
    const image = jpegOf(2 * MiB);
    progress(`evidence: ${options.uploads} uploads of 2 MiB, ${options.inFlight} in flight`);
    const started = performance.now();
    const uploads = await pool(options.uploads, options.inFlight, async (i) => {
      const answer = await send(
        agent,
        api.origin,
        "PUT",
        `/v1/sessions/${ids[i]}/media/selfie`,
        company.integrator,
        image,
      );
      if (answer.status !== 201) fail("an upload", answer.status);
      return answer.ms;
    });
    const uploadSeconds = (performance.now() - started) / 1000;

    progress(`evidence: ${options.bigUploads} uploads of 10 MiB at once, sampling the API's RSS`);
    await sleep(500); // let the collector settle after the burst above
    const big = jpegOf(10 * MiB);
    const rssBeforeMB = rssMB(apiPid);
    let rssPeakMB = rssBeforeMB;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssPeakMB = Math.max(rssPeakMB, rssMB(apiPid));
        await sleep(10);
      }
    })();
    await pool(options.bigUploads, options.bigUploads, async (i) => {
      const id = ids[options.uploads + i];
      const answer = await send(
        agent,
        api.origin,
        "PUT",
        `/v1/sessions/${id}/media/document_front`,
        company.integrator,
        big,
      );
      if (answer.status !== 201) fail("a 10 MiB upload", answer.status);
    });
    sampling = false;
    await sampler;

    progress(`evidence: ${options.serves} reads of a 2 MiB image, ${options.inFlight} in flight`);
    const serveStarted = performance.now();
    const serves = await pool(options.serves, options.inFlight, async (i) => {
      const answer = await send(
        agent,
        api.origin,
        "GET",
        `/v1/sessions/${ids[i % options.uploads]}/media/selfie`,
        company.agent,
      );
      if (answer.status !== 200 || answer.bytes !== image.length) fail("a read", answer.status);
      return answer.ms;
    });
    const serveSeconds = (performance.now() - serveStarted) / 1000;

    return {
      uploads: options.uploads,
      uploadBytes: image.length,
      inFlight: options.inFlight,
      uploadSeconds,
      uploadsPerSecond: options.uploads / uploadSeconds,
      uploadMiBPerSecond: (options.uploads * image.length) / MiB / uploadSeconds,
      upload: distribution(uploads),
      bigUploads: options.bigUploads,
      bigUploadBytes: big.length,
      rssBeforeMB,
      rssPeakMB,
      rssGrowthMB: rssPeakMB - rssBeforeMB,
      serves: options.serves,
      serve: distribution(serves),
      serveMiBPerSecond: (options.serves * image.length) / MiB / serveSeconds,
    };
  } finally {
    agent.destroy();
  }
}
