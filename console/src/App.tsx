import { Redirect, Route, Switch } from "wouter";
import { ErrorNote } from "./components/ErrorNote";
import { Layout } from "./components/Layout";
import { SignOutButton } from "./components/SignOutButton";
import { ActivityPage } from "./pages/ActivityPage";
import { ApiKeysPage } from "./pages/ApiKeysPage";
import { AwaitingActionPage } from "./pages/AwaitingActionPage";
import { ConditionSetPage } from "./pages/ConditionSetPage";
import { DashboardPage } from "./pages/DashboardPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { RejectionsPage } from "./pages/RejectionsPage";
import { SessionPage } from "./pages/SessionPage";
import { SessionsPage } from "./pages/SessionsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { SignInPage } from "./pages/SignInPage";
import { TwoFactorPage } from "./pages/TwoFactorPage";
import { UsersPage } from "./pages/UsersPage";
import { isMaster, SignedInUserProvider, useMe } from "./signed-in-user";

/** Every page is a URL under /console/; signed out, any of them shows the sign-in first. */
export function App() {
  const me = useMe();
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
      </Layout>
    </SignedInUserProvider>
  );
}
