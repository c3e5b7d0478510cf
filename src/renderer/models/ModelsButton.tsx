import { useState } from 'react';
import { ModelsDialog } from './ModelsDialog';
import './models.css';

/** The top bar's Models button: installed generator models and their install dialog. */
export function ModelsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--ghost models-button"
        aria-haspopup="dialog"
        title="Installed generator models"
        onClick={() => setOpen(true)}
      >
        Models
      </button>
      {open && <ModelsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
