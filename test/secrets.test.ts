import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { InjectOptions } from "fastify";
import { generate } from "otplib";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, goodData, OPERATOR_TOKEN, startTestVerdict, type TestVerdict, waitFor } from "./helpers.js";
import { ROOT } from "./processes.js";
import { startReceiver } from "./receiver.js";

// Secrets stay secret: a run of every kind of call, logged by Verdict's own logger at its most
// verbose, names none of the tokens, keys, passwords, cookies, CSRF tokens, TOTP secrets and
// webhook secrets it used; every SQL statement takes its values as parameters; and no secret is
// compared with `===`.

describe("what Verdict logs", () => {
  const lines: string[] = [];
  let verdict: TestVerdict;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    verdict = await startTestVerdict({
      env: { VERDICT_WEBHOOK_ALLOW_PRIVATE: "true", VERDICT_COOKIE_SECURE: "false" },
      log: { level: "trace", destination: { write: (line: string) => lines.push(line) } },
    });
  });
  afterAll(async () => {
    await verdict?.close();
    await receiver?.close();
  });

  it("names none of the secrets a run of every kind of call used", async () => {
    const { app } = verdict;
    const secrets = new Map<string, string>([["the operator token", OPERATOR_TOKEN]]);
    const keep = (what: string, value: unknown) => {
      expect(typeof value === "string" && value.length >= 8, `${what}: ${String(value)}`).toBe(true);
      secrets.set(what, value as string);
      return value as string;
    };

    const company = (await call(app, OPERATOR_TOKEN, "POST", "/v1/companies", { name: "Secrets" })).json();
    const master = keep("the master key", company.masterKey);
    const keyOf = async (role: string) => {
      const created = await call(app, master, "POST", "/v1/api-keys", { name: `${role} app`, role });
      expect(created.statusCode).toBe(201);
      return keep(`the ${role} key`, created.json().key);
    };
    const integrator = await keyOf("integrator");
    const agent = await keyOf("agent");
    await keyOf("master");
    const madeUp = keep("a made-up key", "vk_made_up_key_that_is_not_valid_0123456789");
    expect((await call(app, madeUp, "GET", "/v1/sessions")).statusCode).toBe(401);

    // users: a password refused (too short), two accepted, a wrong one at sign-in
    const shortPassword = keep("a refused password", "short-pw-1");
    const refused = await call(app, master, "POST", "/v1/users", {
      email: "short@example.com",
      name: "Short",
      role: "agent",
      password: shortPassword,
    });
    expect(refused.statusCode).toBe(400);
    const users: { email: string; password: string }[] = [];
    for (const role of ["master", "agent"]) {
      const password = keep(`the ${role} user's password`, `${role} password of the secrets run`);
      const email = `${role}-secrets@example.com`;
      const created = await call(app, master, "POST", "/v1/users", {
        email,
        name: `${role} user`,
        role,
        password,
      });
      expect(created.statusCode, created.body).toBe(201);
      users.push({ email, password });
    }
    const wrongPassword = keep("a wrong password", "not the password of anyone");
    const wrong = await app.inject({
      method: "POST",
      url: "/v1/auth/sign-in",
      payload: { email: users[0]!.email, password: wrongPassword },
    });
    expect(wrong.statusCode).toBe(401);

    const signIn = async (email: string, password: string, code?: string) => {
      const response = await app.inject({
        method: "POST",
        url: "/v1/auth/sign-in",
        payload: { email, password, ...(code ? { code } : {}) },
      });
      expect(response.statusCode, response.body).toBe(200);
      const cookie = keep(
        `${email}'s cookie`,
        response.cookies.find((c) => c.name === "verdict_session")?.value,
      );
      const csrf = keep(`${email}'s CSRF token`, response.json().csrfToken);
      return (method: InjectOptions["method"], url: string, body?: unknown) =>
        app.inject({
          method,
          url,
          cookies: { verdict_session: cookie },
          headers: { "x-csrf-token": csrf },
          ...(body === undefined ? {} : { payload: body as InjectOptions["payload"] }),
        });
    };
    const masterUser = await signIn(users[0]!.email, users[0]!.password);
    const agentUser = await signIn(users[1]!.email, users[1]!.password);

    // two-factor: enrolment, a wrong code, the right one, then a sign-in with a code
    const enrolment = await masterUser("POST", "/v1/me/two-factor");
    const totpSecret = keep("the TOTP secret", enrolment.json().secret);
    keep("the otpauth URL", enrolment.json().otpauthUrl);
    expect((await masterUser("POST", "/v1/me/two-factor/confirm", { code: "000000" })).statusCode).toBe(400);
    const confirmed = await masterUser("POST", "/v1/me/two-factor/confirm", {
      code: await generate({ secret: totpSecret }),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await masterUser("POST", "/v1/auth/sign-out")).statusCode).toBe(204);
    const again = await signIn(users[0]!.email, users[0]!.password, await generate({ secret: totpSecret }));

    // a webhook, its secret and a rotated one
    const settings = await again("PUT", "/v1/settings", { webhook: { url: receiver.url, enabled: true } });
    expect(settings.statusCode, settings.body).toBe(200);
    const webhookSecret = keep("the webhook secret", settings.json().webhook.secret);
    expect(webhookSecret).toMatch(/^whsec_/);
    keep("the webhook secret's key", webhookSecret.slice("whsec_".length));
    const rotated = await call(app, master, "POST", "/v1/webhook/rotate-secret");
    expect(rotated.statusCode, rotated.body).toBe(200);
    keep("the rotated webhook secret", rotated.json().secret);
    keep("the rotated webhook secret's key", rotated.json().secret.slice("whsec_".length));

    // sessions submitted, parked, claimed, resolved by a person, and their webhooks delivered
    const parked = goodData({ faceMatch: { matchLevel: 1, confidence: 10 } });
    const ids: string[] = [];
    for (const [i, data] of [goodData(), parked, parked].entries()) {
      const submitted = await call(app, integrator, "POST", "/v1/sessions", {
        externalId: `secret-${i}`,
        data,
      });
      ids.push(submitted.json().id);
    }
    await waitFor(
      async () => (await call(app, agent, "GET", "/v1/awaiting-action/count")).json().count === 2,
      undefined,
      "two sessions parked",
    );
    expect((await agentUser("POST", `/v1/sessions/${ids[1]}/claim`)).statusCode).toBe(200);
    const resolved = await agentUser("POST", `/v1/sessions/${ids[1]}/resolve`, { outcome: "success" });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const rejected = await call(app, agent, "POST", `/v1/sessions/${ids[2]}/resolve`, {
      outcome: "rejected",
      reason: "SPAM",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((await agentUser("POST", `/v1/sessions/${ids[0]}/notes`, { text: "seen" })).statusCode).toBe(201);
    await waitFor(() => receiver.received.length >= 5, undefined, "the webhooks delivered");

    // the operator's token in Bull Board's basic auth too
    const board = await app.inject({
      method: "GET",
      url: "/admin/queues/api/queues",
      headers: { authorization: `Basic ${Buffer.from(`operator:${OPERATOR_TOKEN}`).toString("base64")}` },
    });
    expect(board.statusCode).toBe(200);
    keep("the operator's basic auth", Buffer.from(`operator:${OPERATOR_TOKEN}`).toString("base64"));

    // what was logged is what Verdict logs: requests, jobs and webhooks, at every level
    const log = lines.join("");
    expect(lines.length).toBeGreaterThan(50);
    expect(log).toContain("incoming request");
    expect(log).toContain("/v1/auth/sign-in");
    expect(log).toContain("/v1/me/two-factor/confirm");
    expect(log).toContain(company.id);
    expect(secretsIn(log, secrets)).toEqual([]);
    // and the look finds a secret that is there
    expect(secretsIn(`{"msg":"oops","key":"${integrator}"}`, secrets)).toEqual(["the integrator key"]);
    console.log(`${lines.length} log lines, none naming any of ${secrets.size} secrets`);
  });
});

