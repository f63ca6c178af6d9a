import { Component, type ReactNode } from "react";
import { errorMessage } from "../api/errors";

/**
 * What a page that failed to render shows instead of a blank screen (a script of a newer build
 * that is gone, a bug): the error in words and a way to load the page again.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode; page: string }, { error?: unknown }> {
  override state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { page: string }) {
    // another page is another chance
    if (previous.page !== this.props.page && this.state.error) this.setState({ error: undefined });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="narrow" role="alert">
        <h1>This page could not be shown</h1>
        <p>{errorMessage(this.state.error)}</p>
        <button type="button" onClick={() => window.location.reload()}>
          Load the page again
        </button>
      </section>
    );
  }
}
