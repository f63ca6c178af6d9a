import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../console", import.meta.url));
const VITE = join(dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin", "vite.js");

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
  const dist = newest(join(root, "dist"));
  const sources = Math.max(
    newest(join(root, "src")),
    statSync(join(root, "index.html")).mtimeMs,
    statSync(join(root, "vite.config.ts")).mtimeMs,
  );
  if (dist > sources) return;
  // as `npm run console:build` does it: a production build (the test run's NODE_ENV would make a development one)
  const built = spawnSync(
    process.execPath,
    [VITE, "build", "--config", join(root, "vite.config.ts"), "--logLevel", "warn"],
    {
      env: { ...process.env, NODE_ENV: "production" },
      stdio: "inherit",
    },
  );
  if (built.status !== 0) throw new Error(`the console's build failed (exit ${built.status})`);
}
