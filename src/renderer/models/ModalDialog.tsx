import { useEffect, useRef, type ReactNode } from 'react';

/** A native <dialog> shown modally while mounted; Escape and a click on the backdrop call onClose. */
export function ModalDialog(props: {
  className: string;
  labelledBy: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={dialogRef}
      className={`dialog ${props.className}`}
      aria-labelledby={props.labelledBy}
      data-testid={props.testId}
      onCancel={(event) => {
        // A file input's chooser also fires 'cancel', which bubbles here: only the dialog's own closes it.
        if (event.target !== dialogRef.current) return;
        event.preventDefault();
        props.onClose();
      }}
      onClick={(event) => {
        if (event.target === dialogRef.current) props.onClose();
      }}
    >
      <div className="dialog__body">{props.children}</div>
    </dialog>
  );
}
