import type { Queryable } from "../platform/db.js";

// The broker's tables (migration 011), for a Verdict without Redis (engine/platform/broker.ts).
// Times are Postgres's clock_timestamp(), the one clock every process shares.

/** Adds `amount` to the window counter `key`, opening a window of `windowMs` when none is open. */
export async function addToCounter(db: Queryable, key: string, amount: number, windowMs: number) {
  const { rows } = await db.query<{ count: number; resetInMs: number }>(
    `INSERT INTO broker_counters AS c (key, count, expires_at)
     VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::float8 / 1000))
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.count ELSE c.count + excluded.count END,
       expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.expires_at ELSE c.expires_at END
     RETURNING count, greatest(0, extract(epoch FROM c.expires_at - clock_timestamp()) * 1000)::float8 AS "resetInMs"`,
    [key, amount, windowMs],
  );
  return rows[0] ?? { count: amount, resetInMs: windowMs };
}

/** The count of `key`'s open window (0 when none is open) and how long it stays open. */
export async function readCounter(db: Queryable, key: string) {
  const { rows } = await db.query<{ count: number; resetInMs: number }>(
    `SELECT count, greatest(0, extract(epoch FROM expires_at - clock_timestamp()) * 1000)::float8 AS "resetInMs"
       FROM broker_counters WHERE key = $1 AND expires_at > clock_timestamp()`,
    [key],
  );
  return rows[0] ?? { count: 0, resetInMs: 0 };
}

/** Deletes the counters, slots and waiters whose time is over, and live events older than `keepMs`. */
export async function sweepBroker(db: Queryable, liveEventsKeptMs: number): Promise<void> {
  await db.query(
    `WITH counters AS (DELETE FROM broker_counters WHERE expires_at <= clock_timestamp()),
          slots AS (DELETE FROM broker_slots WHERE expires_at <= clock_timestamp()),
          waiters AS (DELETE FROM broker_slot_waiters WHERE since <= clock_timestamp() - interval '1 hour')
     DELETE FROM broker_live_events WHERE at < clock_timestamp() - make_interval(secs => $1::float8 / 1000)`,
    [liveEventsKeptMs],
  );
}

/**
 * Takes a slot of `slotSet` for `holder` (or keeps the one it has, for a new lease) when fewer than
 * `limit` are held; refused and `wait`, `holder` joins the set's waiters. Run inside a transaction
 * that holds the set's lock (`lockSlotSet`). Answers whether it took one, and, refused, the ms until
 * the first lease could lapse and the holder's place in line (0 first).
 */
export async function takeSlot(
  tx: Queryable,
  slotSet: string,
  holder: string,
  options: { limit: number; leaseMs: number; wait: boolean },
) {
  const { rows } = await tx.query<{ acquired: boolean; firstLapseInMs: number | null; place: number | null }>(
    `WITH lapsed AS (DELETE FROM broker_slots WHERE slot_set = $1 AND expires_at <= clock_timestamp()),
          held AS (SELECT holder, expires_at FROM broker_slots WHERE slot_set = $1 AND expires_at > clock_timestamp()),
          decision AS (
            SELECT EXISTS (SELECT 1 FROM held WHERE holder = $2) OR (SELECT count(*) FROM held) < $3 AS acquired),
          leased AS (
            INSERT INTO broker_slots (slot_set, holder, expires_at)
            SELECT $1, $2, clock_timestamp() + make_interval(secs => $4::float8 / 1000) FROM decision WHERE acquired
            ON CONFLICT (slot_set, holder) DO UPDATE SET expires_at = excluded.expires_at),
          unqueued AS (
            DELETE FROM broker_slot_waiters WHERE slot_set = $1 AND holder = $2 AND (SELECT acquired FROM decision)),
          queued AS (
            INSERT INTO broker_slot_waiters (slot_set, holder, since)
            SELECT $1, $2, clock_timestamp() FROM decision WHERE NOT acquired AND $5
            ON CONFLICT DO NOTHING)
     SELECT d.acquired,
            (SELECT extract(epoch FROM min(expires_at) - clock_timestamp()) * 1000 FROM held)::float8 AS "firstLapseInMs",
            (SELECT count(*) FROM broker_slot_waiters w
              WHERE w.slot_set = $1 AND w.holder <> $2
                AND w.since <= coalesce(
                      (SELECT since FROM broker_slot_waiters WHERE slot_set = $1 AND holder = $2), 'infinity'))::int
              AS place
       FROM decision d`,
    [slotSet, holder, options.limit, options.leaseMs, options.wait],
  );
  return rows[0] ?? { acquired: false, firstLapseInMs: null, place: null };
}

