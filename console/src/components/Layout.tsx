import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Redirect, useLocation } from "wouter";
import { api, setCsrfToken, unwrap } from "../api/client";
import { isApiError } from "../api/errors";
import { isMaster, ME_KEY, useSignedInUser } from "../signed-in-user";
import { AwaitingBadge, useAwaitingCount } from "./AwaitingBadge";
import { NavLink } from "./NavLink";

/** The frame of every signed-in page: the navigation, the live badge, who is signed in, the page. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [location] = useLocation();
  const count = useAwaitingCount();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/auth/sign-out")),
    onSettled: () => {
      setCsrfToken(undefined);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
    },
  });
  // a user who must enrol in two-factor can do nothing else first
  if (isApiError(count.error, "TWO_FACTOR_ENROLMENT_REQUIRED") && location !== "/two-factor")
    return <Redirect to="/two-factor" />;
  const master = isMaster(me);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__top">
          <span className="brand">Verdict</span>
          <AwaitingBadge count={count.data?.count} />
          <span className="app-header__user">
            <span className="muted">
              {me.name} · {me.role}
            </span>
            <button type="button" className="button--quiet" onClick={() => signOut.mutate()}>
              Sign out
            </button>
          </span>
        </div>
        <nav aria-label="Main" className="app-nav">
          <ul>
            <NavLink href="/awaiting-action">Awaiting Action</NavLink>
            <NavLink href="/sessions">Sessions</NavLink>
            <NavLink href="/rejections">Rejections</NavLink>
            <NavLink href="/dashboard">Dashboard</NavLink>
            {master && (
              <>
                <NavLink href="/activity">Activity</NavLink>
                <NavLink href="/settings">Settings</NavLink>
                <NavLink href="/users">Users</NavLink>
                <NavLink href="/api-keys">API keys</NavLink>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
