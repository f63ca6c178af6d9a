import { errorMessage } from "../api/errors";

/** An error from the API (or the network) in words, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error-note">
      {errorMessage(error)}
    </p>
  );
}
