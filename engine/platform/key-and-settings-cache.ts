import type { Logger } from "./logger.js";
import { PgListener } from "./pg-listener.js";

/** The channel migration 008's triggers notify, with the name of the entry that changed. */
const CHANNEL = "verdict_lookups";
/** A backstop: an entry is read again after this long even when no change was announced. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
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
  private readonly listener: PgListener;
  /** Callers of `announcement`, by entry. */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    databaseUrl: string,
    logger: Logger,
    /** How long after losing the channel it tries to listen again. */
    reconnectMs?: number,
  ) {
    this.listener = new PgListener(
      databaseUrl,
      CHANNEL,
      { what: "key and settings changes", meanwhile: "reading them from Postgres until it is back" },
      logger,
      {
        notification: (name) => this.heard(name),
        lost: () => this.heard(),
        listening: () => this.forget(), // whatever changed while nobody listened
      },
      reconnectMs,
    );
  }

  /** The entry `name`, or what `load` reads (kept when found and the channel is up). */
  async get<T>(name: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const kept = this.kept<T>(name);
    if (kept !== undefined) return kept;
    this.listener.start();
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && this.listener.listening && generation === this.generation) {
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
    if (!this.listener.listening) return Promise.resolve();
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
    return this.listener.listening;
  }

  async close(): Promise<void> {
    this.heard();
    await this.listener.close();
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
}
