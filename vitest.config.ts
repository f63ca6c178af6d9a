import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{engine,workers,api,rules,bin,test,clients}/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // the browser tests load the console Verdict serves: built once, when its sources changed
    globalSetup: ["test/console/build-console.ts"],
    // the fault suite has its own config (`npm run test:faults`)
    exclude: ["test/faults/**", "node_modules/**"],
    // Each file gets its own database and queue prefix, so files run in parallel safely.
    fileParallelism: true,
    // Bounds for a stuck test, not expectations of speed: tests wait for states, and a busy
    // machine may take many times an idle one's time to start a Verdict.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
