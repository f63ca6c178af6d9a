import type pg from "pg";
import { FIRST_NAMES, LAST_NAMES } from "./payloads.js";
import { measureSimulation, type SimulationBenchResult } from "./simulation.js";
import {
  createCompany,
  type Distribution,
  distribution,
  formatMs,
  type HttpClient,
  progress,
} from "./support.js";

export interface ReadsResult {
  stored: number;
  awaiting: number;
  loadSeconds: number;
  requests: number;
  firstPage: Distribution;
  count: Distribution;
  /** Resolutions by people in the history the dashboard's `reviewers` reads. */
  resolutions: number;
  dashboard: Distribution;
  /** `POST /v1/awaiting-action/next` by `reviewers` at once, `next` requests each. */
  reviewers: number;
  next: Distribution;
  /** Sessions `next` handed to more than one reviewer (must be 0). */
  handedTwice: number;
  /** A simulation of a draft over the stored sessions. */
  simulation: SimulationBenchResult;
}

const REVIEWERS = 20;
const NEXT_EACH = 50;
const RESOLUTIONS = 50_000;

/**
 * The history of people's resolutions the dashboard reads: `$2` of the company's decided sessions,
 * each resolved in the last 30 days by one of ten reviewers, with a handling time.
 */
const RESOLUTIONS_SQL = `
INSERT INTO session_events (session_id, company_id, at, type, actor_type, actor_id, actor_name, details)
SELECT id, $1, now() - make_interval(secs => (n % 2592000)::float8), 'resolved', 'user',
       'bench-reviewer-' || (n % 10), 'Reviewer ' || (n % 10) || ' (agent key)',
       jsonb_build_object('outcome', CASE WHEN n % 3 = 0 THEN 'rejected' ELSE 'success' END,
                          'reasons', '[]'::jsonb, 'handlingMs', 1000 + (n * 7919) % 600000)
  FROM (SELECT id, row_number() OVER () AS n FROM sessions
         WHERE company_id = $1 AND status <> 'awaiting_action' LIMIT $2) s`;

const CHUNK = 100_000;
const WARM_UP = 20;

/**
 * One chunk of stored sessions, set-based: rows `from`..`to` of `total`, created over the last
 * 90 days in order, a tenth parked in awaiting_action (decided by the engine with a review
 * reason), the rest decided; data and hash as intake writes them (reads need no search text).
 */
