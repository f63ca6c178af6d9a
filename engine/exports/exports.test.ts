import { join } from "node:path";
import type { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { UnrecoverableError, Worker } from "bullmq";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, fileDirectory, seedSessions, useTestVerdict } from "../../test/helpers.js";
import type { Actor } from "../kernel/model.js";
import type { FileStore } from "../platform/file-store.js";
import { queueConnection } from "../platform/queues.js";
import type { ExportSessionRow } from "../sql/exports.js";
import { exportHeader, guardCell, toCsvRecord } from "./csv.js";
import {
  createExport,
  type ExportRequest,
  expireExports,
  getExport,
  MAX_ACTIVE_EXPORTS,
  openExportFile,
  reconcileExports,
  runExport,
} from "./exports.js";

/** The file as written, byte order mark included (a TextDecoder would drop it). */
const text = async (stream: Readable) => (await buffer(stream)).toString("utf8");

const verdict = useTestVerdict({ workers: false });
const actor: Actor = { type: "user", id: "key-1" };

interface Seed {
  externalId: string;
  status: "pending" | "success" | "rejected" | "awaiting_action";
  createdAt: string;
  reasons?: string[];
  decidedBy?: "engine" | "user" | "sla";
  decidedById?: string;
  decidedAt?: string;
  liquidated?: boolean;
  person?: Record<string, string>;
  extra?: Record<string, unknown>;
}

/** Inserts sessions as deciding would have left them; answers their ids by externalId. */
async function seed(companyId: string, sessions: Seed[]): Promise<Record<string, string>> {
  const ids = await seedSessions(
    verdict.ctx.pool,
    companyId,
    sessions.map((s) => ({
      externalId: s.externalId,
      status: s.status,
      createdAt: s.createdAt,
      reasons: s.reasons,
      decidedBy: s.decidedBy,
      decidedById: s.decidedById,
      decidedAt: s.decidedAt,
      data: s.liquidated
        ? null
        : {
            documentType: "PASSPORT",
            person: s.person ?? {},
            ip: { address: "203.0.113.7", country: "GE" },
            extra: s.extra,
          },
      liquidatedAt: s.liquidated ? s.createdAt : null,
      search: s.liquidated ? null : [s.externalId, ...Object.values(s.person ?? {})].join(" ").toLowerCase(),
    })),
  );
  return Object.fromEntries(sessions.map((s, i) => [s.externalId, ids[i]!]));
}

/** Exports `request` for the company, runs it as the worker would, and parses the file back. */
async function exportCsv(companyId: string, request: ExportRequest) {
  const created = await createExport(verdict.ctx, companyId, actor, request);
  await runExport(verdict.ctx, created.id);
  const file = await openExportFile(verdict.ctx, companyId, actor, created.id);
  const content = await text(file.stream);
  const records: Record<string, string>[] = parse(content, { bom: true, columns: true });
  return { id: created.id, content, records, fileName: file.fileName };
}

