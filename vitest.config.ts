import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{engine,workers,api,rules,bin,test}/**/*.test.ts"],
    // the fault suite has its own config (`npm run test:faults`)
    exclude: ["test/faults/**", "node_modules/**"],
    // Each file gets its own database and queue prefix, so files run in parallel safely.
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
