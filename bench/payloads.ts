import type { SessionData } from "../rules/index.js";

/** One session as submitted: what the ceiling's jobs carry and what Verdict is sent. */
export interface BenchSession {
  externalId: string;
  data: SessionData;
}

/** mulberry32: a small seeded generator, so that every run submits the same sessions. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST_NAMES = [
  "Nino",
  "Giorgi",
  "Anna",
  "Luka",
  "Mariam",
  "David",
  "Sofia",
  "Jonas",
  "Emma",
  "Mateo",
  "Aiko",
  "Omar",
  "Leila",
  "Tomasz",
  "Ingrid",
  "Chen",
  "Priya",
  "Kwame",
  "Elena",
  "Rafael",
];
export const LAST_NAMES = [
  "Beridze",
  "Kapanadze",
  "Müller",
  "Rossi",
  "Nowak",
  "García",
  "Smith",
  "Tanaka",
  "Haddad",
  "Okafor",
  "Ivanova",
  "Larsen",
  "Silva",
  "Kowalski",
  "Dubois",
  "Nakamura",
  "Patel",
  "Mensah",
  "Petrov",
  "Cohen",
];
const COUNTRIES = [
  "GE",
  "DE",
  "IT",
  "PL",
  "ES",
  "GB",
  "JP",
  "LB",
  "NG",
  "UA",
  "NO",
  "BR",
  "FR",
  "IN",
  "GH",
  "US",
];
const HIGH_RISK = ["IR", "KP", "SY"];
const DOCUMENT_TYPES = ["PASSPORT", "ID_CARD", "DRIVING_LICENSE", "RESIDENCE_PERMIT"];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
const pad = (n: number) => String(n).padStart(2, "0");
const date = (year: number, random: () => number) =>
  `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;

/**
 * Realistic sessions, about 80% of which the default condition set accepts, 10% it rejects
 * (liveness, document, expiry, age, country) and 10% it parks for review (face match, MRZ).
 */
export function generateSessions(count: number, prefix: string, seed = 42): BenchSession[] {
  const random = seededRandom(seed);
  const sessions: BenchSession[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const nationality = roll < 0.01 ? pick(random, HIGH_RISK) : pick(random, COUNTRIES);
    const underage = roll >= 0.01 && roll < 0.03;
    const birthYear = underage ? 2010 + Math.floor(random() * 5) : 1950 + Math.floor(random() * 55);
    const expired = roll >= 0.03 && roll < 0.05;
    sessions.push({
      externalId: `${prefix}-${String(i).padStart(7, "0")}`,
      data: {
        documentType: pick(random, DOCUMENT_TYPES),
        liveness: { passed: !(roll >= 0.05 && roll < 0.08), score: Math.round(random() * 1000) / 1000 },
        faceMatch: {
          matchLevel:
            roll >= 0.1 && roll < 0.18 ? 1 + Math.floor(random() * 3) : 4 + Math.floor(random() * 2),
          confidence: 50 + Math.floor(random() * 50),
        },
        document: {
          valid: !(roll >= 0.08 && roll < 0.1),
          mrzValid: !(roll >= 0.18 && roll < 0.2),
          expiryDate: expired
            ? date(2015 + Math.floor(random() * 8), random)
            : date(2027 + Math.floor(random() * 10), random),
        },
        person: {
          firstName: pick(random, FIRST_NAMES),
          lastName: pick(random, LAST_NAMES),
          birthDate: date(birthYear, random),
          nationality,
          documentNumber: `${digits(random, 2)}AB${digits(random, 5)}`,
          personalNumber: digits(random, 11),
        },
        ip: {
          address: `${10 + Math.floor(random() * 200)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
          country: random() < 0.9 ? nationality : pick(random, COUNTRIES),
        },
        extra: { orderTotal: Math.round(random() * 100_000) / 100, channel: random() < 0.5 ? "web" : "app" },
      },
    });
  }
  return sessions;
}

/** The sessions as `/v1/sessions/batch` bodies of up to `size`, serialized ahead of the clock. */
export function batchBodies(sessions: readonly BenchSession[], size = 1000): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < sessions.length; start += size) {
    bodies.push(JSON.stringify({ sessions: sessions.slice(start, start + size) }));
  }
  return bodies;
}
