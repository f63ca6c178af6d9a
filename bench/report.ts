import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { CeilingResult } from "./ceiling.js";
import type { ConsoleResult } from "./console.js";
import type { EndToEndResult } from "./end-to-end.js";
import type { EvidenceResult } from "./evidence.js";
import type { FairnessResult, HostileNeighbourResult } from "./fairness.js";
import type { LatencyResult } from "./latency.js";
import type { ReadsResult } from "./reads.js";
import type { RulesResult } from "./rules.js";
import { formatMs, formatRate, RESULTS_DIR, table } from "./support.js";
import { type WebhooksResult, webhooksTable } from "./webhooks.js";

/** Reference figures for a 2-core machine of this kind, measured before Verdict existed. */
export const MACHINE = {
  ceilingEndToEnd: 7000,
  ceilingProcessingOnly: 14_000,
  jsonRulesEngine8Rules: 14_000,
  postgresMultiRowInserts: 35_000,
};

export const TARGETS = {
  endToEndRatio: 1.5,
  postgresEndToEndRatio: 1.0,
  steadyP99Ms: 250,
  quietP99Ms: 1000,
  rulesPerCore: 100_000,
  readsP99Ms: 20,
  nextP99Ms: 20,
  dashboardP99Ms: 200,
  evidenceRssGrowthMB: 100,
  simulationPerSecond: 100_000,
  simulationRssGrowthMB: 150,
  shadowRatio: 0.9,
  hostileP99Ratio: 2,
  consoleNavigationMs: 1000,
};

export interface BenchResults {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  knobs: Record<string, unknown>;
  /** The Verdict processes of the HTTP measurements. */
  processes: string[];
  rules?: RulesResult;
  /** The best of `ceilingRuns`: what end to end is held against. */
  ceiling?: CeilingResult;
  /** The ceiling before the Verdict processes start and again right after the end-to-end run. */
  ceilingRuns?: CeilingResult[];
  endToEnd?: EndToEndResult & { ratioToCeiling?: number };
  latency?: LatencyResult;
  fairness?: FairnessResult;
  hostile?: HostileNeighbourResult;
  reads?: ReadsResult;
  /** The console's Awaiting Action in Chromium, over the stored sessions. */
  console?: ConsoleResult;
  evidence?: EvidenceResult;
  webhooks?: WebhooksResult;
  /** The same end-to-end and steady-latency runs with the queues in Postgres (no REDIS_URL), and a bare start's time. */
  postgres?: PostgresModeResult;
  /** Average cores each process used during each measurement. */
  coresUsed: Record<string, Record<string, number>>;
  /** CPU µs each process spent per session (ceiling: per job) during the ceiling and end-to-end steps. */
  cpuMicrosPerSession: Record<string, Record<string, number>>;
  /** What the Verdict children logged (LOG_LEVEL=warn). */
  logs: { file: string; lines: number; errors: number }[];
  summary: SummaryRow[];
}

export interface PostgresModeResult {
  /** From spawning `verdict start` with neither DATABASE_URL nor REDIS_URL to `/readyz` 200: a first start (initdb), then a second. */
  coldStartMs: number;
  warmStartMs: number;
  endToEnd?: EndToEndResult & { ratioToCeiling?: number };
  latency?: LatencyResult;
}

export interface SummaryRow {
  measure: string;
  value: string;
  target: string;
  machine: string;
  met: string;
}

const yesNo = (met: boolean) => (met ? "yes" : "**no**");
const count = (n: number) => n.toLocaleString("en-US");

export function machineInfo() {
  return { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length };
}

