import { uuidv7 } from "./ids.js";

/** Ships one gathered batch: the company, the batch id its sessions were stored with, their ids. */
export type Ship = (companyId: string, batchId: string, sessionIds: string[]) => void;

interface Gathering {
  batchId: string;
  sessionIds: string[];
  /** Sessions that joined and whose insert has not finished yet. */
  inserting: number;
  closed: boolean;
}

/**
 * Gathers a company's small submissions for a few milliseconds into one decide job, so that a
 * thousand single sessions a second make tens of jobs, not a thousand. A session joins before it
 * is inserted (it is stored with the gathering's batch id) and reports when its insert is done;
 * a gathering ships only once it is closed (by time or size) and no insert is still running, so
 * that no stored session is left out of its job. A lost gathering (a crash) is found by the
 * reconciler, as any lost job is.
 */
export class Gatherer {
  private readonly open = new Map<string, Gathering>();

  constructor(
    private readonly ship: Ship,
    private readonly windowMs: number,
    private readonly maxSessions: number,
  ) {}

  /** Joins the company's open gathering with `count` sessions; call `done` once they are inserted. */
  join(companyId: string, count: number): { batchId: string; done(insertedIds: string[]): void } {
    let gathering = this.open.get(companyId);
    if (!gathering) {
      const fresh: Gathering = { batchId: uuidv7(), sessionIds: [], inserting: 0, closed: false };
      this.open.set(companyId, fresh);
      setTimeout(() => this.close(companyId, fresh), this.windowMs).unref();
      gathering = fresh;
    }
    const joined = gathering;
    joined.inserting += count;
    if (joined.inserting + joined.sessionIds.length >= this.maxSessions) this.close(companyId, joined);
    return {
      batchId: joined.batchId,
      done: (insertedIds) => {
        joined.inserting -= count;
        joined.sessionIds.push(...insertedIds);
        if (joined.closed && joined.inserting === 0) this.send(companyId, joined);
      },
    };
  }

  private close(companyId: string, gathering: Gathering): void {
    if (gathering.closed) return;
    gathering.closed = true;
    if (this.open.get(companyId) === gathering) this.open.delete(companyId);
    if (gathering.inserting === 0) this.send(companyId, gathering);
  }

  private send(companyId: string, gathering: Gathering): void {
    if (gathering.sessionIds.length > 0) this.ship(companyId, gathering.batchId, gathering.sessionIds);
  }
}
