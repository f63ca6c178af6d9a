import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import argon2 from "argon2";
import { generateSecret, generateURI, verify } from "otplib";
import { recordActivity } from "../audit/activity.js";
import { sha256Hex } from "../kernel/canonical-json.js";
import { badRequest, conflict, DomainError, notFound } from "../kernel/errors.js";
import { isUuid, uuidv7 } from "../kernel/ids.js";
import type { Actor, Principal, Settings, UserRole } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { settingsEntry } from "../platform/key-and-settings-cache.js";
import { selectSettings, selectSettingsForUpdate } from "../sql/companies.js";
import { countLiveMasterKeys } from "../sql/keys.js";
import {
  confirmTotp,
  countActiveMasterUsers,
  deleteEndedUserSessions,
  deleteSignInFailures,
  deleteUserSession,
  deleteUserSessions,
  insertSignInFailure,
  insertUser,
  insertUserSession,
  selectPendingTotp,
  selectSignedIn,
  selectSignInFailures,
  selectUser,
  selectUserForSignIn,
  selectUsers,
  setPendingTotp,
  touchUserSession,
  type UserRow,
  updateUser as writeUser,
} from "../sql/users.js";

/** A sign-in lasts 12 hours at most, and ends after 30 minutes without a request. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;
export const SESSION_IDLE_MS = 30 * 60_000;
/** How stale a session's last request may be before it is written again (not on every request). */
const TOUCH_AFTER_MS = 60_000;
/** Five failed sign-ins of one email within 15 minutes lock it for 15 minutes. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const MIN_PASSWORD_LENGTH = 12;
const TOTP_ISSUER = "Verdict";

export type UserView = Omit<UserRow, "companyId" | "createdAt"> & { createdAt: string };

const userView = ({ companyId: _, createdAt, ...user }: UserRow): UserView => ({
  ...user,
  createdAt: createdAt.toISOString(),
});

/** How a user is named as an actor. */
const userActor = (user: { id: string; name: string }): Actor => ({
  type: "user",
  id: user.id,
  name: user.name,
});

/** Passwords are hashed with argon2id (its defaults: 64 MiB, 3 passes), never stored. */
const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