/** The names of the secrets that `text` holds. */
function secretsIn(text: string, secrets: Map<string, string>): string[] {
  return [...secrets].filter(([, value]) => text.includes(value)).map(([what]) => what);
}

const sourceFiles = (folder: string) =>
  readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name));

const parse = (file: string, text = readFileSync(file, "utf8")) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

const at = (node: ts.Node) =>
  `${relative(ROOT, node.getSourceFile().fileName)}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

/** Text that reads as SQL: Verdict writes its keywords in capitals. */
const SQL =
  /\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|SET|VALUES|RETURNING|JOIN|IS NULL|IS TRUE|ORDER BY|LIMIT)\b/;

/**
 * Finds SQL text that is not constant: a template or concatenation reading as SQL that splices in
 * anything but named constant fragments, and the SQL argument of a query that is not constant.
 * Constant: literals; module-level `const`s whose value is constant (in this file or imported from
 * another); a choice between constants (`newest ? "DESC" : "ASC"`); a call of a module-level
 * fragment helper with constant arguments, whose parameters count as constant inside it only
 * because every call passes constants; and a constant list mapped to text (`KINDS.map(…).join(…)`).
 */
function unparameterisedSql(files: { name: string; text: string }[]): string[] {
  const sources = new Map(files.map(({ name, text }) => [name, parse(name, text)]));
  const problems: string[] = [];

  const moduleConst = (source: ts.SourceFile, name: string): ts.VariableDeclaration | undefined => {
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const))
        continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
      }
    }
    return undefined;
  };
  const imported = (source: ts.SourceFile, name: string): ts.VariableDeclaration | undefined => {
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      if (!bindings.elements.some((element) => element.name.text === name)) continue;
      const path = join(dirname(source.fileName), statement.moduleSpecifier.text.replace(/\.js$/, ".ts"));
      const from = sources.get(path) ?? parse(path);
      sources.set(path, from);
      return moduleConst(from, name);
    }
    return undefined;
  };
  const helperParameters = new Set<ts.ParameterDeclaration>();
  const callsOf = (source: ts.SourceFile, name: string): ts.CallExpression[] => {
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name)
        calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(source);
    return calls;
  };

  const constant = (node: ts.Expression, seen = new Set<ts.Node>()): boolean => {
    if (seen.has(node)) return true;
    seen.add(node);
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return constant(node.expression, seen);
    if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return true;
    if (ts.isTemplateExpression(node))
      return node.templateSpans.every((span) => constant(span.expression, seen));
    if (ts.isArrayLiteralExpression(node)) return node.elements.every((element) => constant(element, seen));
    if (ts.isConditionalExpression(node))
      return constant(node.whenTrue, seen) && constant(node.whenFalse, seen);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return constant(node.left, seen) && constant(node.right, seen);
    if (ts.isIdentifier(node)) {
      const source = node.getSourceFile();
      const parameter = enclosingParameter(node);
      if (parameter) return helperParameters.has(parameter);
      const declaration = moduleConst(source, node.text) ?? imported(source, node.text);
      return declaration?.initializer !== undefined && constant(declaration.initializer, seen);
    }
    if (ts.isCallExpression(node)) {
      // KINDS.map((kind) => `'${kind}'`).join(", "): a constant list as text
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && ["map", "join"].includes(callee.name.text)) {
        return (
          constant(callee.expression, seen) &&
          node.arguments.every((argument) => ts.isArrowFunction(argument) || constant(argument, seen))
        );
      }
      // a fragment helper of this module: constant arguments make a constant fragment
      if (ts.isIdentifier(callee)) {
        const helper = moduleConst(node.getSourceFile(), callee.text)?.initializer;
        if (!helper || !ts.isArrowFunction(helper)) return false;
        return node.arguments.every((argument) => constant(argument, seen));
      }
    }
    return false;
  };

  /** The parameter `identifier` names, if it names one of an enclosing function. */
  const enclosingParameter = (identifier: ts.Identifier): ts.ParameterDeclaration | undefined => {
    for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
      if (ts.isFunctionLike(node)) {
        const parameter = node.parameters.find(
          (p) => ts.isIdentifier(p.name) && p.name.text === identifier.text,
        );
        if (parameter) return parameter;
      }
    }
    return undefined;
  };

  for (const source of [...sources.values()]) {
    // fragment helpers: a module-level arrow function each of whose calls passes constants
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const helper = declaration.initializer;
        if (!helper || !ts.isArrowFunction(helper) || !ts.isIdentifier(declaration.name)) continue;
        const calls = callsOf(source, declaration.name.text);
        if (calls.length > 0 && calls.every((c) => c.arguments.every((argument) => constant(argument))))
          for (const parameter of helper.parameters) helperParameters.add(parameter);
      }
    }
  }

  const madeByNew = (source: ts.SourceFile, name: string): boolean => {
    let found = false;
    const visit = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name)
        found ||= node.initializer !== undefined && ts.isNewExpression(node.initializer);
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  };

  const sqlArgument = (node: ts.CallExpression | ts.NewExpression): ts.Expression | undefined => {
    const callee = node.expression;
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : "";
    const args = node.arguments ?? ts.factory.createNodeArray();
    if (ts.isNewExpression(node)) return ["QueryStream", "Cursor"].includes(name) ? args[0] : undefined;
    if (name === "query") {
      const first = args[0];
      // prepared(…), or a QueryStream or Cursor made above: its text is checked where it is made
      if (first && ts.isCallExpression(first)) return undefined;
      if (first && ts.isIdentifier(first) && madeByNew(node.getSourceFile(), first.text)) return undefined;
      return first && ts.isObjectLiteralExpression(first) ? undefined : first;
    }
    if (name === "prepared" || name === "readInBatches") return args[1];
    return undefined;
  };

  for (const source of sources.values()) {
    if (!files.some((file) => file.name === source.fileName)) continue;
    const visit = (node: ts.Node) => {
      if (ts.isTemplateExpression(node)) {
        const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(" ");
        if (SQL.test(text)) {
          for (const span of node.templateSpans) {
            if (!constant(span.expression))
              problems.push(`${at(span.expression)}: splices ${span.expression.getText()} into SQL`);
          }
        }
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const sides = [node.left, node.right];
        if (sides.some((side) => ts.isStringLiteralLike(side) && SQL.test(side.text)) && !constant(node))
          problems.push(`${at(node)}: ${node.getText()} builds SQL by +`);
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const argument = sqlArgument(node);
        if (argument && !constant(argument))
          problems.push(`${at(argument)}: the SQL text ${argument.getText()} is not constant`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return problems;
}

/** Names that hold a secret, or what stands for one (its hash). */
const SECRET_NAME = /token|key|hash|secret|csrf|password/i;
/**
 * Comparisons of such names that are not of a secret, each with why: the SHA-256 of a session's
 * data that its own company sent, compared to find a resubmission of the same data.
 */
const NOT_SECRET = new Set(["found.dataHash === candidate.dataHash"]);

/** Comparisons with `===`, `!==`, `==`, `!=` or `.equals` of a secret's name with anything but a literal. */
function plainSecretComparisons(files: { name: string; text: string }[]): string[] {
  const EQUALITY = new Set([
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ]);
  const nameOf = (node: ts.Expression): string | undefined => {
    if (ts.isIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) return node.name.text;
    if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression))
      return node.argumentExpression.text;
    if (ts.isCallExpression(node)) return nameOf(node.expression);
    return undefined;
  };
  const literal = (node: ts.Expression) =>
    ts.isLiteralExpression(node) ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(node) && node.text === "undefined") ||
    ts.isTypeOfExpression(node);
  const secret = (node: ts.Expression) => {
    const name = nameOf(node);
    return name !== undefined && SECRET_NAME.test(name) && !/length$/i.test(name);
  };
  const problems: string[] = [];
  for (const { name, text } of files) {
    const visit = (node: ts.Node) => {
      if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
        const { left, right } = node;
        if (
          (secret(left) || secret(right)) &&
          !literal(left) &&
          !literal(right) &&
          !NOT_SECRET.has(node.getText())
        )
          problems.push(`${at(node)}: ${node.getText()}`);
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === "equals" &&
        (secret(node.expression.expression) || node.arguments.some(secret))
      )
        problems.push(`${at(node)}: ${node.getText()}`);
      ts.forEachChild(node, visit);
    };
    visit(parse(name, text));
  }
  return problems;
}

const read = (files: string[]) => files.map((name) => ({ name, text: readFileSync(name, "utf8") }));

describe("the code", () => {
  it("passes every value into SQL as a parameter, splicing in only named constant fragments", () => {
    const files = read(sourceFiles("engine/sql"));
    expect(files.length).toBeGreaterThan(10);
    expect(unparameterisedSql(files)).toEqual([]);

    // the check refuses what it should: a value spliced in, by template or by +, a query's text built
    // elsewhere, and a helper called with a value
    const planted = join(ROOT, "engine/sql/planted.ts");
    const bad = `
      import type { Queryable } from "../platform/db.js";
      const COLUMNS = "id, name";
      const byColumn = (column: string) => \`\${column} = $1\`;
      export const findByName = (db: Queryable, name: string) =>
        db.query(\`SELECT \${COLUMNS} FROM companies WHERE name = '\${name}'\`);
      export const findByEmail = (db: Queryable, email: string) =>
        db.query("SELECT id FROM users WHERE email = '" + email + "'");
      export const run = (db: Queryable, text: string) => db.query(text, []);
      export const findBy = (db: Queryable, column: string) =>
        db.query(\`SELECT id FROM users WHERE \${byColumn(column)}\`, ["x"]);`;
    const flagged = unparameterisedSql([{ name: planted, text: bad }]);
    expect([...new Set(flagged.map((problem) => Number(problem.split(":")[1])))]).toEqual([6, 8, 9, 11]);
    expect(flagged).toContain("engine/sql/planted.ts:6: splices name into SQL");
    expect(flagged).toContain("engine/sql/planted.ts:11: splices byColumn(column) into SQL");
    // and takes what Verdict writes: constant fragments, a choice between them, a helper given a placeholder
    const good = `
      import type { Queryable } from "../platform/db.js";
      const COLUMNS = "id, name";
      const KINDS = ["a", "b"] as const;
      const ORDER = \`array_position(ARRAY[\${KINDS.map((kind) => \`'\${kind}'\`).join(", ")}], kind)\`;
      const ownedBy = (param: string) => \`(company_id = \${param})\`;
      export const list = (db: Queryable, companyId: string, newest: boolean) =>
        db.query(\`SELECT \${COLUMNS} FROM t WHERE \${ownedBy("$1")} ORDER BY \${ORDER}, id \${newest ? "DESC" : "ASC"}\`, [companyId]);`;
    expect(unparameterisedSql([{ name: planted, text: good }])).toEqual([]);
  });

  it("compares no secret with ===; timingSafeEqual does", () => {
    const files = read([...sourceFiles("engine"), ...sourceFiles("api")]);
    expect(plainSecretComparisons(files)).toEqual([]);
    expect(files.some(({ text }) => text.includes("timingSafeEqual("))).toBe(true);

    const planted = join(ROOT, "api/planted.ts");
    const bad = `
      export const sameToken = (sent: string, expected: { token: string }) => sent === expected.token;
      export const csrfDiffers = (csrfToken: string, header: string) => header !== csrfToken;
      export const sameHash = (keyHash: Buffer, other: Buffer) => keyHash.equals(other);
      export const present = (token?: string) => token !== undefined && typeof token === "string";`;
    expect(plainSecretComparisons([{ name: planted, text: bad }])).toEqual([
      "api/planted.ts:2: sent === expected.token",
      "api/planted.ts:3: header !== csrfToken",
      "api/planted.ts:4: keyHash.equals(other)",
    ]);
  });
});