/** Serialises the transactions that change `slotSet` until the caller's transaction ends. */
export async function lockSlotSet(tx: Queryable, slotSet: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 11))", [slotSet]);
}

/**
 * Gives `holder`'s slot back and, when that frees one, leases it to the set's longest waiter.
 * Run inside a transaction that holds the set's lock. Answers the waiter it went to, if any.
 */
export async function handOnSlot(
  tx: Queryable,
  slotSet: string,
  holder: string,
  limit: number,
  leaseMs: number,
) {
  await tx.query(
    `DELETE FROM broker_slots WHERE slot_set = $1 AND (holder = $2 OR expires_at <= clock_timestamp())`,
    [slotSet, holder],
  );
  await tx.query("DELETE FROM broker_slot_waiters WHERE slot_set = $1 AND holder = $2", [slotSet, holder]);
  const { rows } = await tx.query<{ holder: string }>(
    `WITH next AS (
       DELETE FROM broker_slot_waiters
        WHERE (slot_set, holder) = (
          SELECT slot_set, holder FROM broker_slot_waiters WHERE slot_set = $1 ORDER BY since, holder LIMIT 1)
          AND (SELECT count(*) FROM broker_slots WHERE slot_set = $1) < $2
       RETURNING holder)
     INSERT INTO broker_slots (slot_set, holder, expires_at)
     SELECT $1, holder, clock_timestamp() + make_interval(secs => $3::float8 / 1000) FROM next
     ON CONFLICT (slot_set, holder) DO UPDATE SET expires_at = excluded.expires_at
     RETURNING holder`,
    [slotSet, limit, leaseMs],
  );
  return rows[0]?.holder ?? null;
}

/** Renews the leases given (set, holder) that are still held; answers the holders no longer held. */
export async function renewSlots(db: Queryable, slotSets: string[], holders: string[], leaseMs: number) {
  const { rows } = await db.query<{ holder: string }>(
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(slot_set, holder)),
          renewed AS (
            UPDATE broker_slots s SET expires_at = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
              FROM wanted w
             WHERE s.slot_set = w.slot_set AND s.holder = w.holder AND s.expires_at > clock_timestamp()
            RETURNING s.holder)
     SELECT holder FROM wanted WHERE holder NOT IN (SELECT holder FROM renewed)`,
    [slotSets, holders, leaseMs],
  );
  return rows.map((row) => row.holder);
}

export async function countSlots(db: Queryable, slotSet: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    "SELECT count(*)::int AS count FROM broker_slots WHERE slot_set = $1 AND expires_at > clock_timestamp()",
    [slotSet],
  );
  return rows[0]?.count ?? 0;
}

export async function removeSlot(db: Queryable, slotSet: string, holder: string): Promise<void> {
  await db.query("DELETE FROM broker_slots WHERE slot_set = $1 AND holder = $2", [slotSet, holder]);
}

/**
 * Appends live events of a company and announces them on `channel` with one NOTIFY naming their
 * numbers (a NOTIFY per event cost Postgres more than deciding the session); a listener that has
 * streams of the company reads them (`selectLiveEventsByNumber`). At most 500 events a call.
 */
export async function insertLiveEvents(
  db: Queryable,
  channel: string,
  companyId: string,
  events: { event: string; data: unknown }[],
): Promise<void> {
  await db.query(
    `WITH added AS (
       INSERT INTO broker_live_events (company_id, event, data)
       SELECT $2, e.event, e.data FROM jsonb_to_recordset($3::jsonb) AS e(event text, data jsonb)
       RETURNING id)
     SELECT pg_notify($1, json_build_object('companyId', $2::text, 'numbers', array_agg(id ORDER BY id))::text)
       FROM added`,
    [channel, companyId, JSON.stringify(events)],
  );
}

/** Live events of a company by their numbers (the `<n>` of their ids `<n>-0`), oldest first. */
export async function selectLiveEventsByNumber(db: Queryable, companyId: string, numbers: number[]) {
  const { rows } = await db.query<{ id: string; event: string; data: unknown }>(
    `SELECT id::text || '-0' AS id, event, data FROM broker_live_events
      WHERE company_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
    [companyId, numbers],
  );
  return rows;
}

/** The company's live events after id `afterId`, oldest first, at most `limit`. */
export async function selectLiveEvents(db: Queryable, companyId: string, afterId: number, limit: number) {
  const { rows } = await db.query<{ id: string; event: string; data: unknown }>(
    `SELECT id::text || '-0' AS id, event, data FROM broker_live_events
      WHERE company_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [companyId, afterId, limit],
  );
  return rows;
}
