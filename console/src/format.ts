/** How the console writes times, durations and a session's person. */
import type { components } from "./api/client";

export type Session = components["schemas"]["Session"];
export type SessionWithHistory = components["schemas"]["SessionWithHistory"];
export type Actor = components["schemas"]["Actor"];

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const count = new Intl.NumberFormat("en-GB");

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dateTime.format(new Date(iso)) : "—";
export const formatCount = (n: number) => count.format(n);

/** A duration the way a reviewer reads it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return ms < 1000 ? `${Math.round(ms)} ms` : `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export const ageOf = (iso: string) => Date.now() - Date.parse(iso);

export const STATUS_LABELS: Record<Session["status"], string> = {
  pending: "Pending",
  success: "Approved",
  rejected: "Rejected",
  awaiting_action: "Awaiting action",
  resubmission_requested: "Resubmission requested",
};

export const MEDIA_LABELS: Record<components["schemas"]["MediaEntry"]["kind"], string> = {
  selfie: "Selfie",
  document_front: "Document front",
  document_back: "Document back",
  proof_of_address: "Proof of address",
  other: "Other",
};

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : {};

/** A part of a session's data (`person`, `liveness`, `extra`…), empty when absent or liquidated. */
export const dataPart = (session: Pick<Session, "data">, part: string): Fields =>
  fieldsOf(session.data?.[part]);

export function personName(session: Pick<Session, "data" | "liquidatedAt">): string {
  if (session.liquidatedAt) return "(liquidated)";
  const person = dataPart(session, "person");
  const name = [person.firstName, person.lastName].filter((part) => typeof part === "string").join(" ");
  return name || "—";
}

export const actorName = (actor: Actor | null | undefined) =>
  actor ? (actor.name ?? (actor.id ? `${actor.type} ${actor.id.slice(0, 8)}` : actor.type)) : "—";

/** A value of session data as text: yes/no for booleans, a dash for nothing. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
