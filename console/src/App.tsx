import { lazy, Suspense } from "react";
import { Redirect, Route, Switch, useLocation } from "wouter";
import { ErrorNote } from "./components/ErrorNote";
import { Layout } from "./components/Layout";
import { PageErrorBoundary } from "./components/PageErrorBoundary";
import { SignOutButton } from "./components/SignOutButton";
import { AwaitingActionPage } from "./pages/AwaitingActionPage";
import { SessionPage } from "./pages/SessionPage";
import { SignInPage } from "./pages/SignInPage";
import { TwoFactorPage } from "./pages/TwoFactorPage";
import { isMaster, SignedInUserProvider, useMe } from "./signed-in-user";

// The reviewer's pages load with the console; the rest when first opened.
const ActivityPage = lazy(() => import("./pages/ActivityPage").then((m) => ({ default: m.ActivityPage })));
const ApiKeysPage = lazy(() => import("./pages/ApiKeysPage").then((m) => ({ default: m.ApiKeysPage })));
const ConditionSetPage = lazy(() =>
  import("./pages/ConditionSetPage").then((m) => ({ default: m.ConditionSetPage })),
);
const DashboardPage = lazy(() => import("./pages/DashboardPage").then((m) => ({ default: m.DashboardPage })));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage").then((m) => ({ default: m.NotFoundPage })));
const RejectionsPage = lazy(() =>
  import("./pages/RejectionsPage").then((m) => ({ default: m.RejectionsPage })),
);
const SessionsPage = lazy(() => import("./pages/SessionsPage").then((m) => ({ default: m.SessionsPage })));
const SettingsPage = lazy(() => import("./pages/SettingsPage").then((m) => ({ default: m.SettingsPage })));
const UsersPage = lazy(() => import("./pages/UsersPage").then((m) => ({ default: m.UsersPage })));

/** Every page is a URL under /console/; signed out, any of them shows the sign-in first. */
export function App() {
  const me = useMe();
  const [location] = useLocation();
  if (me.isPending) return <p className="loading-page">Loading…</p>;
  if (me.isError)
    return (
      <main className="narrow">
        <ErrorNote error={me.error} />
      </main>
    );
  if (!me.data) return <SignInPage />;
  if (me.data.twoFactorEnrolmentRequired)
    return (
      <SignedInUserProvider value={me.data}>
        <main id="main">
          <TwoFactorPage />
          <SignOutButton />
        </main>
      </SignedInUserProvider>
    );
  const master = isMaster(me.data);
  return (
    <SignedInUserProvider value={me.data}>
      <Layout>
        <PageErrorBoundary page={location}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Switch>
              <Route path="/">
                <Redirect to="/awaiting-action" replace />
              </Route>
              <Route path="/sign-in">
                <Redirect to="/awaiting-action" replace />
              </Route>
              <Route path="/two-factor" component={TwoFactorPage} />
              <Route path="/awaiting-action" component={AwaitingActionPage} />
              <Route path="/sessions" component={SessionsPage} />
              <Route path="/sessions/:id" component={SessionPage} />
              <Route path="/rejections" component={RejectionsPage} />
              <Route path="/dashboard" component={DashboardPage} />
              {master && <Route path="/activity" component={ActivityPage} />}
              {master && <Route path="/settings" component={SettingsPage} />}
              {master && <Route path="/settings/condition-set" component={ConditionSetPage} />}
              {master && <Route path="/users" component={UsersPage} />}
              {master && <Route path="/api-keys" component={ApiKeysPage} />}
              <Route component={NotFoundPage} />
            </Switch>
          </Suspense>
        </PageErrorBoundary>
      </Layout>
    </SignedInUserProvider>
  );
}
