import { createCompany } from "../../engine/companies/companies.js";
import type { Config } from "../../engine/platform/config.js";
import { createPool } from "../../engine/platform/db.js";
import { ensureDatabase, migrate } from "../../engine/platform/migrate.js";
import { CommandError } from "./client.js";

/**
 * `verdict companies create NAME`: creates a company straight in the database (no running server
 * needed) and prints its id and master key, which is shown this once.
 */
export async function companiesCommand(config: Config, args: string[]): Promise<void> {
  const [action, ...words] = args;
  const name = words.join(" ").trim();
  if (action !== "create" || !name) throw new CommandError('usage: verdict companies create "NAME"');
  if (name.length > 200) throw new CommandError("a company name has at most 200 characters");
  await ensureDatabase(config.databaseUrl);
  const pool = createPool(config.databaseUrl, 2);
  try {
    await migrate(pool);
    const company = await createCompany({ pool }, name);
    console.log(`company    ${company.name}`);
    console.log(`id         ${company.id}`);
    console.log(`master key ${company.masterKey}   (shown this once: keep it)`);
  } finally {
    await pool.end();
  }
}
