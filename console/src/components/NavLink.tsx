import type { ReactNode } from "react";
import { Link, useRoute } from "wouter";

/** A navigation entry; the current page's is marked for screen readers (`aria-current`) and the eye. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [active] = useRoute(`${href}/*?`);
  return (
    <li>
      <Link href={href} aria-current={active ? "page" : undefined}>
        {children}
      </Link>
    </li>
  );
}
