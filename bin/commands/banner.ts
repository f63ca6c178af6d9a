import type { OperatorToken } from "../../engine/companies/operator-token.js";

export interface BannerFacts {
  address: string;
  /** Where the data is: the embedded Postgres's directory, or undefined when `DATABASE_URL` names one. */
  embeddedPostgresDir: string | undefined;
  broker: "redis" | "postgres";
  operatorToken: OperatorToken;
}

/**
 * What a start on a terminal prints instead of log lines: where to go, the operator token when
 * this start made it (or where it is), and the next command to run.
 */
export function banner(facts: BannerFacts): string {
  const { address, operatorToken } = facts;
  const row = (name: string, value: string) => `  ${name.padEnd(15)}${value}`;
  const token =
    operatorToken.kind === "created"
      ? [
          row("Operator token", operatorToken.token),
          row("", "shown this once; kept for this machine in VERDICT_DATA_DIR/operator-token"),
        ]
      : operatorToken.kind === "kept"
        ? [row("Operator token", `in ${operatorToken.file} (replace it: npx verdict operator-token rotate)`)]
        : [row("Operator token", "VERDICT_OPERATOR_TOKEN")];
  return [
    "",
    `  Verdict is running at ${address}`,
    "",
    row("API docs", `${address}/docs`),
    row("Bull Board", `${address}/admin/queues (operator token)`),
    row(
      "Data",
      facts.embeddedPostgresDir
        ? `embedded Postgres in ${facts.embeddedPostgresDir}`
        : "the Postgres of DATABASE_URL",
    ),
    row(
      "Queues",
      facts.broker === "redis"
        ? "Redis (REDIS_URL)"
        : "in Postgres; set REDIS_URL for high volume (see the README)",
    ),
    ...token,
    "",
    "  Next: npx verdict demo   (a demo company, keys and 3,000 sessions, then what happened)",
    "  Stop: Ctrl+C",
    "",
  ].join("\n");
}