describe("the CSV cells", () => {
  it("prefixes every text cell a spreadsheet could run as a formula", () => {
    const dangerous = [
      "=1+1",
      "+1",
      "-1",
      "@SUM(A1)",
      "\tx",
      "\rx",
      "\nx",
      "\u0000=1+1",
      "\u001b=1",
      "＝1",
      "＋1",
      "－1",
      "＠x",
    ];
    for (const cell of dangerous) expect(guardCell(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    for (const cell of ["plain", "a=b", "1-2", "'=quoted", " =x", "Ünïcødé"])
      expect(guardCell(cell)).toBe(cell);
  });

  it("leaves numbers numbers and empties a liquidated session's personal data", () => {
    const row: ExportSessionRow = {
      id: "i",
      externalId: "=e",
      status: "rejected",
      attempt: 1,
      createdAt: "2024-01-01T00:00:00.000Z",
      decidedAt: null,
      reasons: "A;B",
      decidedBy: "engine",
      decidedById: null,
      decidedByName: null,
      ruleSetVersion: 2,
      overdue: false,
      liquidatedAt: null,
      documentType: "PASSPORT",
      firstName: "Nino",
      lastName: "-x",
      birthDate: null,
      nationality: "GE",
      documentNumber: null,
      personalNumber: null,
      ipAddress: null,
      ipCountry: null,
      extra: { total: -5, flag: true, note: "@x" },
    };
    const record = toCsvRecord(row, ["total", "flag", "note", "missing"]);
    expect(record).toHaveLength(exportHeader(["total", "flag", "note", "missing"]).length);
    expect(record.slice(-4)).toEqual([-5, "true", "'@x", null]);
    expect(record[1]).toBe("'=e");
    expect(record[15]).toBe("'-x");
    const liquidated = toCsvRecord({ ...row, liquidatedAt: "2024-02-01T00:00:00.000Z" }, ["total"]);
    expect(liquidated.slice(13)).toEqual(Array(10).fill(null));
  });
});

describe("exporting the lists", () => {
  let company: Awaited<ReturnType<typeof createCompany>>;
  let ids: Record<string, string>;
  beforeAll(async () => {
    company = await createCompany(verdict.app, "Lists");
    const settings = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: true, slaHours: 24, onExpiry: "keep" },
      extraFields: [
        { name: "orderTotal", type: "number" },
        { name: "channel", type: "string" },
      ],
    });
    expect(settings.statusCode).toBe(200);
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    ids = await seed(company.id, [
      {
        externalId: "a",
        status: "success",
        createdAt: "2024-01-01T10:00:00Z",
        person: { firstName: "Nino", lastName: "Beridze", documentNumber: "13AB45678" },
        extra: { orderTotal: 120.5, channel: "web" },
      },
      {
        externalId: "b",
        status: "rejected",
        createdAt: "2024-01-02T10:00:00Z",
        reasons: ["LIVENESS_FAILED", "UNDERAGE"],
        person: { firstName: "Giorgi", lastName: "Beridze" },
      },
      {
        externalId: "c",
        status: "awaiting_action",
        createdAt: "2024-01-03T10:00:00Z",
        reasons: ["FACE_MATCH_LOW"],
        person: { firstName: "Ana", lastName: "Kapanadze" },
      },
      {
        externalId: "d",
        status: "awaiting_action",
        createdAt: recent,
        reasons: ["MRZ_INVALID"],
        person: { firstName: "Luka", lastName: "Maisuradze" },
      },
      {
        externalId: "e",
        status: "rejected",
        createdAt: "2024-01-05T10:00:00Z",
        reasons: ["PEP"],
        decidedBy: "user",
        decidedById: "key-9",
        liquidated: true,
      },
      {
        externalId: '-f,"quoted"',
        status: "pending",
        createdAt: "2024-01-06T10:00:00Z",
        person: {
          firstName: "=cmd|' /C calc'!A0",
          lastName: 'O"Brien, Jr.\r\nthe 2nd',
          documentNumber: "+1+2",
          personalNumber: "@SUM(1)",
        },
        extra: { orderTotal: -3, channel: '\t=HYPERLINK("http://x")' },
      },
    ]);
    const other = await createCompany(verdict.app, "Someone else");
    await seed(other.id, [
      { externalId: "foreign", status: "rejected", createdAt: "2024-01-04T10:00:00Z", reasons: ["SPAM"] },
    ]);
  });

  const externalIds = (records: Record<string, string>[]) => records.map((r) => r.externalId);

  it("exports every session, newest first, with the contract's columns", async () => {
    const { records, content, fileName } = await exportCsv(company.id, { list: "sessions" });
    expect(content.startsWith("\ufeffid,externalId,status,createdAt,decidedAt,reasons,")).toBe(true);
    expect(content).toContain("\r\n");
    expect(externalIds(records)).toEqual(["d", '\'-f,"quoted"', "e", "c", "b", "a"]);
    expect(Object.keys(records[0]!)).toEqual(exportHeader(["orderTotal", "channel"]));
    expect(records.find((r) => r.id === ids.a)).toMatchObject({
      status: "success",
      createdAt: "2024-01-01T10:00:00.000Z",
      decidedAt: "2024-01-01T10:00:00.000Z",
      reasons: "",
      decidedBy: "engine",
      firstName: "Nino",
      lastName: "Beridze",
      documentNumber: "13AB45678",
      "extra.orderTotal": "120.5",
      "extra.channel": "web",
    });
    expect(records.find((r) => r.id === ids.b)).toMatchObject({ reasons: "LIVENESS_FAILED;UNDERAGE" });
    expect(fileName).toMatch(/^verdict-sessions-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
  });

  it("exports the awaiting-action list oldest first, flagging overdue sessions", async () => {
    const { records } = await exportCsv(company.id, { list: "awaiting_action" });
    expect(externalIds(records)).toEqual(["c", "d"]);
    expect(records.map((r) => r.overdue)).toEqual(["true", "false"]);
    expect(records[0]).toMatchObject({ status: "awaiting_action", reasons: "FACE_MATCH_LOW" });
  });

  it("exports the rejections, newest first, and no other company's", async () => {
    const { records } = await exportCsv(company.id, { list: "rejections" });
    expect(externalIds(records)).toEqual(["e", "b"]);
  });

  it("applies status, q, from and to", async () => {
    const bySuccess = await exportCsv(company.id, { list: "sessions", filter: { status: "success" } });
    expect(externalIds(bySuccess.records)).toEqual(["a"]);
    const byName = await exportCsv(company.id, { list: "sessions", filter: { q: "BERIDZE" } });
    expect(externalIds(byName.records)).toEqual(["b", "a"]);
    const byDates = await exportCsv(company.id, {
      list: "sessions",
      filter: { from: "2024-01-02", to: "2024-01-03" },
    });
    expect(externalIds(byDates.records)).toEqual(["c", "b"]);
    const rejectedSince = await exportCsv(company.id, {
      list: "rejections",
      filter: { from: "2024-01-03T00:00:00Z" },
    });
    expect(externalIds(rejectedSince.records)).toEqual(["e"]);
    const none = await exportCsv(company.id, { list: "awaiting_action", filter: { to: "2023-12-31" } });
    expect(none.records).toEqual([]);
    expect(none.content).toBe(`\ufeff${exportHeader(["orderTotal", "channel"]).join(",")}\r\n`);
  });

  it("refuses a filter that contradicts its list, or a bad date, naming the field", async () => {
    await expect(
      createExport(verdict.ctx, company.id, actor, { list: "rejections", filter: { status: "success" } }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("body/filter/status") });
    await expect(
      createExport(verdict.ctx, company.id, actor, { list: "sessions", filter: { from: "yesterday" } }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("body/filter/from") });
  });

  it("guards against formula injection and quotes per RFC 4180", async () => {
    const { records, content } = await exportCsv(company.id, {
      list: "sessions",
      filter: { status: "pending" },
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      externalId: '\'-f,"quoted"',
      firstName: "'=cmd|' /C calc'!A0",
      lastName: 'O"Brien, Jr.\r\nthe 2nd',
      documentNumber: "'+1+2",
      personalNumber: "'@SUM(1)",
      "extra.orderTotal": "-3",
      "extra.channel": '\'\t=HYPERLINK("http://x")',
    });
    expect(content).toContain('"O""Brien, Jr.\r\nthe 2nd"');
    // no cell of the file starts a formula
    const cells = parse(content, { bom: true, relax_column_count: false }).flat() as string[];
    expect(cells.filter((cell) => /^[=+@\t\r]/.test(cell) || /^-[^0-9]/.test(cell))).toEqual([]);
  });

  it("shows liquidated sessions without personal data", async () => {
    const { records } = await exportCsv(company.id, { list: "rejections" });
    const liquidated = records.find((r) => r.id === ids.e)!;
    expect(liquidated.liquidatedAt).toBe("2024-01-05T10:00:00.000Z");
    expect(liquidated).toMatchObject({ decidedBy: "user", decidedById: "key-9", reasons: "PEP" });
    for (const column of [
      "firstName",
      "lastName",
      "documentNumber",
      "personalNumber",
      "birthDate",
      "ipAddress",
    ]) {
      expect(liquidated[column], column).toBe("");
    }
  });

  it("runs an export once: a repeated job leaves the finished file alone", async () => {
    const { id, content } = await exportCsv(company.id, { list: "rejections" });
    expect(await runExport(verdict.ctx, id)).toEqual({ ran: false });
    const again = await openExportFile(verdict.ctx, company.id, actor, id);
    expect(await text(again.stream)).toBe(content);
    expect(await getExport(verdict.ctx, company.id, id)).toMatchObject({ status: "completed", rows: 2 });
  });

  it("never leaves a half file when writing fails", async () => {
    const created = await createExport(verdict.ctx, company.id, actor, { list: "sessions" });
    const removed: string[] = [];
    let committed = false;
    const failing: FileStore = {
      location: "nowhere",
      async create() {
        const { Writable } = await import("node:stream");
        return {
          stream: new Writable({ write: (_chunk, _encoding, done) => done(new Error("disk on fire")) }),
          commit: async () => {
            committed = true;
          },
          abort: async () => {
            removed.push("aborted");
          },
        };
      },
      read: async () => undefined,
      remove: async () => {},
      removeAbandoned: async () => 0,
      close: async () => {},
    };
    await expect(runExport({ ...verdict.ctx, files: failing }, created.id)).rejects.toThrow("disk on fire");
    expect(committed).toBe(false);
    expect(removed).toEqual(["aborted"]);
  });
});

