/**
 * Gathers what callers hand in under one key (a company) for a few milliseconds, or until
 * `maxItems`, and runs `flush` once for all of it: every caller of that batch is answered
 * with the one result (or the one error). A thousand single sessions a second thus make tens of
 * inserts and decide jobs, not a thousand of each.
 */
export class SubmissionBatcher<T, R> {
  private readonly open = new Map<string, OpenBatch<T, R>>();

  constructor(
    private readonly flush: (key: string, items: T[]) => Promise<R>,
    private readonly windowMs: number,
    private readonly maxItems: number,
  ) {}

  /** Adds `items` to the key's open batch (opening one); answers once that batch is flushed. */
  join(key: string, items: readonly T[]): Promise<R> {
    let batch = this.open.get(key);
    if (batch && batch.items.length + items.length > this.maxItems) {
      this.close(key, batch);
      batch = undefined;
    }
    if (!batch) batch = this.openBatch(key);
    batch.items.push(...items);
    const { answer } = batch;
    if (batch.items.length >= this.maxItems) this.close(key, batch);
    return answer;
  }

  private openBatch(key: string): OpenBatch<T, R> {
    let settle!: Pick<OpenBatch<T, R>, "resolve" | "reject">;
    const answer = new Promise<R>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const batch: OpenBatch<T, R> = { items: [], answer, ...settle, timer: undefined };
    batch.timer = setTimeout(() => this.close(key, batch), this.windowMs);
    this.open.set(key, batch);
    return batch;
  }

  private close(key: string, batch: OpenBatch<T, R>): void {
    clearTimeout(batch.timer);
    if (this.open.get(key) === batch) this.open.delete(key);
    this.flush(key, batch.items).then(batch.resolve, batch.reject);
  }
}

interface OpenBatch<T, R> {
  items: T[];
  answer: Promise<R>;
  resolve(result: R): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout | undefined;
}
