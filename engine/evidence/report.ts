import { createRequire } from "node:module";
import { PassThrough, type Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import PDFDocument from "pdfkit";
import { recordActivity } from "../audit/activity.js";
import { notFound } from "../kernel/errors.js";
import type { Actor } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { getSession, type HistoryEntry } from "../sessions/read-model.js";
import { selectCompanyName } from "../sql/companies.js";
import { type MediaEntry, selectMediaFiles } from "../sql/media.js";

/**
 * The session report (`GET /v1/sessions/:id/report.pdf`): one PDF for the compliance file with
 * the company, the session's ids and times, its checks, the person's data, the decision with its
 * reasons and who made it, the history and notes, and the images scaled to fit. A liquidated
 * session's report says so and holds no personal data. Text is set in DejaVu Sans, which has the
 * Latin, Greek, Cyrillic, Georgian and Armenian letters of names that PDF's built-in fonts lack.
 */

const fonts = createRequire(import.meta.url);
const REGULAR = fonts.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const BOLD = fonts.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

/** The images a PDF can hold; a WebP or a PDF of evidence is listed, not drawn. */
const DRAWABLE = new Set(["image/jpeg", "image/png"]);

const MARGIN = 50;
const INK = "#1f2933";
const MUTED = "#52606d";

type Session = Awaited<ReturnType<typeof getSession>>;

/**
 * Writes the company's session `id` as a PDF and records the download in the activity log.
 * Answers a stream of the PDF; the images are read from the file store before it starts.
 */
export async function sessionReport(
  ctx: Pick<Context, "pool" | "files">,
  companyId: string,
  id: string,
  actor: Actor,
): Promise<{ fileName: string; stream: Readable }> {
  const session = await getSession(ctx, companyId, id);
  const company = await selectCompanyName(ctx.pool, companyId);
  if (company === undefined) throw notFound("company");
  const images = session.liquidatedAt ? [] : await readImages(ctx, session.id);
  await recordActivity(ctx.pool, companyId, actor, { action: "report.downloaded", target: session.id });
  const stream = new PassThrough();
  writeReport(stream, { company, session, images, generatedBy: actor });
  return { fileName: `verdict-session-${session.id}.pdf`, stream };
}

interface ReportImage {
  entry: MediaEntry;
  bytes: Buffer | undefined;
}

async function readImages(ctx: Pick<Context, "pool" | "files">, sessionId: string): Promise<ReportImage[]> {
  const files = await selectMediaFiles(ctx.pool, sessionId);
  return Promise.all(
    files.map(async ({ fileKey, ...entry }) => {
      if (!DRAWABLE.has(entry.contentType)) return { entry, bytes: undefined };
      const stream = await ctx.files.read(fileKey);
      return { entry, bytes: stream && (await buffer(stream)) };
    }),
  );
}

function writeReport(
  out: PassThrough,
  report: { company: string; session: Session; images: ReportImage[]; generatedBy: Actor },
): void {
  const { session } = report;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: `Session ${session.externalId}`, Author: report.company, Creator: "Verdict" },
  });
  doc.pipe(out);
  doc.registerFont("regular", REGULAR);
  doc.registerFont("bold", BOLD);
  const width = doc.page.width - 2 * MARGIN;

  const heading = (text: string) => {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.moveDown(0.8).font("bold").fontSize(13).fillColor(INK).text(text);
    doc
      .moveTo(MARGIN, doc.y + 2)
      .lineTo(MARGIN + width, doc.y + 2)
      .strokeColor("#cbd2d9")
      .stroke();
    doc.moveDown(0.4);
  };
  const row = (label: string, value: unknown) => {
    const y = doc.y;
    doc.font("regular").fontSize(9.5).fillColor(MUTED).text(label, MARGIN, y, { width: 150 });
    const labelBottom = doc.y;
    doc.fillColor(INK).text(display(value), MARGIN + 160, y, { width: width - 160 });
    doc.y = Math.max(doc.y, labelBottom);
    doc.x = MARGIN;
  };

  doc.font("bold").fontSize(18).fillColor(INK).text("Verification session report");
  doc
    .font("regular")
    .fontSize(10)
    .fillColor(MUTED)
    .text(`${report.company} · generated ${new Date().toISOString()}`);

  heading("Session");
  row("Session id", session.id);
  row("External id", session.externalId);
  row("Status", session.status);
  row("Submitted", session.createdAt);
  row("Decided", session.decision?.decidedAt ?? "not yet");

  if (session.liquidatedAt) {
    heading("Liquidated");
    doc
      .font("regular")
      .fontSize(10)
      .fillColor(INK)
      .text(
        `This session was liquidated on ${session.liquidatedAt}: its personal data, checks and evidence were erased for good. Its status, decision and history remain.`,
      );
  } else if (session.data) {
    const { person, extra, ...rest } = session.data as Record<string, unknown>;
    heading("Checks");
    const checks = flatten(rest);
    if (checks.length === 0) doc.font("regular").fontSize(10).text("No checks were submitted.");
    for (const [path, value] of checks) row(path, value);
    heading("Person");
    const people = flatten((person ?? {}) as Record<string, unknown>);
    if (people.length === 0) doc.font("regular").fontSize(10).text("No personal data was submitted.");
    for (const [path, value] of people) row(path, value);
    const extras = flatten((extra ?? {}) as Record<string, unknown>);
    if (extras.length > 0) {
      heading("Extra fields");
      for (const [path, value] of extras) row(path, value);
    }
  }

  heading("Decision");
  if (!session.decision) doc.font("regular").fontSize(10).text("Not decided yet.");
  else {
    const { decision } = session;
    row("Outcome", decision.outcome);
    row("Reasons", decision.reasons.length > 0 ? decision.reasons.join(", ") : "none");
    row("Decided by", actorName(decision.decidedBy));
    row("Condition set version", decision.ruleSetVersion);
    if (decision.note) row("Note", decision.note);
  }

  heading("History and notes");
  for (const entry of session.history) row(entry.at, historyLine(entry));

  if (report.images.length > 0) {
    heading("Evidence");
    for (const image of report.images) drawImage(doc, image, width);
  }

  doc
    .moveDown(1.5)
    .font("regular")
    .fontSize(8)
    .fillColor(MUTED)
    .text(`Downloaded by ${actorName(report.generatedBy)}.`, MARGIN);
  doc.end();
}

