import { type ReactNode, useEffect, useRef } from "react";

/** A native modal `<dialog>`, open while `open` is true; Escape or `onClose` closes it. */
export function Dialog({
  open,
  onClose,
  title,
  children,
  className,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} onClose={onClose} aria-label={title} className={className}>
      {open && children}
    </dialog>
  );
}
