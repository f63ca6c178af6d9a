import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex } from "../kernel/canonical-json.js";
import type { Config } from "../platform/config.js";
import type { Context } from "../platform/context.js";
import { insertOperatorToken, replaceOperatorToken } from "../sql/operator-token.js";

/**
 * The platform operator's token: `VERDICT_OPERATOR_TOKEN` when set; else one generated at the
 * first start, whose plain form is printed that once and written to `VERDICT_DATA_DIR/operator-token`
 * (mode 600, for the operator and `verdict demo` on this machine), and whose SHA-256 is kept in
 * Postgres (a random 24-byte token needs no slow password hash). Every API process checks against
 * the kept hash, so the token stays valid across restarts until `verdict operator-token rotate`.
 */
export type OperatorToken =
  | { kind: "configured" }
  /** Made by this start: show it now, it is never shown again. */
  | { kind: "created"; token: string }
  | { kind: "kept"; file: string };

export const OPERATOR_TOKEN_PREFIX = "op_";

const generate = () => `${OPERATOR_TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;

/** Makes the operator token at the first start; answers which one is in force. */
export async function ensureOperatorToken(ctx: Pick<Context, "config" | "pool">): Promise<OperatorToken> {
  if (ctx.config.operatorToken) return { kind: "configured" };
  const token = generate();
  if (!(await insertOperatorToken(ctx.pool, sha256Hex(token)))) {
    return { kind: "kept", file: operatorTokenFile(ctx.config) };
  }
  await keepPlain(ctx.config, token);
  return { kind: "created", token };
}

/** Replaces the kept operator token with a new one, answered this once; the old one stops working at once. */
export async function rotateOperatorToken(ctx: Pick<Context, "pool" | "config">): Promise<string> {
  const token = generate();
  await replaceOperatorToken(ctx.pool, sha256Hex(token));
  await keepPlain(ctx.config, token);
  return token;
}

export const operatorTokenFile = (config: Pick<Config, "dataDir">) => join(config.dataDir, "operator-token");

/** The generated token written for this machine's operator, if it is there. */
export async function readOperatorTokenFile(config: Pick<Config, "dataDir">): Promise<string | undefined> {
  const text = await readFile(operatorTokenFile(config), "utf8").catch(() => undefined);
  return text?.trim() || undefined;
}

async function keepPlain(config: Pick<Config, "dataDir">, token: string): Promise<void> {
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(operatorTokenFile(config), `${token}\n`, { mode: 0o600 });
  await chmod(operatorTokenFile(config), 0o600);
}