function drawImage(doc: PDFKit.PDFDocument, { entry, bytes }: ReportImage, width: number) {
  const caption = `${entry.contentType} · ${entry.bytes} bytes · sha256 ${entry.sha256}`;
  const box = { width, height: 300 };
  if (doc.y + box.height + 40 > doc.page.height - MARGIN) doc.addPage();
  doc.font("bold").fontSize(10).fillColor(INK).text(words(entry.kind));
  if (bytes) {
    try {
      const top = doc.y + 4;
      doc.image(bytes, MARGIN, top, { fit: [box.width, box.height], align: "center" });
      doc.y = top + box.height + 4;
    } catch {
      doc
        .font("regular")
        .fontSize(9)
        .fillColor(MUTED)
        .text("The image could not be drawn (its file is damaged).");
    }
  } else {
    doc
      .font("regular")
      .fontSize(9)
      .fillColor(MUTED)
      .text("Not drawn here (a WebP image or a PDF, or its file is missing): open it in the console.");
  }
  doc.font("regular").fontSize(7.5).fillColor(MUTED).text(caption, MARGIN, doc.y, { width });
  doc.moveDown(0.8);
}

/** `{ liveness: { passed: true } }` as `[["Liveness › passed", true]]`. */
function flatten(value: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(value).flatMap(([key, inner]): [string, unknown][] =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? flatten(inner as Record<string, unknown>, `${prefix}${words(key)} › `)
      : [[`${prefix}${words(key)}`, inner]],
  );
}

/** `faceMatch` or `document_front` as "face match", the first letter upper case: "Face match". */
function words(name: string): string {
  const spaced = name
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/\b(ip|mrz|id)\b/g, (acronym) => acronym.toUpperCase());
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function display(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function actorName(actor: { type: string; id?: string }): string {
  return actor.id ? `${actor.type} ${actor.id}` : actor.type;
}

function historyLine(entry: HistoryEntry): string {
  const details = Object.entries(entry.details)
    .filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    )
    .map(([key, value]) => `${key}: ${display(value)}`);
  return [`${entry.type} by ${actorName(entry.actor)}`, ...details].join(" · ");
}