/**
 * A hash verified when no user has the email, so that an unknown email costs what a wrong password
 * does and the answer's timing does not tell which it was.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
};

/** Creates a user of the company; the email is unique across Verdict (`409`). */
export async function createUser(
  { pool }: Pick<Context, "pool">,
  companyId: string,
  input: { email: string; name: string; role: UserRole; password: string },
  actor: Actor,
): Promise<UserView> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest("VALIDATION_ERROR", `/password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(input.password);
  return withTransaction(pool, async (tx) => {
    const row = await insertUser(tx, {
      id: uuidv7(),
      companyId,
      ...input,
      email: input.email.trim(),
      passwordHash,
    });
    if (!row) throw conflict("CONFLICT", `a user with the email ${input.email} exists already`);
    await recordActivity(tx, companyId, actor, {
      action: "user.created",
      target: row.id,
      details: { email: row.email, name: row.name, role: row.role },
    });
    return userView(row);
  });
}

export async function listUsers({ pool }: Pick<Context, "pool">, companyId: string): Promise<UserView[]> {
  return (await selectUsers(pool, companyId)).map(userView);
}

/**
 * The ways back in as a master that the company keeps: its live master keys and active master
 * users. Read it with the company row locked, so that two changes cannot both count the other's
 * master as still there.
 */
export async function remainingMasters(tx: Queryable, companyId: string): Promise<number> {
  return (await countLiveMasterKeys(tx, companyId)) + (await countActiveMasterUsers(tx, companyId));
}

/**
 * Changes a user's role or whether they are active. A master can neither deactivate nor demote
 * themself (`409`), and the company keeps a master (`409 LAST_MASTER`). A deactivated user's
 * sign-ins end at once.
 */
export async function updateUser(
  { pool }: Pick<Context, "pool">,
  companyId: string,
  id: string,
  change: { role?: UserRole | undefined; active?: boolean | undefined },
  actor: Actor,
): Promise<UserView> {
  if (actor.type === "user" && actor.id === id && (change.active === false || change.role === "agent")) {
    throw conflict("SELF_CHANGE", "a master can neither deactivate nor demote themself; ask another master");
  }
  return withTransaction(pool, async (tx) => {
    if (!isUuid(id) || !(await selectSettingsForUpdate(tx, companyId))) throw notFound("user");
    const before = await selectUser(tx, companyId, id);
    if (!before) throw notFound("user");
    const row = (await writeUser(tx, companyId, id, change))!;
    if (before.role === "master" && before.active && (row.role !== "master" || !row.active)) {
      if ((await remainingMasters(tx, companyId)) === 0) {
        throw conflict("LAST_MASTER", "a company keeps at least one master: make another master first");
      }
    }
    if (!row.active) await deleteUserSessions(tx, id);
    await recordActivity(tx, companyId, actor, {
      action: "user.updated",
      target: id,
      details: { email: row.email, ...change },
    });
    return userView(row);
  });
}

// ---- signing in ----

/** A signed-in browser: the cookie's token (shown this once) and what a write must send with it. */
export interface SignedIn {
  token: string;
  csrfToken: string;
  user: UserView;
}

/** The CSRF token of a sign-in, derived from its cookie's token, so that nothing more is stored. */
export const csrfTokenOf = (token: string) => createHmac("sha256", token).update("csrf").digest("base64url");

const invalidCredentials = () =>
  new DomainError(401, "INVALID_CREDENTIALS", "the email or the password is not right");

/**
 * Signs a user in by email and password, and by a TOTP code once they enrolled. Wrong credentials
 * answer the same whether or not the email exists. Each failure counts against the email; five
 * within 15 minutes lock it (`429 LOCKED_OUT`) until the oldest of them is 15 minutes old.
 */
export async function signIn(
  { pool }: Pick<Context, "pool">,
  input: { email: string; password: string; code?: string | undefined },
): Promise<SignedIn> {
  const email = input.email.trim();
  const failures = await selectSignInFailures(pool, email, LOCKOUT_WINDOW_MS, LOCKOUT_FAILURES);
  if (failures.count >= LOCKOUT_FAILURES) throw lockedOut(failures.unlocksInMs ?? LOCKOUT_WINDOW_MS);

  const user = await selectUserForSignIn(pool, email);
  const passwordRight = await argon2.verify(user?.passwordHash ?? (await decoy()), input.password);
  const fail = async (error: DomainError) => {
    await withTransaction(pool, async (tx) => {
      await insertSignInFailure(tx, email);
      if (user) {
        await recordActivity(tx, user.companyId, userActor(user), {
          action: "user.sign_in_failed",
          target: user.id,
          details: { reason: error.code },
        });
      }
    });
    return error;
  };
  if (!user?.active || !passwordRight) throw await fail(invalidCredentials());
  if (user.totpSecret) {
    if (!input.code) {
      throw new DomainError(
        401,
        "TWO_FACTOR_REQUIRED",
        "this user signs in with a two-factor code: send `code`",
      );
    }
    if (!(await totpMatches(input.code, user.totpSecret))) {
      throw await fail(new DomainError(401, "TWO_FACTOR_INVALID", "the two-factor code is not right"));
    }
  }

  const token = randomBytes(32).toString("base64url");
  await withTransaction(pool, async (tx) => {
    await deleteEndedUserSessions(tx, user.id, SESSION_IDLE_MS);
    await insertUserSession(tx, sha256Hex(token), user.id, SESSION_LIFETIME_MS);
    await deleteSignInFailures(tx, email);
    await recordActivity(tx, user.companyId, userActor(user), { action: "user.signed_in", target: user.id });
  });
  return { token, csrfToken: csrfTokenOf(token), user: userView(user) };
}

function lockedOut(unlocksInMs: number) {
  const error = new DomainError(
    429,
    "LOCKED_OUT",
    "too many failed sign-ins for this email: try again after the Retry-After header's seconds",
  );
  error.retryAfterSeconds = Math.max(1, Math.ceil(unlocksInMs / 1000));
  return error;
}

/**
 * The signed-in user a cookie's token belongs to, as a principal, or undefined when the sign-in
 * ended (signed out, over 12 hours, 30 minutes idle) or the user was deactivated. Read from
 * Postgres on every request, so that any API process accepts a sign-in and a deactivation ends it
 * everywhere at once.
 */
export async function authenticateUser(ctx: Pick<Context, "pool" | "cache">, token: string) {
  const sessionHash = sha256Hex(token);
  const user = await selectSignedIn(ctx.pool, sessionHash, SESSION_IDLE_MS, TOUCH_AFTER_MS);
  if (!user) return undefined;
  if (user.stale) await touchUserSession(ctx.pool, sessionHash);
  const settings = await ctx.cache.get(settingsEntry(user.companyId), () =>
    selectSettings(ctx.pool, user.companyId),
  );
  const principal: Principal = {
    kind: "user",
    userId: user.id,
    companyId: user.companyId,
    role: user.role,
    name: user.name,
    sessionHash,
    csrfToken: csrfTokenOf(token),
    mustEnrolTwoFactor: !user.totpEnrolled && mustHaveTwoFactor(settings, user.role),
  };
  return principal;
}

const mustHaveTwoFactor = (settings: Settings | undefined, role: UserRole) => {
  const required = settings?.security.requireTwoFactor ?? "none";
  return required === "all" || (required === "masters" && role === "master");
};

/** Two secrets compared in constant time (a CSRF header against the sign-in's token). */
export function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sha256Hex(sent), "hex");
  const b = Buffer.from(sha256Hex(expected), "hex");
  return timingSafeEqual(a, b);
}

export async function signOut(
  { pool }: Pick<Context, "pool">,
  principal: Extract<Principal, { kind: "user" }>,
): Promise<void> {
  await withTransaction(pool, async (tx) => {
    await deleteUserSession(tx, principal.sessionHash);
    await recordActivity(tx, principal.companyId, userActor({ id: principal.userId, name: principal.name }), {
      action: "user.signed_out",
      target: principal.userId,
    });
  });
}

// ---- two-factor ----

const totpMatches = async (code: string, secret: string) =>
  /^\d{6}$/.test(code) && (await verify({ secret, token: code, epochTolerance: 30 })).valid;

/**
 * Starts (or restarts) two-factor enrolment: a new secret, kept pending until a code made with it
 * is confirmed. Answers the secret and the `otpauth://` URL an authenticator app reads.
 */
export async function startTwoFactor(
  { pool }: Pick<Context, "pool">,
  principal: Extract<Principal, { kind: "user" }>,
) {
  const user = await selectUser(pool, principal.companyId, principal.userId);
  if (!user) throw notFound("user");
  const secret = generateSecret();
  await setPendingTotp(pool, user.id, secret);
  return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label: user.email, secret }) };
}

/** Confirms enrolment with a code of the pending secret; from then on sign-in needs a code. */
export async function confirmTwoFactor(
  { pool }: Pick<Context, "pool">,
  principal: Extract<Principal, { kind: "user" }>,
  code: string,
): Promise<UserView> {
  const secret = await selectPendingTotp(pool, principal.userId);
  if (!secret) {
    throw conflict("TWO_FACTOR_NOT_STARTED", "start two-factor enrolment first: POST /v1/me/two-factor");
  }
  if (!(await totpMatches(code, secret))) {
    throw badRequest("TWO_FACTOR_INVALID", "the two-factor code is not right for the secret being enrolled");
  }
  return withTransaction(pool, async (tx) => {
    if (!(await confirmTotp(tx, principal.userId, secret))) {
      throw conflict("TWO_FACTOR_NOT_STARTED", "the enrolment changed meanwhile: start it again");
    }
    await recordActivity(tx, principal.companyId, userActor({ id: principal.userId, name: principal.name }), {
      action: "user.two_factor_enrolled",
      target: principal.userId,
    });
    return userView((await selectUser(tx, principal.companyId, principal.userId))!);
  });
}
