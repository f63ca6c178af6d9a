/**
 * `npm run bench:export`: one company's sessions exported as CSV, the way the `exports` worker
 * does it (`runExport`: a cursor, csv-stringify, the file store), against the naive way (one
 * `SELECT *`, every row in memory, `stringify` at once). Each runs in a child process of its own,
 * sampling its RSS every 50 ms; the table shows rows a second and the peak RSS growth.
 *
 * BENCH_ROWS (default 1,000,000) sets how many sessions are loaded; BENCH_KEEP=1 keeps the
 * database afterwards.
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "csv-stringify/sync";
import type pg from "pg";
import { pino } from "pino";
import { CSV_OPTIONS, exportHeader, toCsvRecord } from "../engine/exports/csv.js";
import { runExport } from "../engine/exports/exports.js";
import { DEFAULT_SETTINGS, type SessionStatus } from "../engine/kernel/model.js";
import { loadConfig } from "../engine/platform/config.js";
import { createPool } from "../engine/platform/db.js";
import { ensureDatabase, migrate } from "../engine/platform/migrate.js";
import { openFileStore } from "../engine/platform/open-file-store.js";
import { insertCompany } from "../engine/sql/companies.js";
import { insertExport } from "../engine/sql/exports.js";
import type { SessionData } from "../rules/index.js";
import { progress, RESULTS_DIR, round, table, withAdminClient } from "./support.js";

const DATABASE = "verdict_bench_export";
const PG_URL = (process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
const DATABASE_URL = `${PG_URL}/${DATABASE}`;
const EXPORT_DIR = join(RESULTS_DIR, "export-files");
const EXTRA_FIELDS = ["orderTotal", "channel"];
const LOAD_CHUNK = 100_000;
const SAMPLE_MS = 50;

type Mode = "stream" | "naive";

interface Measured {
  mode: Mode;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakRssGrowthMb: number;
  fileMb: number;
  /** CPU seconds (user + system) the exporting process used. */
  cpuSeconds: number;
  /** Cores the whole machine kept busy meanwhile (Postgres and anyone else included; Linux only). */
  machineCores?: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

// ---------------------------------------------------------------- loading

/**
 * Inserts `count` sessions of one company, set-based: a spread of statuses (70% success, 15%
 * rejected, 10% awaiting action, 5% pending), names, numbers, extra fields, and one final
 * session in twenty liquidated, created over the last year.
 */
async function load(pool: pg.Pool, companyId: string, count: number): Promise<void> {
  for (let first = 1; first <= count; first += LOAD_CHUNK) {
    const last = Math.min(count, first + LOAD_CHUNK - 1);
    await pool.query(
      `INSERT INTO sessions (id, company_id, external_id, data, data_hash, status, batch_id, created_at,
                             outcome, reasons, rule_set_version, decided_by_type, decided_by_id, decided_at,
                             liquidated_at)
       SELECT id, $1, ext, CASE WHEN liquidated THEN NULL ELSE data END,
              CASE WHEN liquidated THEN NULL ELSE md5(ext) END,
              status, id, created_at,
              CASE WHEN status <> 'pending' THEN status END,
              CASE status WHEN 'pending' THEN NULL WHEN 'success' THEN '[]'::jsonb
                          WHEN 'awaiting_action' THEN '["FACE_MATCH_LOW"]'
                          ELSE (ARRAY['["LIVENESS_FAILED"]', '["DOCUMENT_EXPIRED", "UNDERAGE"]', '["PEP"]'])[1 + i % 3]::jsonb END,
              CASE WHEN status <> 'pending' THEN 1 END,
              CASE WHEN status = 'pending' THEN NULL WHEN status = 'rejected' AND i % 3 = 2 THEN 'user' ELSE 'engine' END,
              CASE WHEN status = 'rejected' AND i % 3 = 2 THEN 'key-' || (i % 7) END,
              CASE WHEN status <> 'pending' THEN created_at + interval '2 seconds' END,
              CASE WHEN liquidated THEN created_at + interval '90 days' END
         FROM (
           SELECT i, gen_random_uuid() AS id, 'order-' || i AS ext,
                  date_trunc('milliseconds', now() - i * (interval '1 year' / $4)) AS created_at,
                  (ARRAY['Nino', 'Giorgi', 'Ana', 'Luka', 'Mariam', 'Davit', 'Elene', 'Sandro', 'Tamar'])[1 + i % 9] AS first_name,
                  (ARRAY['Beridze', 'Kapanadze', 'Maisuradze', 'Gelashvili', 'Lomidze', 'Tsiklauri', 'O''Brien, Jr.'])[1 + i % 7] AS last_name,
                  lpad((i % 100) || 'AB' || (i::bigint * 7919 % 100000), 9, '1') AS doc,
                  lpad((i::bigint * 104729 % 100000000000)::text, 11, '0') AS pn,
                  CASE WHEN i % 100 < 70 THEN 'success' WHEN i % 100 < 85 THEN 'rejected'
                       WHEN i % 100 < 95 THEN 'awaiting_action' ELSE 'pending' END AS status,
                  i % 100 < 85 AND i % 20 = 3 AS liquidated
             FROM generate_series($2::int, $3::int) AS i
         ) g,
         LATERAL (SELECT jsonb_build_object(
           'documentType', 'PASSPORT',
           'liveness', jsonb_build_object('passed', true, 'score', 0.97),
           'faceMatch', jsonb_build_object('matchLevel', 5, 'confidence', 91),
           'document', jsonb_build_object('valid', true, 'mrzValid', true, 'expiryDate', '2031-04-01'),
           'person', jsonb_build_object('firstName', first_name, 'lastName', last_name,
                                        'birthDate', to_char(date '1950-01-01' + i % 20000, 'YYYY-MM-DD'),
                                        'nationality', 'GE', 'documentNumber', doc, 'personalNumber', pn),
           'ip', jsonb_build_object('address', '203.0.113.' || i % 255, 'country', 'GE'),
           'extra', jsonb_build_object('orderTotal', (i % 50000) / 100.0,
                                       'channel', (ARRAY['web', 'ios', 'android', '=HYPERLINK("x")'])[1 + i % 4])
         ) AS data) d`,
      [companyId, first, last, count],
    );
    progress(`loaded ${last.toLocaleString("en-US")} of ${count.toLocaleString("en-US")} sessions`);
  }
  await pool.query("ANALYZE sessions");
}

