import { useState } from "react";
import { MEDIA_LABELS, type Session } from "../../format";
import { Dialog } from "../Dialog";

type Kind = Session["media"][number]["kind"];
const IMAGE_ORDER: Kind[] = ["selfie", "document_front", "document_back", "proof_of_address", "other"];

/** The selfie beside the document's images; a click shows one large. PDFs are links. */
export function Evidence({ session }: { session: Session }) {
  const [zoomed, setZoomed] = useState<Kind>();
  const media = [...session.media].sort((a, b) => IMAGE_ORDER.indexOf(a.kind) - IMAGE_ORDER.indexOf(b.kind));
  const src = (kind: Kind) => `/v1/sessions/${session.id}/media/${kind}`;
  if (media.length === 0)
    return (
      <p className="muted">
        {session.liquidatedAt
          ? "The evidence was erased with the session's data."
          : "No images or documents."}
      </p>
    );
  return (
    <>
      <ul className="evidence">
        {media.map((entry) => (
          <li key={entry.kind}>
            {entry.contentType === "application/pdf" ? (
              <a href={src(entry.kind)} target="_blank" rel="noreferrer" className="evidence__pdf">
                {MEDIA_LABELS[entry.kind]} (PDF)
              </a>
            ) : (
              <figure>
                <button type="button" className="evidence__zoom" onClick={() => setZoomed(entry.kind)}>
                  <img src={src(entry.kind)} alt={MEDIA_LABELS[entry.kind]} loading="lazy" />
                </button>
                <figcaption>{MEDIA_LABELS[entry.kind]}</figcaption>
              </figure>
            )}
          </li>
        ))}
      </ul>
      <Dialog
        open={zoomed !== undefined}
        onClose={() => setZoomed(undefined)}
        title={zoomed ? `${MEDIA_LABELS[zoomed]}, enlarged` : "Image"}
        className="zoom-dialog"
      >
        {zoomed && (
          <>
            <img src={src(zoomed)} alt={`${MEDIA_LABELS[zoomed]}, enlarged`} />
            <form method="dialog">
              <button type="submit">Close</button>
            </form>
          </>
        )}
      </Dialog>
    </>
  );
}