export function summarize(results: BenchResults): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const {
    ceiling,
    ceilingRuns = [],
    endToEnd,
    latency,
    fairness,
    hostile,
    rules,
    reads,
    evidence,
    webhooks,
    postgres,
  } = results;
  if (ceiling) {
    const runs =
      ceilingRuns.length > 1
        ? ` (best of ${ceilingRuns.map((r) => formatRate(r.jobsPerSecond)).join(", ")})`
        : "";
    rows.push({
      measure: `Ceiling: raw BullMQ, 1 no-op job a session (${count(ceiling.jobs)}, concurrency ${ceiling.concurrency})`,
      value: `${formatRate(ceiling.jobsPerSecond)}${runs}`,
      target: "—",
      machine: `~${formatRate(MACHINE.ceilingEndToEnd)}`,
      met: "—",
    });
  }
  if (endToEnd) {
    const ratio = endToEnd.ratioToCeiling;
    rows.push({
      measure: `Verdict end to end (${count(endToEnd.sessions)} over /v1/sessions/batch, ${endToEnd.processes.length} processes${endToEnd.warmupSessionsPerSecond === undefined ? "" : ", after a warm-up pass"})`,
      value: `${formatRate(endToEnd.sessionsPerSecond)}${ratio === undefined ? "" : ` = ${ratio.toFixed(2)}× ceiling`}`,
      target: `≥ ${TARGETS.endToEndRatio}× ceiling${ceiling ? ` (${formatRate(ceiling.jobsPerSecond * TARGETS.endToEndRatio)})` : ""}`,
      machine: `~${formatRate(MACHINE.ceilingEndToEnd)} (ceiling)`,
      met: ratio === undefined ? "—" : yesNo(ratio >= TARGETS.endToEndRatio),
    });
  }
  if (endToEnd?.shadowSessionsPerSecond !== undefined) {
    const ratio = endToEnd.shadowSessionsPerSecond / endToEnd.sessionsPerSecond;
    rows.push({
      measure: "Verdict end to end with a shadow set active, over without",
      value: `${formatRate(endToEnd.shadowSessionsPerSecond)} = ${ratio.toFixed(2)}× (${formatRate(endToEnd.sessionsPerSecond)})`,
      target: `≥ ${TARGETS.shadowRatio}×`,
      machine: "—",
      met: yesNo(ratio >= TARGETS.shadowRatio),
    });
  }
  if (latency) {
    const load = `at ${count(latency.rate)}/s single sessions (after ${latency.warmupSeconds ?? 0} s warm-up)`;
    rows.push({
      measure: `Decision latency ${load}, p50`,
      value: formatMs(latency.decision.p50),
      target: "—",
      machine: "—",
      met: "—",
    });
    rows.push({
      measure: `Decision latency ${load}, p99`,
      value: formatMs(latency.decision.p99),
      target: `≤ ${TARGETS.steadyP99Ms} ms`,
      machine: "—",
      met: yesNo(latency.decision.p99 <= TARGETS.steadyP99Ms && latency.accepted === latency.sent),
    });
    rows.push({
      measure: `POST /v1/sessions round trip ${load}, p99`,
      value: formatMs(latency.http.p99),
      target: "—",
      machine: "—",
      met: "—",
    });
  }
  if (postgres?.endToEnd) {
    const e2e = postgres.endToEnd;
    const ratio = e2e.ratioToCeiling;
    rows.push({
      measure: `Queues in Postgres: end to end (${count(e2e.sessions)} over /v1/sessions/batch, ${e2e.processes.length} processes)`,
      value: `${formatRate(e2e.sessionsPerSecond)}${ratio === undefined ? "" : ` = ${ratio.toFixed(2)}× the Redis ceiling`}`,
      target: `≥ ${TARGETS.postgresEndToEndRatio}× the Redis ceiling`,
      machine: "—",
      met: ratio === undefined ? "—" : yesNo(ratio >= TARGETS.postgresEndToEndRatio),
    });
  }
  if (postgres?.latency) {
    const l = postgres.latency;
    rows.push({
      measure: `Queues in Postgres: decision latency at ${count(l.rate)}/s single sessions, p99`,
      value: formatMs(l.decision.p99),
      target: `≤ ${TARGETS.steadyP99Ms} ms`,
      machine: "—",
      met: yesNo(l.decision.p99 <= TARGETS.steadyP99Ms && l.accepted === l.sent),
    });
  }
  if (postgres) {
    rows.push({
      measure:
        "Bare start (embedded Postgres, queues in it): `verdict start` → /readyz 200, first start / next start",
      value: `${formatMs(postgres.coldStartMs)} / ${formatMs(postgres.warmStartMs)}`,
      target: "printed",
      machine: "—",
      met: "—",
    });
  }
  if (fairness) {
    rows.push({
      measure: `Quiet company's p99 during a ${count(fairness.floodSessions)} flood (${fairness.quietRate}/s singles)`,
      value: formatMs(fairness.quietDecision.p99),
      target: `≤ ${formatMs(TARGETS.quietP99Ms)}`,
      machine: "—",
      met: yesNo(
        fairness.quietDecision.p99 <= TARGETS.quietP99Ms && fairness.quietAccepted === fairness.quietSent,
      ),
    });
  }
  if (hostile) {
    rows.push({
      measure: `Neighbour's p99 during a flood at the limits, over its p99 alone (${hostile.quietRate}/s singles)`,
      value: `${hostile.p99Ratio.toFixed(2)}× (${formatMs(hostile.quietDuringFlood.p99)} / ${formatMs(hostile.quietAlone.p99)})`,
      target: `≤ ${TARGETS.hostileP99Ratio}×`,
      machine: "—",
      met: yesNo(hostile.p99Ratio <= TARGETS.hostileP99Ratio),
    });
  }
  if (rules) {
    // the target is the evaluator deciding uses; the others are shown for comparison
    const anyUsed = rules.rows.some((row) => row.usedByDeciding);
    for (const row of rules.rows) {
      const isDefault = row.ruleSet === "default";
      const judged = isDefault && (row.usedByDeciding || !anyUsed);
      rows.push({
        measure: `Rules, ${isDefault ? "default" : "generated"} set (${row.rules} rules), ${row.evaluator}${row.usedByDeciding ? " (deciding uses it)" : ""}, 1 core`,
        value: `${formatRate(row.evaluationsPerSecond)}${row.mismatches ? ` (${row.mismatches} differ)` : ""}`,
        target: judged ? `≥ ${formatRate(TARGETS.rulesPerCore)}` : "—",
        machine:
          row.evaluator === "createEvaluator" && isDefault
            ? `~${formatRate(MACHINE.jsonRulesEngine8Rules)} (8 rules)`
            : "—",
        met: judged ? yesNo(row.evaluationsPerSecond >= TARGETS.rulesPerCore && row.mismatches === 0) : "—",
      });
    }
  }
  if (webhooks) {
    rows.push({
      measure: `Webhooks of one company at its limit of ${webhooks.limit}, endpoint answering in ${webhooks.endpointLatencyMs} ms, ${webhooks.workerSlots} worker slots`,
      value: `${Math.round(webhooks.perMinute)}/min = ${webhooks.ratio.toFixed(2)}× ideal (${Math.round(webhooks.idealPerMinute)}/min)`,
      target: "—",
      machine: "—",
      met: "—",
    });
  }
  if (reads) {
    for (const [name, d] of [
      ["/v1/awaiting-action first page", reads.firstPage],
      ["/v1/awaiting-action/count", reads.count],
    ] as const) {
      rows.push({
        measure: `${name} p99, ${count(reads.stored)} stored`,
        value: formatMs(d.p99),
        target: `≤ ${TARGETS.readsP99Ms} ms`,
        machine: "—",
        met: yesNo(d.p99 <= TARGETS.readsP99Ms),
      });
    }
    rows.push(
      {
        measure: `POST /v1/awaiting-action/next p99, ${reads.reviewers} reviewers at once, ${count(reads.awaiting)} parked`,
        value: `${formatMs(reads.next.p99)}, ${reads.handedTwice} handed twice`,
        target: `≤ ${TARGETS.nextP99Ms} ms, none twice`,
        machine: "—",
        met: yesNo(reads.next.p99 <= TARGETS.nextP99Ms && reads.handedTwice === 0),
      },
      {
        measure: `/v1/dashboard p99 with reviewers, ${count(reads.stored)} stored, ${count(reads.resolutions)} resolutions`,
        value: formatMs(reads.dashboard.p99),
        target: `≤ ${TARGETS.dashboardP99Ms} ms`,
        machine: "—",
        met: yesNo(reads.dashboard.p99 <= TARGETS.dashboardP99Ms),
      },
      {
        measure: `Simulation of a draft over ${count(reads.simulation.sessions)} stored sessions, beside plain reading of the same rows`,
        value: `${formatRate(reads.simulation.sessionsPerSecond)} = ${(reads.simulation.sessionsPerSecond / reads.simulation.plainReadPerSecond).toFixed(2)}× reading (${formatRate(reads.simulation.plainReadPerSecond)})`,
        target: `≥ ${formatRate(TARGETS.simulationPerSecond)}`,
        machine: "—",
        met: yesNo(reads.simulation.sessionsPerSecond >= TARGETS.simulationPerSecond),
      },
      {
        measure: "RSS growth of the Verdict process running the simulation",
        value: `${Math.round(reads.simulation.rssGrowthMB)} MB`,
        target: `< ${TARGETS.simulationRssGrowthMB} MB`,
        machine: "—",
        met: yesNo(reads.simulation.rssGrowthMB < TARGETS.simulationRssGrowthMB),
      },
    );
  }
  if (results.console) {
    const c = results.console;
    rows.push({
      measure: `Console: Awaiting Action from navigation to the list shown, in Chromium, ${count(c.stored)} stored`,
      value: `p50 ${formatMs(c.navigation.p50)}, max ${formatMs(c.navigation.max)} (first ${formatMs(c.firstMs)})`,
      target: `≤ ${formatMs(TARGETS.consoleNavigationMs)}`,
      machine: "—",
      met: yesNo(Math.max(c.firstMs, c.navigation.max) <= TARGETS.consoleNavigationMs),
    });
  }
  if (evidence) {
    rows.push(
      {
        measure: `Uploads of a ${mib(evidence.uploadBytes)} image, ${evidence.inFlight} in flight`,
        value: `${evidence.uploadsPerSecond.toFixed(1)}/s = ${Math.round(evidence.uploadMiBPerSecond)} MiB/s, p99 ${formatMs(evidence.upload.p99)}`,
        target: "—",
        machine: "—",
        met: "—",
      },
      {
        measure: `API process's RSS growth during ${evidence.bigUploads} uploads of ${mib(evidence.bigUploadBytes)} at once`,
        value: `${Math.round(evidence.rssGrowthMB)} MB`,
        target: `< ${TARGETS.evidenceRssGrowthMB} MB`,
        machine: "—",
        met: yesNo(evidence.rssGrowthMB < TARGETS.evidenceRssGrowthMB),
      },
      {
        measure: `Serving a ${mib(evidence.uploadBytes)} image, ${evidence.inFlight} in flight`,
        value: `p99 ${formatMs(evidence.serve.p99)} (${Math.round(evidence.serveMiBPerSecond)} MiB/s)`,
        target: "—",
        machine: "—",
        met: "—",
      },
    );
  }
  return rows;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

