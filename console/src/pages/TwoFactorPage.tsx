import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";

/**
 * Two-factor enrolment: Verdict makes a secret, shown as a QR code and as text for an
 * authenticator app; the app's first code confirms it.
 */
export function TwoFactorPage() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const enrol = useMutation({ mutationFn: () => unwrap(api.POST("/v1/me/two-factor")) });
  const confirm = useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/v1/me/two-factor/confirm", { body: { code } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate("/awaiting-action", { replace: true });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    confirm.mutate(String(new FormData(event.currentTarget).get("code")).trim());
  };
  return (
    <section className="narrow stack" aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">Two-factor sign-in</h1>
      <p>
        Your company asks for a code from an authenticator app at every sign-in. Set it up once: scan the QR
        code (or type the secret), then enter the code the app shows.
      </p>
      {!enrol.data ? (
        <div>
          <button
            type="button"
            className="button--primary"
            onClick={() => enrol.mutate()}
            disabled={enrol.isPending}
          >
            Set up two-factor
          </button>
          <ErrorNote error={enrol.error} />
        </div>
      ) : (
        <>
          <QrCode text={enrol.data.otpauthUrl} />
          <p>
            Secret: <code className="secret">{enrol.data.secret}</code>
          </p>
          <form className="stack" onSubmit={submit}>
            <label className="field">
              <span>Code</span>
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                required
              />
            </label>
            <ErrorNote error={confirm.error} />
            <button type="submit" className="button--primary" disabled={confirm.isPending}>
              Confirm
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** The otpauth URL as a QR code image (drawn here, to a data: URL; the qrcode module loads only on this page). */
function QrCode({ text }: { text: string }) {
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let current = true;
    void import("qrcode").then((qrcode) =>
      qrcode.toDataURL(text, { margin: 1, width: 220 }).then((url) => current && setImage(url)),
    );
    return () => {
      current = false;
    };
  }, [text]);
  return image ? (
    <img className="qr" src={image} width={220} height={220} alt="QR code of the two-factor secret" />
  ) : (
    <p className="muted">Drawing the QR code…</p>
  );
}