const LOAD_SQL = `
INSERT INTO sessions (id, company_id, external_id, data, data_hash, status, batch_id, created_at,
                      outcome, reasons, rule_set_version, decided_by_type, decided_at)
SELECT (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
       $1, ext, data, encode(sha256(convert_to(data::text, 'UTF8')), 'hex'),
       status, md5('batch' || (i / 500))::uuid, created_at,
       status, reasons, 1, 'engine', created_at + make_interval(secs => (20 + i % 300) / 1000.0)
  FROM (
    SELECT i, ext, created_at, ms, h, fn, ln, docno, pn, status, reasons,
           jsonb_build_object(
             'documentType', (ARRAY['PASSPORT', 'ID_CARD', 'DRIVING_LICENSE'])[1 + i % 3],
             'liveness', jsonb_build_object('passed', status <> 'rejected', 'score', round((0.5 + (i % 500) / 1000.0)::numeric, 3)),
             'faceMatch', jsonb_build_object('matchLevel', CASE WHEN status = 'awaiting_action' THEN 2 ELSE 5 END,
                                             'confidence', 50 + i % 50),
             'document', jsonb_build_object('valid', true, 'mrzValid', true,
                                            'expiryDate', to_char(created_at + interval '3 years', 'YYYY-MM-DD')),
             'person', jsonb_build_object('firstName', fn, 'lastName', ln,
                                          'birthDate', to_char(date '1950-01-01' + ((i::bigint * 7919) % 20000)::int, 'YYYY-MM-DD'),
                                          'nationality', cc, 'documentNumber', docno, 'personalNumber', pn),
             'ip', jsonb_build_object('address', concat_ws('.', 10 + i % 200, i % 256, (i / 256) % 256, (i / 65536) % 256),
                                      'country', cc),
             'extra', jsonb_build_object('orderTotal', (i % 100000) / 100.0, 'channel', CASE WHEN i % 2 = 0 THEN 'web' ELSE 'app' END)
           ) AS data
      FROM (
        SELECT i,
               'stored-' || lpad(i::text, 7, '0') AS ext,
               c.created_at,
               (extract(epoch FROM c.created_at) * 1000)::bigint AS ms,
               md5(i::text) AS h,
               ($4::text[])[1 + i % cardinality($4::text[])] AS fn,
               ($5::text[])[1 + (i / 7) % cardinality($5::text[])] AS ln,
               (ARRAY['GE', 'DE', 'IT', 'PL', 'ES', 'GB', 'JP', 'NG', 'UA', 'BR'])[1 + i % 10] AS cc,
               lpad((i % 100)::text, 2, '0') || 'AB' || lpad((i % 100000)::text, 5, '0') AS docno,
               lpad(((i::bigint * 104729) % 100000000000)::text, 11, '0') AS pn,
               CASE WHEN i % 10 = 3 THEN 'awaiting_action' WHEN i % 10 = 7 THEN 'rejected' ELSE 'success' END AS status,
               CASE WHEN i % 10 = 3 THEN '["FACE_MATCH_LOW"]'::jsonb
                    WHEN i % 10 = 7 THEN '["LIVENESS_FAILED"]'::jsonb ELSE '[]'::jsonb END AS reasons
          FROM generate_series($2::int, $3::int) AS i,
               LATERAL (SELECT date_trunc('milliseconds', now() - interval '90 days'
                                 + make_interval(secs => i * (90 * 86400.0 / $6::int))) AS created_at) c
      ) base
  ) g`;

async function timeRequests(api: HttpClient, token: string, path: string, requests: number) {
  for (let i = 0; i < WARM_UP; i++) await api.expect(200, "GET", path, { token });
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await api.expect(200, "GET", path, { token });
    times.push(performance.now() - start);
  }
  return distribution(times);
}

/**
 * Bulk-loads `stored` sessions into one company, set-based (`LOAD_SQL`, a tenth of them parked),
 * keeps the awaiting count as parking would, and runs VACUUM ANALYZE (what autovacuum would have
 * done to a table that size). Answers how many are parked and how long it took.
 */
export async function loadStoredSessions(
  pool: pg.Pool,
  companyId: string,
  stored: number,
  label: string,
): Promise<{ awaiting: number; loadSeconds: number }> {
  progress(`${label}: loading ${stored.toLocaleString("en-US")} sessions into one company`);
  const loadStart = performance.now();
  for (let from = 1; from <= stored; from += CHUNK) {
    const to = Math.min(stored, from + CHUNK - 1);
    await pool.query(LOAD_SQL, [companyId, from, to, FIRST_NAMES, LAST_NAMES, stored]);
    progress(`${label}: ${to.toLocaleString("en-US")} stored`);
  }
  // what parking keeps in the same transaction (migration 005), when the schema has it
  const { rows } = await pool.query<{ awaiting: string; counter: string | null }>(
    `SELECT count(*) AS awaiting, to_regclass('awaiting_counts')::text AS counter
       FROM sessions WHERE company_id = $1 AND status = 'awaiting_action'`,
    [companyId],
  );
  const awaiting = Number(rows[0]!.awaiting);
  if (rows[0]!.counter) {
    await pool.query(
      `INSERT INTO awaiting_counts (company_id, count) VALUES ($1, $2)
       ON CONFLICT (company_id) DO UPDATE SET count = EXCLUDED.count`,
      [companyId, awaiting],
    );
  }
  progress(`${label}: VACUUM ANALYZE sessions`);
  await pool.query("VACUUM (ANALYZE) sessions");
  return { awaiting, loadSeconds: (performance.now() - loadStart) / 1000 };
}