export function summaryTable(rows: readonly SummaryRow[]): string {
  return table(
    ["measure", "value", "target", "machine's figure", "met?"],
    rows.map((r) => [r.measure, r.value, r.target, r.machine, r.met]),
  );
}

const distributionRow = (label: string, d: { count: number; p50: number; p99: number; max: number }) => [
  label,
  count(d.count),
  formatMs(d.p50),
  formatMs(d.p99),
  formatMs(d.max),
];

/** The detailed table of each measurement, as printed after it ran. */
export const detail = {
  webhooks: webhooksTable,
  rules: (r: RulesResult) =>
    table(
      ["rule set", "rules", "evaluator", "evaluations/s (1 core)", "differ from createEvaluator"],
      [
        ...r.rows.map((row) => [
          row.ruleSet,
          String(row.rules),
          `${row.evaluator}${row.usedByDeciding ? " (deciding)" : ""}`,
          formatRate(row.evaluationsPerSecond),
          String(row.mismatches),
        ]),
        ["(deriveFacts alone)", "—", "—", formatRate(r.factsPerSecond), "—"],
        ...r.skipped.map((s) => ["—", "—", s.name, `skipped: ${s.reason}`, "—"]),
      ],
    ),
  ceiling: (runs: readonly CeilingResult[]) =>
    table(
      ["run", "jobs", "worker concurrency", "seconds", "jobs/s"],
      runs.map((r, i) => [
        i === 0 ? "before Verdict starts" : "after the end-to-end run",
        count(r.jobs),
        String(r.concurrency),
        r.seconds.toFixed(2),
        formatRate(r.jobsPerSecond),
      ]),
    ),
  endToEnd: (r: EndToEndResult & { ratioToCeiling?: number }) =>
    table(
      [
        "sessions",
        "requests × 1000",
        "in flight",
        "processes",
        "all accepted",
        "all decided",
        "sessions/s",
        "× ceiling",
        "warm-up pass (not held against the ceiling)",
      ],
      [
        [
          count(r.sessions),
          String(r.requests),
          String(r.parallel),
          r.processes.join(" + "),
          `${r.submitSeconds.toFixed(2)} s`,
          `${r.seconds.toFixed(2)} s`,
          formatRate(r.sessionsPerSecond),
          r.ratioToCeiling === undefined ? "—" : r.ratioToCeiling.toFixed(2),
          r.warmupSessionsPerSecond === undefined ? "none" : formatRate(r.warmupSessionsPerSecond),
        ],
      ],
    ),
  latency: (r: LatencyResult) =>
    [
      `${count(r.sent)} sent in ${r.seconds.toFixed(2)} s, ${count(r.accepted)} accepted${failures(r.failures)}; the schedule fell behind by ${formatMs(r.maxScheduleLagMs)} at worst; after ${r.warmupSeconds ?? 0} s of the same load, not measured`,
      table(
        ["", "n", "p50", "p99", "max"],
        [
          distributionRow("decision (decided_at - created_at)", r.decision),
          distributionRow("POST /v1/sessions round trip", r.http),
        ],
      ),
    ].join("\n"),
  fairness: (r: FairnessResult) =>
    [
      `flood of ${count(r.floodSessions)} decided in ${r.floodSeconds.toFixed(2)} s (${formatRate(r.floodSessionsPerSecond)}); the quiet company sent ${count(r.quietSent)}, ${count(r.quietAccepted)} accepted${failures(r.quietFailures)}`,
      table(
        ["quiet company", "n", "p50", "p99", "max"],
        [
          distributionRow("decision (decided_at - created_at)", r.quietDecision),
          distributionRow("POST /v1/sessions round trip", r.quietHttp),
        ],
      ),
    ].join("\n"),
  hostile: (r: HostileNeighbourResult) =>
    [
      `company A's ${count(r.hostileSessions)} sessions at the data limits, under a condition set at the limits, decided in ${r.hostileSeconds.toFixed(1)} s; company B's p99 during it is ${r.p99Ratio.toFixed(2)}x its p99 alone (target at most 2x)${failures(r.quietFailures)}`,
      table(
        [`company B, ${r.quietRate}/s singles`, "n", "p50", "p99", "max"],
        [
          distributionRow("decision, alone", r.quietAlone),
          distributionRow("decision, during A's flood", r.quietDuringFlood),
        ],
      ),
    ].join("\n"),
  evidence: (r: EvidenceResult) =>
    [
      `${count(r.uploads)} uploads of ${mib(r.uploadBytes)} in ${r.uploadSeconds.toFixed(1)} s (${r.uploadsPerSecond.toFixed(1)}/s, ${Math.round(r.uploadMiBPerSecond)} MiB/s); during ${r.bigUploads} uploads of ${mib(r.bigUploadBytes)} at once the API process's RSS went from ${Math.round(r.rssBeforeMB)} MB to at most ${Math.round(r.rssPeakMB)} MB (+${Math.round(r.rssGrowthMB)} MB, target < ${TARGETS.evidenceRssGrowthMB} MB); ${count(r.serves)} reads at ${Math.round(r.serveMiBPerSecond)} MiB/s`,
      table(
        [`${mib(r.uploadBytes)} image`, "n", "p50", "p99", "max"],
        [distributionRow("PUT …/media/selfie", r.upload), distributionRow("GET …/media/selfie", r.serve)],
      ),
    ].join("\n"),
  console: (r: ConsoleResult) =>
    [
      `${count(r.stored)} sessions stored (${count(r.awaiting)} awaiting action) in ${r.loadSeconds.toFixed(1)} s incl. VACUUM ANALYZE; each navigation in a fresh browser context`,
      table(
        ["page.goto → first row visible", "n", "p50", "p99", "max"],
        [
          ["first navigation", "1", formatMs(r.firstMs), formatMs(r.firstMs), formatMs(r.firstMs)],
          distributionRow("the navigations after it", r.navigation),
        ],
      ),
    ].join("\n"),
  reads: (r: ReadsResult) =>
    [
      `${count(r.stored)} sessions stored (${count(r.awaiting)} awaiting action) in ${r.loadSeconds.toFixed(1)} s incl. VACUUM ANALYZE`,
      table(
        ["GET", "n", "p50", "p99", "max"],
        [
          distributionRow("/v1/awaiting-action", r.firstPage),
          distributionRow("/v1/awaiting-action/count", r.count),
          distributionRow("/v1/dashboard (with reviewers)", r.dashboard),
          distributionRow(`POST /v1/awaiting-action/next (${r.reviewers} at once)`, r.next),
        ],
      ),
      `simulation of the live set plus one rule: ${count(r.simulation.sessions)} sessions in ${r.simulation.seconds.toFixed(2)} s (${formatRate(r.simulation.sessionsPerSecond)}, ${count(r.simulation.changed)} would change); plain reading of the same rows ${r.simulation.plainReadSeconds.toFixed(2)} s (${formatRate(r.simulation.plainReadPerSecond)}); RSS +${Math.round(r.simulation.rssGrowthMB)} MB`,
    ].join("\n"),
};

function failures(byStatus: Record<string, number>): string {
  const entries = Object.entries(byStatus);
  return entries.length === 0
    ? ""
    : `, refused: ${entries.map(([status, n]) => `${n}× ${status}`).join(", ")}`;
}

/** The summary as markdown, with when and where it was measured. */
export function summaryMarkdown(results: BenchResults): string {
  const date = results.date.slice(0, 10);
  return [
    `Measured ${date} on ${results.cpu} (${results.cores} cores), Node ${results.node}; Verdict processes: ${results.processes.join(" + ") || "none"}.`,
    "",
    summaryTable(results.summary),
    "",
  ].join("\n");
}

/** Writes `<name>.json` and `<name>.md` into bench/results; answers their paths. */
export function writeResults(results: BenchResults, name: string): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = join(RESULTS_DIR, `${name}.json`);
  const md = join(RESULTS_DIR, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, summaryMarkdown(results));
  return [json, md];
}
