/** Imports point one way: bin → api | workers → engine → rules. */
module.exports = {
  forbidden: [
    {
      name: "rules-are-pure",
      comment: "rules/ evaluates condition sets and imports nothing else of Verdict",
      severity: "error",
      from: { path: "^rules/" },
      to: { path: "^(engine|api|workers|bin)/" },
    },
    {
      name: "engine-below-api-and-workers",
      severity: "error",
      from: { path: "^engine/" },
      to: { path: "^(api|workers|bin)/" },
    },
    {
      name: "kernel-and-platform-below-capabilities",
      comment: "engine/kernel and engine/platform serve every capability folder and import none of them",
      severity: "error",
      from: { path: "^engine/(kernel|platform)/" },
      to: { path: "^engine/(?!kernel/|platform/|sql/)" },
    },
    {
      name: "api-not-workers",
      severity: "error",
      from: { path: "^api/" },
      to: { path: "^(workers|bin)/" },
    },
    {
      name: "workers-not-api",
      severity: "error",
      from: { path: "^workers/" },
      to: { path: "^(api|bin)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.test\\.ts$" },
  },
};
