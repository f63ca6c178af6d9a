import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../console", import.meta.url));

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let latest = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (name === "node_modules") continue;
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

/**
 * Vitest's global setup: the browser tests load the console that Verdict serves from
 * `console/dist`, so build it once before the files run when its sources are newer than it.
 */
export default async function buildConsole(): Promise<void> {
  const built = newest(join(root, "dist"));
  const sources = Math.max(
    newest(join(root, "src")),
    statSync(join(root, "index.html")).mtimeMs,
    statSync(join(root, "vite.config.ts")).mtimeMs,
  );
  if (built > sources) return;
  const { build } = await import("vite");
  await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
}
