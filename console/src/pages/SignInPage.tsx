import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, unwrap } from "../api/client";
import { isApiError } from "../api/errors";
import { ErrorNote } from "../components/ErrorNote";
import { useSignedIn } from "../signed-in-user";

interface Credentials {
  email: string;
  password: string;
  code?: string;
}

/** Sign-in: email and password, and the authenticator's code once Verdict asks for it. */
export function SignInPage() {
  const signedIn = useSignedIn();
  const [askCode, setAskCode] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);
  const signIn = useMutation({
    mutationFn: (credentials: Credentials) => unwrap(api.POST("/v1/auth/sign-in", { body: credentials })),
    onSuccess: ({ csrfToken }) => signedIn(csrfToken),
    onError: (error) => {
      if (isApiError(error, "TWO_FACTOR_REQUIRED")) setAskCode(true);
    },
  });
  useEffect(() => {
    if (askCode) codeField.current?.focus();
  }, [askCode]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const code = String(form.get("code") ?? "").trim();
    signIn.mutate({
      email: String(form.get("email")),
      password: String(form.get("password")),
      ...(code ? { code } : {}),
    });
  };
  // asking for the code is the next step, not a failure
  const error = askCode && isApiError(signIn.error, "TWO_FACTOR_REQUIRED") ? null : signIn.error;

  return (
    <main id="main" className="sign-in">
      <form className="card sign-in__card stack" onSubmit={submit} aria-labelledby="sign-in-title">
        <p className="brand">Verdict</p>
        <h1 id="sign-in-title">Sign in to the console</h1>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {askCode && (
          <label className="field">
            <span>Code</span>
            <input
              ref={codeField}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              aria-describedby="code-help"
              required
            />
            <small id="code-help" className="muted">
              The six digits your authenticator app shows for Verdict.
            </small>
          </label>
        )}
        <ErrorNote error={error} />
        <button type="submit" className="button--primary" disabled={signIn.isPending}>
          Sign in
        </button>
      </form>
    </main>
  );
}