/**
 * The reviewer's reads with `stored` sessions in one company: bulk-loads them set-based, runs
 * VACUUM ANALYZE (what autovacuum would have done to a table that size), then times `requests`
 * sequential calls each of the first awaiting-action page and the count, through HTTP.
 */
export async function measureReads(
  api: HttpClient,
  pool: pg.Pool,
  operatorToken: string,
  options: { stored: number; requests: number; pids: readonly number[] },
): Promise<ReadsResult> {
  const company = await createCompany(api, operatorToken, "bench reviewer");
  const { awaiting: loadedAwaiting, loadSeconds } = await loadStoredSessions(
    pool,
    company.id,
    options.stored,
    "reads",
  );

  const { count: awaiting } = await api.expect<{ count: number }>(200, "GET", "/v1/awaiting-action/count", {
    token: company.agent,
  });
  const page = await api.expect<{ items: unknown[] }>(200, "GET", "/v1/awaiting-action", {
    token: company.agent,
  });
  if (page.items.length === 0 || awaiting !== loadedAwaiting) {
    throw new Error(
      `reads: ${loadedAwaiting} sessions were loaded awaiting action, but the count answers ${awaiting} and the first page holds ${page.items.length}`,
    );
  }

  progress(`reads: ${options.requests} sequential requests of each (after ${WARM_UP} to warm up)`);
  const firstPage = await timeRequests(api, company.agent, "/v1/awaiting-action", options.requests);
  const count = await timeRequests(api, company.agent, "/v1/awaiting-action/count", options.requests);
  progress(
    `reads: first page p50 ${formatMs(firstPage.p50)}, p99 ${formatMs(firstPage.p99)}; count p50 ${formatMs(count.p50)}, p99 ${formatMs(count.p99)}`,
  );

  progress(`reads: ${RESOLUTIONS.toLocaleString("en-US")} resolutions by ten reviewers in the history`);
  await pool.query(RESOLUTIONS_SQL, [company.id, RESOLUTIONS]);
  await pool.query("ANALYZE session_events");
  const dashboardRequests = Math.max(20, Math.round(options.requests / 5));
  const dashboard = await timeRequests(api, company.master, "/v1/dashboard", dashboardRequests);
  progress(`reads: dashboard p50 ${formatMs(dashboard.p50)}, p99 ${formatMs(dashboard.p99)}`);

  const simulation = await measureSimulation(api, pool, company, options.pids, options.stored);
  const next = await measureNext(api, company.master);
  return {
    stored: options.stored,
    awaiting,
    loadSeconds,
    requests: options.requests,
    firstPage,
    count,
    resolutions: RESOLUTIONS,
    dashboard,
    ...next,
    simulation,
  };
}

/**
 * `REVIEWERS` agents ask for the next session at once, `NEXT_EACH` times each, each request
 * timed; every session handed out is counted, so that one handed to two reviewers shows.
 */
async function measureNext(api: HttpClient, masterKey: string) {
  const keys = await Promise.all(
    Array.from({ length: REVIEWERS }, async (_, i) => {
      const created = await api.expect<{ key: string }>(201, "POST", "/v1/api-keys", {
        token: masterKey,
        body: { name: `bench reviewer ${i}`, role: "agent" },
      });
      return created.key;
    }),
  );
  progress(`reads: next, ${REVIEWERS} reviewers at once, ${NEXT_EACH} each`);
  const times: number[] = [];
  const handed = new Map<string, number>();
  await Promise.all(
    keys.map(async (token) => {
      for (let i = 0; i < NEXT_EACH; i++) {
        const start = performance.now();
        const session = await api.expect<{ id: string }>(200, "POST", "/v1/awaiting-action/next", { token });
        times.push(performance.now() - start);
        handed.set(session.id, (handed.get(session.id) ?? 0) + 1);
      }
    }),
  );
  const next = distribution(times);
  const handedTwice = [...handed.values()].filter((n) => n > 1).length;
  progress(`reads: next p50 ${formatMs(next.p50)}, p99 ${formatMs(next.p99)}; handed twice: ${handedTwice}`);
  return { reviewers: REVIEWERS, next, handedTwice };
}
