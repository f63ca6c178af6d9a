import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { isApiError } from "../api/errors";
import { isMaster, ME_KEY, useSignedInUser } from "../signed-in-user";
import { AwaitingBadge, useAwaitingCount } from "./AwaitingBadge";
import { NavLink } from "./NavLink";
import { SignOutButton } from "./SignOutButton";

/** The frame of every signed-in page: the navigation, the live badge, who is signed in, the page. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const count = useAwaitingCount();
  // the company's settings may require two-factor since the sign-in: /v1/me then says to enrol first
  const mustEnrol = isApiError(count.error, "TWO_FACTOR_ENROLMENT_REQUIRED");
  useEffect(() => {
    if (mustEnrol) void queryClient.invalidateQueries({ queryKey: ME_KEY });
  }, [mustEnrol, queryClient]);
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
            <SignOutButton />
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
