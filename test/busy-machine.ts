// `npm run test:busy`: the suite, twice in a row, while a CPU hog keeps every core busy beside it.
// Tests wait for states, not times, so a loaded machine must make them slower, never fail.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

const rounds = Number(process.env.BUSY_ROUNDS ?? 2);
const hogs = Array.from(
  { length: availableParallelism() },
  () => new Worker("for (;;) Math.sqrt(Math.random());", { eval: true }),
);
console.log(`${hogs.length} CPU hog thread(s) running; the suite ${rounds} time(s)`);

let failed = 0;
for (let round = 1; round <= rounds && failed === 0; round++) {
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const suite = spawn("npx", ["vitest", "run"], { stdio: "inherit" });
    suite.on("exit", resolve);
  });
  console.log(`round ${round}: exit ${code} after ${Math.round((Date.now() - started) / 1000)} s`);
  if (code !== 0) failed = round;
}
await Promise.all(hogs.map((hog) => hog.terminate()));
if (failed) console.error(`the suite failed on a busy machine (round ${failed})`);
process.exit(failed ? 1 : 0);
