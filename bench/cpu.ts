import { readdirSync, readFileSync } from "node:fs";
import { BENCH_DATABASE } from "./support.js";

/**
 * Where the CPU went during a step, read from /proc (Linux; elsewhere only the bench process is
 * known): the bench process, each Verdict child, Postgres backends of the bench database, the
 * rest of Postgres (other databases' backends, background processes), Redis, and the whole
 * machine, so that load from outside the bench shows. Processes are sampled every 250 ms and
 * followed by pid, so a backend that exits during the step (a pool's idle timeout) still counts
 * for what it did.
 */
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const SAMPLE_EVERY_MS = 250;
export const MACHINE_KEY = "machine";
export const OUTSIDE_KEY = "other processes";
export const POSTGRES_BENCH_KEY = "postgres (bench db)";
export const POSTGRES_REST_KEY = "postgres (rest)";

/** utime + stime of one process in seconds, and its command name; undefined when it is gone. */
function processTimes(pid: number | string): { comm: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    // after ") " comes field 3 (state); utime is field 14, stime field 15
    const fields = stat.slice(close + 2).split(" ");
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** The database of a Postgres backend, from its process title (`postgres: 15/main: user db host …`). */
function backendDatabase(pid: string): string | undefined {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    return /^postgres: [^:]+: \S+ (\S+) /.exec(title)?.[1];
  } catch {
    return undefined;
  }
}

function machineSeconds(): number | undefined {
  try {
    const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
    const [, user, nice, system, , , irq, softirq, steal] = (cpu ?? "").trim().split(/\s+/).map(Number);
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
    return busy / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

interface Followed {
  part: string;
  first: number;
  last: number;
}

export interface CpuUse {
  wallSeconds: number;
  /** CPU seconds of each part. */
  seconds: Record<string, number>;
  /** Average cores of each part, and `other processes`: the machine's total less every part named. */
  cores: Record<string, number>;
}

/** Follows the CPU time of every part from `start` until `stop`. */
export class CpuMonitor {
  private readonly followed = new Map<string, Followed>();
  private readonly startedAt = performance.now();
  private readonly benchStart = process.cpuUsage();
  private readonly machineStart = machineSeconds();
  private readonly timer: NodeJS.Timeout | undefined;
  private firstSample = true;

  /** `periodic: false` samples only at start and stop, for steps that time this very thread. */
  constructor(
    private readonly children: readonly { name: string; pid: number | undefined }[],
    options: { periodic?: boolean } = {},
  ) {
    this.sample();
    this.firstSample = false;
    if (options.periodic !== false) {
      this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
      this.timer.unref();
    }
  }

  private follow(pid: string, part: string, seconds: number): void {
    const known = this.followed.get(pid);
    if (known?.part === part) known.last = seconds;
    // a process born during the step counts from zero
    else this.followed.set(pid, { part, first: this.firstSample ? seconds : 0, last: seconds });
  }

  private sample(): void {
    const childPids = new Map(this.children.map((c) => [String(c.pid), c.name]));
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
    } catch {
      return;
    }
    for (const pid of pids) {
      const child = childPids.get(pid);
      if (child) {
        const times = processTimes(pid);
        if (times) this.follow(pid, child, times.seconds);
        continue;
      }
      const times = processTimes(pid);
      if (times?.comm === "postgres") {
        const part = backendDatabase(pid) === BENCH_DATABASE ? POSTGRES_BENCH_KEY : POSTGRES_REST_KEY;
        this.follow(pid, part, times.seconds);
      } else if (times?.comm === "redis-server") {
        this.follow(pid, "redis", times.seconds);
      }
    }
  }

  stop(): CpuUse {
    this.sample();
    clearInterval(this.timer);
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const usage = process.cpuUsage(this.benchStart);
    const seconds: Record<string, number> = { bench: (usage.user + usage.system) / 1e6 };
    for (const { part, first, last } of this.followed.values()) {
      seconds[part] = (seconds[part] ?? 0) + Math.max(0, last - first);
    }
    const machineEnd = machineSeconds();
    const cores: Record<string, number> = {};
    for (const [part, value] of Object.entries(seconds)) cores[part] = round2(value / wallSeconds);
    if (this.machineStart !== undefined && machineEnd !== undefined) {
      const machine = (machineEnd - this.machineStart) / wallSeconds;
      const named = Object.values(seconds).reduce((sum, value) => sum + value, 0) / wallSeconds;
      cores[MACHINE_KEY] = round2(machine);
      cores[OUTSIDE_KEY] = round2(Math.max(0, machine - named));
    }
    return { wallSeconds, seconds, cores };
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** CPU µs each part spent per unit of work (a session, a job). */
export function microsPer(use: CpuUse, units: number): Record<string, number> {
  const micros: Record<string, number> = {};
  for (const [part, seconds] of Object.entries(use.seconds))
    micros[part] = Math.round((seconds * 1e6) / units);
  return micros;
}

export const describeCores = (cores: Record<string, number>) =>
  Object.entries(cores)
    .filter(([name]) => name !== MACHINE_KEY)
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${value.toFixed(2)}`)
    .join(", ") + (cores[MACHINE_KEY] === undefined ? "" : ` (machine ${cores[MACHINE_KEY].toFixed(2)})`);
