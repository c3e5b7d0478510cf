import { useState } from 'react';
import type { Asset } from '../../shared/api';
import { BringToLifeDialog } from './BringToLifeDialog';
import { ExportDialog } from './ExportDialog';
import { Glyph } from './icons';
import { ImportMotionDialog } from './ImportMotionDialog';
import type { TimelineEdits } from './timeline-edits';

/** The scene's actions in the timeline's toolbar, each opening its dialog. */
export function TimelineActions({ portrait, edits }: { portrait: Asset; edits: TimelineEdits }) {
  const [open, setOpen] = useState<'life' | 'motion' | 'export' | null>(null);
  const close = () => setOpen(null);
  return (
    <div className="tl-actions" role="group" aria-label="Scene actions" data-portrait={portrait.id}>
      <button
        type="button"
        className="tl-icon"
        aria-label="Bring to life…"
        title="Bring to life: idle blinks, head motion and gaze as keys"
        onClick={() => setOpen('life')}
      >
        <Glyph name="sparkle" />
      </button>
      <button
        type="button"
        className="tl-icon"
        aria-label="Import motion…"
        title="Import motion: a driving video’s or a file’s tracks as keys"
        onClick={() => setOpen('motion')}
      >
        <Glyph name="motion" />
      </button>
      <button type="button" className="button button--small button--primary" onClick={() => setOpen('export')}>
        Export…
      </button>
      {open === 'life' && <BringToLifeDialog edits={edits} onClose={close} />}
      {open === 'motion' && <ImportMotionDialog edits={edits} onClose={close} />}
      {open === 'export' && <ExportDialog portrait={portrait} onClose={close} />}
    </div>
  );
}
