import { createCompany } from "../../engine/companies/companies.js";
import type { Config } from "../../engine/platform/config.js";
import { createLogger } from "../../engine/platform/logger.js";
import { withMigratedDatabase } from "../../engine/platform/migrate.js";
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
  const company = await withMigratedDatabase(config, createLogger("warn"), (pool) =>
    createCompany({ pool }, name),
  );
  console.log(`company    ${company.name}`);
  console.log(`id         ${company.id}`);
  console.log(`master key ${company.masterKey}   (shown this once: keep it)`);
}