describe("limits and expiry", () => {
  it("runs at most three exports of a company at once, even when asked at once", async () => {
    const company = await createCompany(verdict.app, "Busy");
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => createExport(verdict.ctx, company.id, actor, { list: "sessions" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_ACTIVE_EXPORTS);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect(result.reason).toMatchObject({ statusCode: 429, code: "TOO_MANY_EXPORTS" });
    }
    // a finished one makes room
    const first = results.find((r) => r.status === "fulfilled")!.value;
    await runExport(verdict.ctx, first.id);
    await expect(createExport(verdict.ctx, company.id, actor, { list: "sessions" })).resolves.toMatchObject({
      status: "queued",
    });
  });

  it("deletes expired files and marks their exports expired", async () => {
    const company = await createCompany(verdict.app, "Expiry");
    await seed(company.id, [{ externalId: "x", status: "success", createdAt: "2024-01-01T00:00:00Z" }]);
    const kept = await exportCsv(company.id, { list: "sessions" });
    const old = await exportCsv(company.id, { list: "sessions" });
    const ttl = (await getExport(verdict.ctx, company.id, kept.id)).expiresAt!;
    expect(Date.parse(ttl) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await verdict.ctx.pool.query(
      "UPDATE exports SET expires_at = now() - interval '1 second' WHERE id = $1",
      [old.id],
    );
    await expect(openExportFile(verdict.ctx, company.id, actor, old.id)).rejects.toMatchObject({
      statusCode: 410,
    });
    expect(await expireExports(verdict.ctx)).toBe(1);
    expect(await getExport(verdict.ctx, company.id, old.id)).toMatchObject({ status: "expired" });
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(join(fileDirectory(verdict.config), "exports", company.id))).toEqual([
      `${kept.id}.csv`,
    ]);
    await expect(openExportFile(verdict.ctx, company.id, actor, old.id)).rejects.toMatchObject({
      statusCode: 410,
      code: "EXPORT_EXPIRED",
    });
    await expect(openExportFile(verdict.ctx, company.id, actor, kept.id)).resolves.toBeTruthy();
  });
});

