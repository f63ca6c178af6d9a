import { Link } from "wouter";

export function NotFoundPage() {
  return (
    <section className="narrow">
      <h1>Nothing here</h1>
      <p>
        This page does not exist, or your role cannot see it.{" "}
        <Link href="/awaiting-action">Go to the queue</Link>
      </p>
    </section>
  );
}
