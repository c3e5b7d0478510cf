import { lazy, Suspense } from 'react';
import type { Asset } from '../../shared/api';
import { useRigPanelStore } from './rig-panel-store';

// three.js and the rig panel load when the panel is first opened, not with the app.
const RigPanel = lazy(() => import('./RigPanel').then((module) => ({ default: module.RigPanel })));

/** The editor's right edge: a "Rig" tab while closed, the rig panel while open. Photos only. */
export function RigDock({ projectId, asset }: { projectId: string; asset: Asset }) {
  const open = useRigPanelStore((state) => state.open);
  const setOpen = useRigPanelStore((state) => state.setOpen);
  if (asset.kind === 'video') return null;
  if (!open) {
    return (
      <div className="rig-dock-tab">
        <button
          type="button"
          className="rig-dock-tab__button"
          aria-expanded={false}
          aria-label="Open rig panel"
          onClick={() => setOpen(true)}
        >
          Rig
        </button>
      </div>
    );
  }
  return (
    <Suspense fallback={<aside className="rig-panel rig-panel--loading" aria-label="Rig" aria-busy="true" />}>
      <RigPanel projectId={projectId} asset={asset} />
    </Suspense>
  );
}
