import { defineConfig } from "vitest/config";

// `npm run test:faults`: Verdict as real processes against stores of their own that the tests
// restart and flush. Slower than `npm test`, so kept apart from it.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // each file starts its own Postgres, Redis and three Verdict processes: one at a time on 2 cores
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
