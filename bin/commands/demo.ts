import { randomBytes } from "node:crypto";
import { CommandError, errorText, VerdictClient } from "./client.js";
import { documentBackImage, documentFrontImage, selfieImage } from "./demo-images.js";
import { Progress } from "./progress.js";
import { type Entry, formatSummary, submitEntries } from "./submit.js";
import { generatePassword } from "./users.js";

export interface DemoOptions {
  url: string;
  operatorToken: string;
  sessions?: number;
}

const PEOPLE: Record<string, { first: string[]; last: string[] }> = {
  GE: {
    first: ["Nino", "Giorgi", "Mariam", "Luka", "Ana", "Davit"],
    last: ["Beridze", "Kapanadze", "Gelashvili", "Lomidze"],
  },
  DE: {
    first: ["Lena", "Jonas", "Mia", "Felix", "Hannah", "Paul"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer"],
  },
  FR: {
    first: ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Arthur"],
    last: ["Martin", "Bernard", "Dubois", "Lefèvre"],
  },
  ES: {
    first: ["Lucía", "Hugo", "Sofía", "Martín", "Paula", "Pablo"],
    last: ["García", "Fernández", "López", "Martínez"],
  },
  PL: {
    first: ["Zofia", "Jakub", "Julia", "Antoni", "Maja", "Szymon"],
    last: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik"],
  },
  UA: {
    first: ["Sofiia", "Maksym", "Anna", "Artem", "Mariia", "Dmytro"],
    last: ["Melnyk", "Shevchenko", "Bondarenko", "Kovalenko"],
  },
  GB: {
    first: ["Olivia", "Oliver", "Amelia", "George", "Isla", "Harry"],
    last: ["Smith", "Jones", "Taylor", "Brown"],
  },
  NG: {
    first: ["Chiamaka", "Emeka", "Ngozi", "Tunde", "Aisha", "Ibrahim"],
    last: ["Okafor", "Adeyemi", "Balogun", "Eze"],
  },
  IN: {
    first: ["Aarav", "Ananya", "Vihaan", "Diya", "Arjun", "Saanvi"],
    last: ["Sharma", "Patel", "Singh", "Reddy"],
  },
  BR: {
    first: ["Helena", "Miguel", "Alice", "Arthur", "Laura", "Heitor"],
    last: ["Silva", "Santos", "Oliveira", "Souza"],
  },
  IR: {
    first: ["Parisa", "Reza", "Shirin", "Ali", "Maryam", "Hossein"],
    last: ["Hosseini", "Ahmadi", "Karimi", "Rezaei"],
  },
};
const COUNTRIES = Object.keys(PEOPLE);
const DOCUMENTS = ["PASSPORT", "ID_CARD", "DRIVING_LICENSE"];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const chance = (p: number) => Math.random() < p;
const between = (min: number, max: number) => min + Math.random() * (max - min);
const day = (date: Date) => date.toISOString().slice(0, 10);
const yearsAgo = (years: number) => new Date(Date.now() - years * 365.25 * 86_400_000);

/** A plausible session: mostly clean, with the usual share of failed checks, minors and big orders. */
export function demoSession(run: string, n: number): { externalId: string; data: unknown } {
  const nationality = chance(0.03) ? "IR" : pick(COUNTRIES.filter((c) => c !== "IR"));
  const people = PEOPLE[nationality]!;
  const age = chance(0.02) ? between(14, 18) : between(18, 80);
  const matchLevel = chance(0.9) ? pick([4, 5, 5, 5]) : pick([1, 2, 3]);
  return {
    externalId: `demo-${run}-${String(n).padStart(5, "0")}`,
    data: {
      documentType: pick(DOCUMENTS),
      liveness: { passed: !chance(0.04), score: Number(between(0.5, 1).toFixed(3)) },
      faceMatch: { matchLevel, confidence: Math.round(between(matchLevel * 15, matchLevel * 19 + 5)) },
      document: {
        valid: !chance(0.02),
        mrzValid: !chance(0.03),
        expiryDate: day(chance(0.03) ? yearsAgo(between(0.1, 3)) : yearsAgo(-between(0.2, 10))),
      },
      person: {
        firstName: pick(people.first),
        lastName: pick(people.last),
        birthDate: day(yearsAgo(age)),
        nationality,
        documentNumber: randomBytes(5).toString("hex").toUpperCase(),
        personalNumber: String(Math.floor(between(1e10, 1e11))),
      },
      ip: {
        address: `198.51.100.${Math.floor(between(1, 255))}`,
        country: chance(0.9) ? nationality : pick(COUNTRIES),
      },
      extra: { orderTotal: Math.round(Math.exp(between(2, 9.5)) * 100) / 100 },
    },
  };
}

/** Sessions besides the parked ones that get evidence: the newest, which lists show first. */
const NEWEST_WITH_EVIDENCE = 200;
const UPLOADS_IN_FLIGHT = 8;

/**
 * Uploads drawn evidence (selfie, document front and back) for every parked session and the
 * newest others, as the integrator's app would. Answers for how many sessions, and one of them
 * (parked, if any) for the commands the demo suggests.
 */
async function uploadEvidence(
  integrator: VerdictClient,
  reader: VerdictClient,
): Promise<{ sessions: number; example: string | undefined }> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await reader.expect(
      200,
      "GET",
      `/v1/awaiting-action?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  const newest = await reader.expect<{ items: { id: string }[] }>(
    200,
    "GET",
    `/v1/sessions?limit=${NEWEST_WITH_EVIDENCE}`,
  );
  for (const item of newest.items) ids.add(item.id);

  const queue = [...ids];
  const example = queue[0];
  const progress = new Progress(process.stderr, queue.length, { items: "sessions with evidence" });
  let done = 0;
  const worker = async () => {
    for (let id = queue.pop(); id; id = queue.pop()) {
      const seed = Number.parseInt(id.slice(-6), 16);
      for (const [kind, bytes] of [
        ["selfie", selfieImage(seed)],
        ["document_front", documentFrontImage(seed)],
        ["document_back", documentBackImage(seed)],
      ] as const) {
        const answer = await integrator.upload(`/v1/sessions/${id}/media/${kind}`, bytes, "image/png");
        if (answer.status !== 201 && answer.status !== 200) {
          throw new CommandError(
            `uploading the ${kind} of ${id} answered ${answer.status}: ${errorText(answer.body)}`,
          );
        }
      }
      progress.update(++done, done);
    }
  };
  await Promise.all(Array.from({ length: UPLOADS_IN_FLIGHT }, worker));
  progress.finish(done, done);
  return { sessions: done, example };
}

async function* generate(run: string, count: number): AsyncGenerator<Entry> {
  for (let n = 1; n <= count; n += 1) yield { line: n, session: demoSession(run, n), units: 1 };
}

/**
 * `verdict demo`: against a running Verdict, creates a demo company with its own settings, rules,
 * keys and two users of the console (a master and an agent), streams a few thousand realistic sessions through `submit`'s code, waits for the
 * decisions, and prints what happened and where to look next.
 */
export async function demoCommand(options: DemoOptions): Promise<void> {
  const count = options.sessions ?? 3000;
  const operator = new VerdictClient(options.url, options.operatorToken);
  const stamp = new Date().toISOString().slice(0, 19).replace("T", " ");
  const company = await operator.expect<{ id: string; name: string; masterKey: string }>(
    201,
    "POST",
    "/v1/companies",
    { name: `Demo ${stamp}` },
  );
  const master = new VerdictClient(options.url, company.masterKey);
  await master.expect(200, "PUT", "/v1/settings", {
    awaitingAction: { enabled: true, slaHours: 24, onExpiry: "keep" },
    highRiskCountries: ["IR", "KP", "SY"],
    extraFields: [{ name: "orderTotal", type: "number", required: true }],
  });
  const defaults = await master.expect<{ rules: unknown[] }>(200, "GET", "/v1/rules");
  const rules = await master.expect<{ version: number }>(200, "PUT", "/v1/rules", {
    rules: [
      ...defaults.rules,
      {
        conditions: { all: [{ fact: "extra", path: "$.orderTotal", operator: "greaterThan", value: 5000 }] },
        event: {
          type: "review",
          params: { reason: "LARGE_ORDER", message: "orders over 5000 are checked by a person" },
        },
      },
    ],
  });
  const key = async (role: string) =>
    (await master.expect<{ key: string }>(201, "POST", "/v1/api-keys", { name: `demo ${role}`, role })).key;
  const integratorKey = await key("integrator");
  const agentKey = await key("agent");
  const user = async (role: "master" | "agent", name: string) => {
    const email = `${role}-${run}@demo.example`;
    const password = generatePassword();
    await master.expect(201, "POST", "/v1/users", { email, name, role, password });
    return { email, password };
  };
  const run = randomBytes(3).toString("hex");
  const masterUser = await user("master", "Demo Master");
  const agentUser = await user("agent", "Demo Agent");

  console.log(`Created ${company.name}: its default rules plus LARGE_ORDER (version ${rules.version}),`);
  console.log("high-risk countries IR, KP, SY, keys for an integrator and an agent, and two users.");
  console.log(`Submitting ${count.toLocaleString("en")} generated sessions…`);
  const summary = await submitEntries(generate(run, count), count, {
    url: options.url,
    key: integratorKey,
    waitSeconds: 120,
  });
  console.log(formatSummary(summary, "the generator"));

  const dashboard = await master.request<{ topReasons: { reason: string; count: number }[] }>(
    "GET",
    "/v1/dashboard",
  );
  if (dashboard.status === 200 && dashboard.body.topReasons.length > 0) {
    console.log(`Top reasons: ${dashboard.body.topReasons.map((r) => `${r.reason} ${r.count}`).join(", ")}`);
  }
  if (summary.accepted === 0) throw new CommandError("no session was accepted");
  const evidence = await uploadEvidence(new VerdictClient(options.url, integratorKey), master);
  console.log(`Uploaded a selfie and the document's front and back for ${evidence.sessions} sessions.`);

  const base = options.url.replace(/\/$/, "");
  const example = evidence.example ?? "<session id>";
  console.log(`
Try it:
  Console      ${base}/console/
               sign in as the master ${masterUser.email}  password ${masterUser.password}
               or as the agent       ${agentUser.email}  password ${agentUser.password}
  API docs     ${base}/docs
  Bull Board   ${base}/admin/queues   (user: anything, password: the operator token)

  company      ${company.id}
  master key   ${company.masterKey}
  agent key    ${agentKey}
  integrator   ${integratorKey}

  curl -s '${base}/v1/awaiting-action?limit=5' -H 'Authorization: Bearer ${agentKey}'
  curl -s '${base}/v1/sessions/${example}/media/selfie' -H 'Authorization: Bearer ${agentKey}' -o selfie.png
  curl -s '${base}/v1/sessions/${example}/report.pdf' -H 'Authorization: Bearer ${agentKey}' -o report.pdf
  curl -s '${base}/v1/dashboard' -H 'Authorization: Bearer ${company.masterKey}'`);
}
