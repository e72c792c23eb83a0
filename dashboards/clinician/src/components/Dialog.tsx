import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal on the native <dialog>: focus is kept inside, Esc closes, focus returns to the opener. */
export function Dialog({
  open,
  title,
  onClose,
  children,
  labelId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  labelId: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="app-dialog"
      aria-labelledby={labelId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div class="p-4">
          <h2 id={labelId} class="h4 mb-3">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
