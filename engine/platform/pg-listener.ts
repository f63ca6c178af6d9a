import pg from "pg";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "./logger.js";

const RECONNECT_MS = 1000;

export interface ListenerEvents {
  /** A notification on the channel, with its payload. */
  notification(payload: string): void;
  /** The channel was lost, or could not be opened: what is sent until `listening` is not heard. */
  lost(): void;
  /** Listening (again): what happened while nobody listened was not heard. */
  listening(): void;
}

/**
 * One connection of its own that LISTENs on a Postgres channel, and listens again a second after
 * losing it (Postgres restarted, the network dropped) for as long as it is open. An outage is
 * logged once when it starts ("not listening for <what>; <meanwhile>") and once when it ends.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private started = false;
  private closed = false;
  private reconnect: NodeJS.Timeout | undefined;
  /** Whether the channel was lost and not yet back (the loss was logged). */
  private outage = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly words: { what: string; meanwhile: string },
    private readonly logger: Logger,
    private readonly events: ListenerEvents,
    private readonly reconnectMs = RECONNECT_MS,
  ) {}

  /** Starts listening, once; later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.listen();
  }

  /** Whether notifications are being heard now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5000 });
    let lost = false;
    const lose = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
      if (this.closed) return;
      this.events.lost();
      if (!this.outage) {
        this.outage = true;
        this.logger.warn(
          { err: error === undefined ? "connection ended" : errorMessage(error) },
          `not listening for ${this.words.what}; ${this.words.meanwhile}`,
        );
      }
      this.reconnect = setTimeout(() => void this.listen(), this.reconnectMs);
      this.reconnect.unref();
    };
    client.on("notification", (message) => this.events.notification(message.payload ?? ""));
    client.on("error", lose);
    client.on("end", () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      lose(error);
      return;
    }
    if (this.closed) {
      lost = true;
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.events.listening();
    if (this.outage) {
      this.outage = false;
      this.logger.info(`listening for ${this.words.what} again`);
    }
  }
}