describe("lost jobs", () => {
  it("queues an export again whose job is gone, and fails one whose job failed for good", async () => {
    const company = await createCompany(verdict.app, "Lost");
    await verdict.ctx.queues.exports.drain(); // earlier tests' jobs, never run here (no workers)
    // a job that failed for good, as one whose worker died too often does
    const dead = await createExport(verdict.ctx, company.id, actor, { list: "sessions" });
    const { options, backend } = queueConnection(verdict.ctx.broker, verdict.config.queuePrefix);
    const { broker } = verdict.ctx;
    const connection = broker.kind === "redis" ? broker.redis.duplicate() : undefined;
    const fetcher = new Worker(
      "exports",
      null,
      { ...options, ...(connection ? { connection } : {}) },
      backend as never,
    );
    const job = await fetcher.getNextJob("token");
    expect(job?.id).toBe(dead.id);
    await job!.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "token");
    await fetcher.close();
    await connection?.quit(); // a Worker leaves a connection it was given open
    // a job that vanished (a Redis flush)
    const lost = await createExport(verdict.ctx, company.id, actor, { list: "sessions" });
    await verdict.ctx.queues.exports.remove(lost.id);
    await verdict.ctx.pool.query(
      "UPDATE exports SET created_at = now() - interval '1 hour' WHERE company_id = $1",
      [company.id],
    );
    expect(await reconcileExports(verdict.ctx)).toBeGreaterThanOrEqual(1);
    expect(await verdict.ctx.queues.exports.getJobState(lost.id)).toBe("waiting");
    expect(await getExport(verdict.ctx, company.id, dead.id)).toMatchObject({
      status: "failed",
      error: "job stalled more than allowable limit",
    });
  });
});

