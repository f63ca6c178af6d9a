import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createUser } from "../../engine/companies/users.js";
import { DomainError, errorMessage } from "../../engine/kernel/errors.js";
import { isUuid } from "../../engine/kernel/ids.js";
import type { Config } from "../../engine/platform/config.js";
import { createLogger } from "../../engine/platform/logger.js";
import { withMigratedDatabase } from "../../engine/platform/migrate.js";
import { CommandError } from "./client.js";

const USAGE = "usage: verdict users create --company ID --email EMAIL --name NAME --role master|agent";

/** A password of 20 characters from 15 random bytes: far over the 12 a user's needs. */
export const generatePassword = () => randomBytes(15).toString("base64url");

/**
 * `verdict users create`: creates a user of a company straight in the database (no running
 * server needed) and prints a generated password, which is shown this once.
 */
export async function usersCommand(config: Config, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      company: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
    },
  });
  const { company, email, name, role } = values;
  if (action !== "create" || !company || !email || !name || !role) throw new CommandError(USAGE);
  if (role !== "master" && role !== "agent") throw new CommandError("--role is master or agent");
  if (!isUuid(company)) throw new CommandError("--company is the company's id (a UUID)");
  const password = generatePassword();
  const user = await withMigratedDatabase(config, createLogger("warn"), async (pool) => {
    const found = await pool.query("SELECT 1 FROM companies WHERE id = $1", [company]);
    if (found.rowCount === 0) throw new CommandError(`no company has the id ${company}`);
    return createUser({ pool }, company, { email, name, role, password }, { type: "operator" }).catch(
      (error: unknown) => {
        throw error instanceof DomainError ? new CommandError(error.message) : new Error(errorMessage(error));
      },
    );
  });
  console.log(`user      ${user.name} <${user.email}> (${user.role})`);
  console.log(`id        ${user.id}`);
  console.log(`password  ${password}   (shown this once: keep it, or give it to them)`);
  console.log(`sign in   at /console/ of this Verdict`);
}
