import type pg from "pg";

/**
 * The scans of `table` in the plan of the one statement `run` sends, instead of running it: the
 * way a test holds a query to the indexes it must use.
 */
export async function scansOf(
  client: pg.PoolClient,
  run: (db: pg.PoolClient) => Promise<unknown>,
  table = "sessions",
): Promise<string[]> {
  let plan: string[] = [];
  const scan = new RegExp(`((?:[A-Z][a-z]+ )*Scan\\b.*? on ${table}\\b.*?)\\s+\\(cost`);
  const explaining = {
    query: async (textOrConfig: string | pg.QueryConfig, values?: unknown[]) => {
      const config = typeof textOrConfig === "string" ? { text: textOrConfig, values } : textOrConfig;
      const { rows } = await client.query({ text: `EXPLAIN ${config.text}`, values: config.values });
      plan = rows
        .map((row) => scan.exec(row["QUERY PLAN"])?.[1])
        .filter((found): found is string => found !== undefined);
      return { rows: [] };
    },
  } as unknown as pg.PoolClient;
  await run(explaining);
  return plan;
}
