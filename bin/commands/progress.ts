/**
 * A progress bar with rate and ETA on a terminal; elsewhere (a log, CI) one plain line every few
 * seconds instead.
 */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  private readonly interactive: boolean;
  private readonly items: string;

  constructor(
    private readonly out: NodeJS.WriteStream,
    /** Units of work in all (bytes of a file, sessions): the bar's 100%. */
    private readonly total: number,
    /** `items`: what `count` counts, in the plural ("sessions" unless told). */
    options: { items?: string; interactive?: boolean } = {},
  ) {
    this.interactive = options.interactive ?? out.isTTY === true;
    this.items = options.items ?? "sessions";
  }

  /** `done` units of `total`, `count` items (sessions) so far. */
  update(done: number, count: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.interactive ? 100 : 5000)) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const fraction = this.total > 0 ? Math.min(done / this.total, 1) : 0;
    const rate = count / seconds;
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : undefined;
    const text = `${percent(fraction)}  ${count.toLocaleString("en")} ${this.items}  ${Math.round(rate).toLocaleString("en")}/s  ETA ${duration(eta)}`;
    if (this.interactive) {
      const width = 30;
      const full = Math.round(fraction * width);
      this.out.write(`\r\x1b[2K[${"█".repeat(full)}${"░".repeat(width - full)}] ${text}`);
      this.drawn = true;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  /** Draws the final state and ends the bar's line. */
  finish(done: number, count: number): void {
    this.update(done, count, true);
    if (this.interactive && this.drawn) this.out.write("\n");
  }
}

const percent = (fraction: number) => `${Math.floor(fraction * 100)}%`.padStart(4);

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