// ---------------------------------------------------------------- the two ways, each in a child

/** Busy CPU seconds of the whole machine so far, from /proc/stat; undefined off Linux. */
function machineBusySeconds(): number | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

/** Samples this process's RSS every 50 ms around `work`; answers its result with the numbers. */
async function measure(mode: Mode, work: () => Promise<{ rows: number; file: string }>): Promise<Measured> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const busyBefore = machineBusySeconds();
  let result: { rows: number; file: string };
  try {
    result = await work();
  } finally {
    clearInterval(sampler);
    sample();
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const busyAfter = machineBusySeconds();
  return {
    mode,
    rows: result.rows,
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(result.rows / seconds),
    baselineRssMb: round(mb(baseline)),
    peakRssMb: round(mb(peak)),
    peakRssGrowthMb: round(mb(peak - baseline)),
    fileMb: round(mb(statSync(result.file).size)),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
    ...(busyBefore !== undefined && busyAfter !== undefined
      ? { machineCores: round((busyAfter - busyBefore) / seconds, 2) }
      : {}),
  };
}

/** The worker's way: the very function the `exports` processor runs. */
async function streamed(exportId: string): Promise<Measured> {
  const config = loadConfig({ DATABASE_URL, VERDICT_FILE_STORE: EXPORT_DIR });
  const pool = createPool(DATABASE_URL, 4);
  await pool.query("SELECT 1"); // connect before the baseline
  try {
    return await measure("stream", async () => {
      const run = await runExport(
        { pool, config, files: await openFileStore(config), logger: pino({ level: "warn" }) },
        exportId,
      );
      if (!run.ran) throw new Error("the export did not run");
      const { rows } = await pool.query<{ companyId: string }>(
        `SELECT company_id AS "companyId" FROM exports WHERE id = $1`,
        [exportId],
      );
      return { rows: run.rows, file: join(EXPORT_DIR, "exports", rows[0]!.companyId, `${exportId}.csv`) };
    });
  } finally {
    await pool.end();
  }
}

interface NaiveRow {
  id: string;
  external_id: string;
  status: SessionStatus;
  data: SessionData | null;
  created_at: Date;
  decided_at: Date | null;
  reasons: string[] | null;
  decided_by_type: string | null;
  decided_by_id: string | null;
  rule_set_version: number | null;
  liquidated_at: Date | null;
  attempt: number;
  decided_by_name: string | null;
}

/** The naive way: every row in memory, then the whole CSV as one string, then one write. */
async function naive(companyId: string): Promise<Measured> {
  const pool = createPool(DATABASE_URL, 1);
  await pool.query("SELECT 1");
  const file = join(EXPORT_DIR, "naive.csv");
  try {
    return await measure("naive", async () => {
      const { rows } = await pool.query<NaiveRow>(
        "SELECT * FROM sessions WHERE company_id = $1 ORDER BY created_at DESC, id DESC",
        [companyId],
      );
      const records = rows.map((row) =>
        toCsvRecord(
          {
            id: row.id,
            externalId: row.external_id,
            status: row.status,
            attempt: row.attempt,
            createdAt: row.created_at.toISOString(),
            decidedAt: row.decided_at?.toISOString() ?? null,
            reasons: row.reasons?.join(";") ?? null,
            decidedBy: row.decided_by_type,
            decidedById: row.decided_by_id,
            decidedByName: row.decided_by_name,
            ruleSetVersion: row.rule_set_version,
            overdue: false,
            liquidatedAt: row.liquidated_at?.toISOString() ?? null,
            documentType: row.data?.documentType ?? null,
            firstName: row.data?.person?.firstName ?? null,
            lastName: row.data?.person?.lastName ?? null,
            birthDate: row.data?.person?.birthDate ?? null,
            nationality: row.data?.person?.nationality ?? null,
            documentNumber: row.data?.person?.documentNumber ?? null,
            personalNumber: row.data?.person?.personalNumber ?? null,
            ipAddress: row.data?.ip?.address ?? null,
            ipCountry: row.data?.ip?.country ?? null,
            extra: row.data?.extra ?? null,
          },
          EXTRA_FIELDS,
        ),
      );
      await writeFile(
        file,
        stringify(records, { ...CSV_OPTIONS, header: true, columns: exportHeader(EXTRA_FIELDS) }),
      );
      return { rows: records.length, file };
    });
  } finally {
    await pool.end();
  }
}

