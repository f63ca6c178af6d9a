import type { UserRole } from "../kernel/model.js";
import { prepared, type Queryable } from "../platform/db.js";

export interface UserRow {
  id: string;
  companyId: string;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  twoFactor: boolean;
  createdAt: Date;
}

const COLUMNS = `id, company_id AS "companyId", email, name, role, active,
                 totp_secret IS NOT NULL AS "twoFactor", created_at AS "createdAt"`;

export async function insertUser(
  db: Queryable,
  user: { id: string; companyId: string; email: string; name: string; role: UserRole; passwordHash: string },
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, company_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (lower(email)) DO NOTHING RETURNING ${COLUMNS}`,
    [user.id, user.companyId, user.email, user.name, user.role, user.passwordHash],
  );
  return rows[0];
}

export async function selectUsers(db: Queryable, companyId: string): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE company_id = $1 ORDER BY created_at, id`,
    [companyId],
  );
  return rows;
}

export async function selectUser(db: Queryable, companyId: string, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE company_id = $1 AND id = $2`, [
    companyId,
    id,
  ]);
  return rows[0];
}

/** The user with this email (any case), with what signing in checks. */
export async function selectUserForSignIn(db: Queryable, email: string) {
  const { rows } = await db.query<UserRow & { passwordHash: string; totpSecret: string | null }>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash", totp_secret AS "totpSecret"
       FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0];
}

export async function updateUser(
  db: Queryable,
  companyId: string,
  id: string,
  change: { role?: UserRole | undefined; active?: boolean | undefined },
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET role = coalesce($3, role), active = coalesce($4, active)
      WHERE company_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [companyId, id, change.role ?? null, change.active ?? null],
  );
  return rows[0];
}

/** The company's active master users. */
export async function countActiveMasterUsers(db: Queryable, companyId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM users WHERE company_id = $1 AND role = 'master' AND active`,
    [companyId],
  );
  return rows[0]!.count;
}

export async function setPendingTotp(db: Queryable, userId: string, secret: string) {
  await db.query("UPDATE users SET totp_pending = $2 WHERE id = $1", [userId, secret]);
}

export async function selectPendingTotp(db: Queryable, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ secret: string | null }>(
    "SELECT totp_pending AS secret FROM users WHERE id = $1",
    [userId],
  );
  return rows[0]?.secret ?? null;
}

/** Makes the pending secret the user's, when it is still `secret` (a second enrolment may have replaced it). */
export async function confirmTotp(db: Queryable, userId: string, secret: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL WHERE id = $1 AND totp_pending = $2",
    [userId, secret],
  );
  return rowCount === 1;
}

// ---- cookie sessions ----

export async function insertUserSession(
  db: Queryable,
  tokenHash: string,
  userId: string,
  lifetimeMs: number,
) {
  await db.query(
    `INSERT INTO user_sessions (token_hash, user_id, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3::float8 / 1000))`,
    [tokenHash, userId, lifetimeMs],
  );
}

export interface SignedInRow extends UserRow {
  totpEnrolled: boolean;
  /** The session was last seen long enough ago that its `last_seen_at` is worth writing again. */
  stale: boolean;
}

/**
 * The active user whose session has this token hash, while the session is neither expired nor
 * idle for longer than `idleMs`.
 */
export async function selectSignedIn(
  db: Queryable,
  tokenHash: string,
  idleMs: number,
  touchAfterMs: number,
): Promise<SignedInRow | undefined> {
  const { rows } = await db.query<SignedInRow>(
    prepared(
      "signed-in-user",
      `SELECT u.id, u.company_id AS "companyId", u.email, u.name, u.role, u.active,
              u.totp_secret IS NOT NULL AS "twoFactor", u.totp_secret IS NOT NULL AS "totpEnrolled",
              u.created_at AS "createdAt",
              s.last_seen_at < now() - make_interval(secs => $3::float8 / 1000) AS stale
         FROM user_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active
          AND s.last_seen_at > now() - make_interval(secs => $2::float8 / 1000)`,
      [tokenHash, idleMs, touchAfterMs],
    ),
  );
  return rows[0];
}

export async function touchUserSession(db: Queryable, tokenHash: string) {
  await db.query("UPDATE user_sessions SET last_seen_at = now() WHERE token_hash = $1", [tokenHash]);
}

export async function deleteUserSession(db: Queryable, tokenHash: string) {
  await db.query("DELETE FROM user_sessions WHERE token_hash = $1", [tokenHash]);
}

/** Removes the user's sign-ins that ended by themselves (expired, or idle for longer than `idleMs`). */
export async function deleteEndedUserSessions(db: Queryable, userId: string, idleMs: number) {
  await db.query(
    `DELETE FROM user_sessions WHERE user_id = $1
        AND (expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $2::float8 / 1000))`,
    [userId, idleMs],
  );
}

/** Ends every sign-in of a user (deactivated), and the ones long over. */
export async function deleteUserSessions(db: Queryable, userId: string) {
  await db.query("DELETE FROM user_sessions WHERE user_id = $1 OR expires_at < now()", [userId]);
}

// ---- lockout ----

export async function insertSignInFailure(db: Queryable, email: string) {
  await db.query("INSERT INTO sign_in_failures (email) VALUES (lower($1))", [email]);
}

/**
 * The email's failures within the last `windowMs`, and when the oldest of the last `limit` of them
 * leaves the window (the lock's end, once there are `limit`).
 */
export async function selectSignInFailures(db: Queryable, email: string, windowMs: number, limit: number) {
  const { rows } = await db.query<{ count: number; unlocksInMs: number | null }>(
    `WITH recent AS (
       SELECT at FROM sign_in_failures
        WHERE email = lower($1) AND at > now() - make_interval(secs => $2::float8 / 1000)
        ORDER BY at DESC LIMIT $3)
     SELECT count(*)::int AS count,
            (extract(epoch FROM min(at) + make_interval(secs => $2::float8 / 1000) - now()) * 1000)::float8 AS "unlocksInMs"
       FROM recent`,
    [email, windowMs, limit],
  );
  return rows[0]!;
}

export async function deleteSignInFailures(db: Queryable, email: string) {
  await db.query("DELETE FROM sign_in_failures WHERE email = lower($1) OR at < now() - interval '1 day'", [
    email,
  ]);
}
