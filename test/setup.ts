import { afterAll } from "vitest";
import { closeUnclosedVerdicts } from "./helpers.js";
import { killChildren } from "./processes.js";

// After every test file, whatever its own hooks did: close the test Verdicts still open, then end
// the child processes still running (workers, redis-servers), so that nothing outlives the file.
afterAll(async () => {
  await closeUnclosedVerdicts();
  await killChildren();
});