/** Runs one way in a child process of its own (a clean heap and RSS); answers its numbers. */
function inChild(mode: Mode, arg: string, heapMb: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["child", mode, arg], {
      execArgv: [...process.execArgv, "--expose-gc", `--max-old-space-size=${heapMb}`],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: Measured | undefined;
    child.on("message", (message) => {
      result = message as Measured;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (result) resolve(result);
      else
        reject(new Error(`the ${mode} child exited with ${signal ?? code} and no result (out of memory?)`));
    });
  });
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const count = Number((process.env.BENCH_ROWS ?? "1000000").replaceAll("_", ""));
  if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_ROWS must be a positive integer`);

  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`));
  await ensureDatabase(DATABASE_URL);
  const pool = createPool(DATABASE_URL, 2);
  rmSync(EXPORT_DIR, { recursive: true, force: true });
  mkdirSync(EXPORT_DIR, { recursive: true });
  try {
    await migrate(pool);
    const companyId = randomUUID();
    await insertCompany(pool, companyId, "Bench exports", {
      ...DEFAULT_SETTINGS,
      extraFields: [
        { name: "orderTotal", type: "number", required: false },
        { name: "channel", type: "string", required: false },
      ],
    });
    const loadStart = performance.now();
    await load(pool, companyId, count);
    progress(`loaded in ${round((performance.now() - loadStart) / 1000)} s`);

    const exportId = randomUUID();
    await insertExport(pool, {
      id: exportId,
      companyId,
      list: "sessions",
      filter: {},
      createdBy: { type: "system", id: "bench" },
    });
    progress("exporting the worker's way (cursor → csv-stringify → file store)");
    const stream = await inChild("stream", exportId, 4096);
    progress("exporting the naive way (SELECT * → stringify in memory)");
    const naiveRun = await inChild("naive", companyId, 16384).catch((error: Error) => error);

    const rowsOf = (m: Measured) => [
      m.rows.toLocaleString("en-US"),
      m.seconds.toFixed(2),
      m.rowsPerSecond.toLocaleString("en-US"),
      `${m.peakRssGrowthMb} MB`,
      `${m.peakRssMb} MB`,
      `${m.fileMb} MB`,
      m.cpuSeconds.toFixed(2),
      Math.round(m.rows / m.cpuSeconds).toLocaleString("en-US"),
      m.machineCores === undefined ? "n/a" : m.machineCores.toFixed(2),
    ];
    const headers = [
      "way",
      "rows",
      "seconds",
      "rows/s",
      "peak RSS growth",
      "peak RSS",
      "file",
      "CPU s",
      "rows/CPU s",
      "machine cores busy",
    ];
    const lines = [
      ["worker (stream)", ...rowsOf(stream)],
      naiveRun instanceof Error
        ? ["naive (in memory)", "failed", "", "", "", "", naiveRun.message, "", "", ""]
        : ["naive (in memory)", ...rowsOf(naiveRun)],
    ];
    const report = table(headers, lines);
    process.stdout.write(`\n${report}\n\n`);
    const targets = {
      rowsPerSecond: stream.rowsPerSecond >= 100_000,
      rssGrowthUnder150Mb: stream.peakRssGrowthMb < 150,
    };
    process.stdout.write(
      `targets: ≥ 100,000 rows/s ${targets.rowsPerSecond ? "met" : "MISSED"}; RSS growth < 150 MB ${targets.rssGrowthUnder150Mb ? "met" : "MISSED"}\n`,
    );
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(RESULTS_DIR, "export.json"),
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          sessions: count,
          node: process.version,
          stream,
          naive: naiveRun instanceof Error ? { error: naiveRun.message } : naiveRun,
          targets,
        },
        null,
        2,
      )}\n`,
    );
    progress(`written to ${join(RESULTS_DIR, "export.json")}`);
  } finally {
    await pool.end();
    rmSync(EXPORT_DIR, { recursive: true, force: true });
    if (process.env.BENCH_KEEP) progress(`kept the database ${DATABASE} (BENCH_KEEP)`);
    else
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`));
  }
}

async function child(mode: Mode, arg: string): Promise<void> {
  const result = mode === "stream" ? await streamed(arg) : await naive(arg);
  // the IPC channel would keep this child alive: close it once the result is sent
  process.send?.(result, () => process.disconnect?.());
}

const [role, mode, arg] = process.argv.slice(2);
const run = role === "child" ? child(mode as Mode, arg!) : main();
run.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
