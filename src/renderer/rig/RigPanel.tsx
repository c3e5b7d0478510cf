import { useEffect, useMemo } from 'react';
import type { Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { RIG_GROUPS } from './rig-groups';
import { loadRigAsset, useRigPanelStore } from './rig-panel-store';
import { resetGroup } from './rig-values';
import { RigPhotoOverlay } from './RigPhotoOverlay';
import { RigPresets } from './RigPresets';
import { RigSlider } from './RigSlider';
import { RigViewport, type RigPhoto } from './RigViewport';
import { RIG_SLIDER_SHORTCUTS } from './RigSlider';
import { useShortcutHelp } from '../ui/shortcut-registry';
import { useRigEdits } from './use-rig-edits';
import './rig-panel.css';

const SAVE_LABELS = { saved: 'Saved', pending: 'Editing…', saving: 'Saving…', error: 'Not saved' } as const;

/** The rig panel for one photo: 3D view (or mesh on the photo), presets, and the grouped sliders. */
export function RigPanel({ projectId, asset }: { projectId: string; asset: Asset }) {
  const { client } = useServices();
  const rig = useRigPanelStore((state) => state.rig);
  const loadError = useRigPanelStore((state) => state.loadError);
  const linked = useRigPanelStore((state) => state.linked);
  const view = useRigPanelStore((state) => state.view);
  const saveState = useRigPanelStore((state) => state.saveState);
  const saveError = useRigPanelStore((state) => state.saveError);
  const setOpen = useRigPanelStore((state) => state.setOpen);
  const setLinked = useRigPanelStore((state) => state.setLinked);
  const setView = useRigPanelStore((state) => state.setView);
  const edits = useRigEdits();

  useEffect(() => {
    void loadRigAsset(client, projectId, asset.id);
    // A finished face analysis of this photo brings (or replaces) the fit: show it.
    return client.on('job.updated', (job) => {
      if (job.kind === 'analyze-face' && job.state === 'succeeded' && job.result?.assetId === asset.id) {
        void loadRigAsset(client, projectId, asset.id);
      }
    });
  }, [client, projectId, asset.id]);

  const ready = rig !== null && rig.assetId === asset.id;
  const fit = ready ? rig.fit : null;
  const showPhoto = view === 'photo' && fit !== null && rig?.identityNeutral;
  const photoUrl = client.mediaUrl(asset.workingSha256);
  const texture = useMemo<RigPhoto | null>(() => (fit ? { url: photoUrl, fit } : null), [fit, photoUrl]);
  useShortcutHelp(RIG_SLIDER_SHORTCUTS);

  return (
    <aside className="rig-panel" aria-label="Rig" data-testid="rig-panel" data-save-state={saveState}>
      <div className="panel-header rig-panel__header">
        <h2 className="panel-header__title rig-panel__title" title={asset.originalName}>
          Rig · <span className="rig-panel__asset">{asset.originalName}</span>
        </h2>
        <span
          className={`rig-panel__save rig-panel__save--${saveState}`}
          role="status"
          title={saveError ?? undefined}
          data-testid="rig-save-state"
        >
          {SAVE_LABELS[saveState]}
        </span>
        <button type="button" className="icon-button" aria-label="Close rig panel" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      {loadError && (
        <p className="inline-error" role="alert">
          Could not load the rig: {loadError}
        </p>
      )}
      {ready && (
        <>
          <p className="rig-panel__fit" data-testid="rig-fit-status">
            {fit
              ? `Fitted to face ${fit.faceIndex + 1} of the photo (residual ${fit.residualRmsPixels.toFixed(1)} px).`
              : rig.fitMissingReason}
          </p>
          <div className="rig-panel__views" role="group" aria-label="View">
            <button
              type="button"
              className="button button--small button--ghost"
              aria-pressed={!showPhoto}
              onClick={() => setView('3d')}
            >
              3D
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              aria-pressed={Boolean(showPhoto)}
              disabled={!fit}
              title={fit ? 'Show the mesh over the photo' : 'Needs a face analysis of this photo'}
              onClick={() => setView('photo')}
            >
              On photo
            </button>
          </div>
          {showPhoto ? (
            <RigPhotoOverlay asset={asset} fit={fit} neutral={rig.identityNeutral!} />
          ) : (
            <RigViewport neutral={rig.identityNeutral} photo={texture} />
          )}
          <div className="rig-panel__tools">
            <label className="rig-toggle">
              <input type="checkbox" checked={linked} onChange={(event) => setLinked(event.currentTarget.checked)} />
              Link left and right
            </label>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => {
                const state = useRigPanelStore.getState();
                edits.edit('reset rig', state.baseline);
              }}
            >
              Reset all
            </button>
          </div>
          <div className="rig-panel__scroll">
            <RigPresets edits={edits} />
            {RIG_GROUPS.map((group) => (
              <section key={group.id} className="rig-group" aria-label={group.label}>
                <div className="rig-group__header">
                  <h3 className="rig-group__title">{group.label}</h3>
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    aria-label={`Reset ${group.label.toLowerCase()}`}
                    onClick={() => {
                      const state = useRigPanelStore.getState();
                      edits.edit(
                        `reset ${group.label.toLowerCase()}`,
                        resetGroup(state.shown, state.baseline, group.id),
                      );
                    }}
                  >
                    Reset
                  </button>
                </div>
                {group.controls.map((control) => (
                  <RigSlider key={control.name} control={control} edits={edits} />
                ))}
              </section>
            ))}
          </div>
        </>
      )}
    </aside>
  );
}
