/**
 * Gathers what callers hand in under one key (a company) for a few milliseconds, or until
 * `maxItems`, and runs `flush` once for all of it: every caller of that gathering is answered
 * with the one result (or the one error). A thousand single sessions a second thus make tens of
 * inserts and decide jobs, not a thousand of each.
 */
export class Gatherer<T, R> {
  private readonly open = new Map<string, Gathering<T, R>>();

  constructor(
    private readonly flush: (key: string, items: T[]) => Promise<R>,
    private readonly windowMs: number,
    private readonly maxItems: number,
  ) {}

  /** Adds `items` to the key's open gathering (opening one); answers once that gathering is flushed. */
  join(key: string, items: readonly T[]): Promise<R> {
    let gathering = this.open.get(key);
    if (gathering && gathering.items.length + items.length > this.maxItems) {
      this.close(key, gathering);
      gathering = undefined;
    }
    if (!gathering) gathering = this.openGathering(key);
    gathering.items.push(...items);
    const { answer } = gathering;
    if (gathering.items.length >= this.maxItems) this.close(key, gathering);
    return answer;
  }

  private openGathering(key: string): Gathering<T, R> {
    let settle!: Pick<Gathering<T, R>, "resolve" | "reject">;
    const answer = new Promise<R>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const gathering: Gathering<T, R> = { items: [], answer, ...settle, timer: undefined };
    gathering.timer = setTimeout(() => this.close(key, gathering), this.windowMs);
    this.open.set(key, gathering);
    return gathering;
  }

  private close(key: string, gathering: Gathering<T, R>): void {
    clearTimeout(gathering.timer);
    if (this.open.get(key) === gathering) this.open.delete(key);
    this.flush(key, gathering.items).then(gathering.resolve, gathering.reject);
  }
}

interface Gathering<T, R> {
  items: T[];
  answer: Promise<R>;
  resolve(result: R): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout | undefined;
}