describe("a large export", () => {
  it("streams 100,000 rows with bounded memory", async () => {
    const company = await createCompany(verdict.app, "Large");
    await verdict.ctx.pool.query(
      `INSERT INTO sessions (id, company_id, external_id, data, status, batch_id, created_at, outcome,
                             reasons, rule_set_version, decided_by_type, decided_at)
       SELECT gen_random_uuid(), $1, 'ext-' || i,
              jsonb_build_object('person', jsonb_build_object('firstName', 'First' || i, 'lastName', 'Last' || i,
                                 'documentNumber', 'DOC' || i), 'extra', jsonb_build_object('n', i)),
              'rejected', gen_random_uuid(), now() - i * interval '1 second', 'rejected',
              '["LIVENESS_FAILED"]', 1, 'engine', now()
         FROM generate_series(1, 100000) AS i`,
      [company.id],
    );
    const created = await createExport(verdict.ctx, company.id, actor, { list: "rejections" });
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const progress: number[] = [];
    try {
      await runExport(verdict.ctx, created.id, async (rows) => {
        progress.push(rows);
        peak = Math.max(peak, process.memoryUsage().rss);
      });
    } finally {
      clearInterval(sampler);
    }
    expect(peak - baseline).toBeLessThan(150 * 1024 * 1024);
    expect(progress.slice(0, 3)).toEqual([10_000, 20_000, 30_000]);
    expect(progress.at(-1)).toBe(100_000);
    expect(await getExport(verdict.ctx, company.id, created.id)).toMatchObject({
      status: "completed",
      rows: 100_000,
    });

    const file = await openExportFile(verdict.ctx, company.id, actor, created.id);
    const records: string[][] = parse(await text(file.stream), { bom: true });
    expect(records).toHaveLength(100_001);
    expect(records[1]![1]).toBe("ext-1"); // newest first
    expect(records.at(-1)![1]).toBe("ext-100000");
  });
});
