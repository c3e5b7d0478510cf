import { useState } from 'react';
import { StyleTransferDialog } from './StyleTransferDialog';
import './stylegan.css';

/** The editor's top-bar entry to method A: inversions and per-layer style mixing. */
export function StyleTransferButton({ projectId }: { projectId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--ghost style-transfer-button"
        aria-haspopup="dialog"
        title="Transfer an expression with an installed style-based generator"
        onClick={() => setOpen(true)}
      >
        Style transfer
      </button>
      {open && <StyleTransferDialog projectId={projectId} onClose={() => setOpen(false)} />}
    </>
  );
}
