import { lazy, Suspense } from 'react';
import type { Asset } from '../../shared/api';
import { useRigPanelStore } from './rig-panel-store';

// three.js and the rig panel load when the panel is first opened, not with the app.
const RigPanel = lazy(() => import('./RigPanel').then((module) => ({ default: module.RigPanel })));

/**
 * The rig panel of the active portrait while it is open (the top bar's Rig switch, R, or dragging
 * its edge opens and closes it; see editor/EditorLayout.tsx). Photos only.
 */
export function RigDock({ projectId, asset }: { projectId: string; asset: Asset }) {
  const open = useRigPanelStore((state) => state.open);
  if (asset.kind === 'video' || !open) return null;
  return (
    <Suspense fallback={<aside className="rig-panel rig-panel--loading" aria-label="Rig" aria-busy="true" />}>
      <RigPanel projectId={projectId} asset={asset} />
    </Suspense>
  );
}
