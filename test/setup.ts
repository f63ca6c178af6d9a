import { afterAll } from "vitest";
import { closeUnclosedVerdicts } from "./helpers.js";
import { killChildren } from "./processes.js";

/** What a test process keeps open of itself: the pipes to vitest and to the terminal. */
const OWN_RESOURCES = new Set(["PipeWrap", "TTYWrap"]);
const openResources = () => process.getActiveResourcesInfo().filter((name) => !OWN_RESOURCES.has(name));

// After every test file, whatever its own hooks did: fail the file if it left a connection,
// server or timer open (a pool, Redis or worker not closed), then close the test Verdicts still
// open and end the child processes still running, so that nothing outlives the file.
afterAll(async () => {
  const left = await settledResources();
  await closeUnclosedVerdicts();
  await killChildren();
  if (left.length > 0) {
    throw new Error(`this test file left open: ${left.join(", ")} (close what it opens in afterAll)`);
  }
});

/** The resources still open once closing sockets and clearing timers have had a moment to finish. */
async function settledResources(): Promise<string[]> {
  for (let tries = 0; tries < 40; tries++) {
    if (openResources().length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return openResources();
}
