import pg from "pg";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "./logger.js";

/** The channel migration 008's triggers notify, with the name of the entry that changed. */
const CHANNEL = "verdict_lookups";
/** A backstop: an entry is read again after this long even when no change was announced. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1000;
const ANNOUNCEMENT_TIMEOUT_MS = 1000;

/** The entry of a key's principal, by the key's hash; the trigger on `api_keys` names it so. */
export const keyEntry = (keyHash: string) => `key:${keyHash}`;
/** The entry of a company's settings; the trigger on `companies` names it so. */
export const settingsEntry = (companyId: string) => `company:${companyId}`;

/**
 * What nearly every request reads and what rarely changes (a key's principal, a company's
 * settings), kept in this process's memory. Postgres announces every change (the triggers of
 * migration 008), and the entry is dropped when it commits. Nothing is kept while that channel is
 * down, nor what was read while a change was being announced, so an entry is never older than
 * the last change Postgres told this process of. Only found values are kept: a key issued a
 * moment ago works at once.
 */
export class KeyAndSettingsCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();
  /** Moves on with every change announced and every loss of the channel: a read begun before is not kept. */
  private generation = 0;
  private listener: pg.Client | undefined;
  private started = false;
  private closed = false;
  private reconnect: NodeJS.Timeout | undefined;
  /** Callers of `announcement`, by entry. */
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Whether the channel was lost and not yet back (the loss was logged). */
  private outage = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    /** How long after losing the channel it tries to listen again. */
    private readonly reconnectMs = RECONNECT_MS,
  ) {}

  /** The entry `name`, or what `load` reads (kept when found and the channel is up). */
  async get<T>(name: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const kept = this.kept<T>(name);
    if (kept !== undefined) return kept;
    if (!this.started) {
      this.started = true;
      void this.listen();
    }
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && this.listener && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(name, { value, expiresAt: Date.now() + TTL_MS });
    }
    return value;
  }

  /** The entry `name` if it is kept, read from memory alone (never from Postgres). */
  kept<T>(name: string): T | undefined {
    const entry = this.entries.get(name);
    return entry && entry.expiresAt > Date.now() ? (entry.value as T) : undefined;
  }

  /**
   * For the transaction that changes entry `name`: call it inside, before the commit (so that
   * the announcement cannot come first), and await what it answers after the commit. That drops
   * the entry here at once and settles once Postgres has announced the change to this process,
   * which it does to every listening process at the same commit: at once when not listening,
   * after `timeoutMs` at the latest.
   */
  changing(name: string, timeoutMs = ANNOUNCEMENT_TIMEOUT_MS): () => Promise<void> {
    const announced = this.announcement(name, timeoutMs);
    return async () => {
      this.forget(name);
      await announced;
    };
  }

  private announcement(name: string, timeoutMs: number): Promise<void> {
    if (!this.listener) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.waiters.get(name) ?? new Set();
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiters.get(name) === waiters) this.waiters.delete(name);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      waiters.add(done);
      this.waiters.set(name, waiters);
    });
  }

  /** Whether changes are being heard, so that entries are kept. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    this.heard();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
  }

  /** Drops one entry, or all. */
  private forget(name?: string): void {
    this.generation += 1;
    if (name === undefined) this.entries.clear();
    else this.entries.delete(name);
  }

  /** A change of `name` was announced (or, without a name, the channel was lost). */
  private heard(name?: string): void {
    this.forget(name);
    const waiting = name === undefined ? [...this.waiters.values()] : [this.waiters.get(name) ?? []];
    for (const waiters of waiting) for (const done of [...waiters]) done();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5000 });
    let lost = false;
    const lose = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      this.heard();
      client.end().catch(() => {});
      if (this.closed) return;
      if (!this.outage) {
        // said once an outage, not at every attempt to listen again
        this.outage = true;
        this.logger.warn(
          { err: error === undefined ? "connection ended" : errorMessage(error) },
          "not listening for key and settings changes; reading them from Postgres until it is back",
        );
      }
      this.reconnect = setTimeout(() => void this.listen(), this.reconnectMs);
      this.reconnect.unref();
    };
    client.on("notification", (message) => this.heard(message.payload));
    client.on("error", lose);
    client.on("end", () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      lose(error);
      return;
    }
    if (this.closed) {
      lost = true;
      await client.end().catch(() => {});
      return;
    }
    this.forget(); // whatever changed while nobody listened
    this.listener = client;
    if (this.outage) {
      this.outage = false;
      this.logger.info("listening for key and settings changes again");
    }
  }
}
