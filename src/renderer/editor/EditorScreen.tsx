import { useCallback, useEffect, useRef, useState } from 'react';
import type { Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { reportError } from '../state/notices-store';
import { useProjectsStore } from '../state/projects-store';
import { useUiStore } from '../state/ui-store';
import { FaceViewer } from '../face/FaceViewer';
import { LayersPanel } from '../layers/LayersPanel';
import { useMaskPaintingStore } from '../masks/mask-painting-store';
import { RigDock } from '../rig/RigDock';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { usePortraitScene } from '../timeline/use-portrait-scene';
import { TracksPanel } from '../tracks/TracksPanel';
import { VideoViewer } from '../tracks/VideoViewer';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useShortcut } from '../ui/shortcut-registry';
import { AssetStrip } from './AssetStrip';
import { EditorLayout } from './EditorLayout';
import { ImportProblems } from './ImportProblems';
import { MissingFile } from './MissingFile';
import { useAssets } from './use-assets';
import { useWindowFileDrop } from './use-file-drop';
import { useImport } from './use-import';
import { useOpenAsset } from './use-open-asset';

/**
 * Formats sharp decodes here, driving videos, and track files (Live Link Face CSV, blendshape
 * JSON); anything else is still sent (and refused with a clear message).
 */
const ACCEPT =
  'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,image/tiff,.jpg,.jpeg,.png,.webp,.heic,.heif,' +
  'video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.mov,.m4v,.webm,.mkv,' +
  '.csv,.json,text/csv,application/json';

/** One open project: its photos and tracks on the left, the open one in the viewer, the rig on the right. */
export function EditorScreen({ projectId }: { projectId: string }) {
  const { client, history } = useServices();
  const projectMissing = useProjectsStore(
    (state) => state.projects !== null && !state.projects.some((project) => project.id === projectId),
  );
  const showLibrary = useUiStore((state) => state.showLibrary);
  const { assets, error: assetsError, reload } = useAssets(projectId);
  const { selected, portrait, open: openAsset } = useOpenAsset(projectId, assets);
  usePortraitScene(projectId, portrait);
  const [pendingDelete, setPendingDelete] = useState<Asset | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const onImported = useCallback(
    (assetId: string) => {
      openAsset(assetId);
      reload();
    },
    [openAsset, reload],
  );
  const { importFiles, problems, pending, dismiss } = useImport(projectId, onImported);

  // A layer's mask is painted on its portrait, the one the layers panel edits: a Mask button pressed
  // while a video is open brings the portrait into the viewer, where the stroke and its result show.
  useEffect(
    () =>
      useMaskPaintingStore.subscribe((state, previous) => {
        if (state.target && state.target !== previous.target && portrait && selected?.id !== portrait.id) {
          openAsset(portrait.id);
        }
      }),
    [portrait, selected, openAsset],
  );
  const dropping = useWindowFileDrop((files) => void importFiles(files));

  const pickFiles = () => fileInput.current?.click();
  useShortcut({
    id: 'editor.import',
    scope: 'Editor',
    action: 'Import photos, videos or track files',
    keys: [['Mod', 'I']],
    enabled: !projectMissing,
    run: pickFiles,
  });

  const deleteAsset = async () => {
    if (!pendingDelete) return;
    try {
      await client.call('assets.delete', { id: pendingDelete.id });
      // Its rig edits can no longer be undone: an undo would write to a photo that is gone.
      history.dropScope(pendingDelete.id);
      setPendingDelete(null);
      reload();
    } catch (error) {
      reportError(`Could not remove ${pendingDelete.originalName}`, error);
    }
  };

  if (projectMissing) {
    return (
      <main className="editor editor--empty">
        <div className="empty-state">
          <h1 className="empty-state__title">This project no longer exists</h1>
          <button type="button" className="button button--primary" onClick={showLibrary}>
            Back to projects
          </button>
        </div>
      </main>
    );
  }

  const sidebar = (
    <aside className="editor__sidebar" aria-label="Photos">
      <div className="panel-header">
        <h2 className="panel-header__title">Photos</h2>
        <button type="button" className="button button--small button--primary" onClick={pickFiles}>
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          data-testid="import-input"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            // Reset so picking the same file again still fires a change.
            event.target.value = '';
            void importFiles(files);
          }}
        />
      </div>
      <ImportProblems problems={problems} onDismiss={dismiss} />
      {assetsError && (
        <p className="inline-error" role="alert">
          Could not load photos: {assetsError}
        </p>
      )}
      {assets && (
        <AssetStrip
          assets={assets}
          pending={pending}
          selectedId={selected?.id ?? null}
          onSelect={openAsset}
          onDelete={setPendingDelete}
        />
      )}
      <p className="panel-hint">Drop photos, videos or track files anywhere in the window to import them.</p>
      {assets && <TracksPanel projectId={projectId} selected={selected} portrait={portrait} />}
      {assets && portrait && (
        <LayersPanel key={portrait.id} projectId={projectId} portrait={portrait} assets={assets} />
      )}
    </aside>
  );
  const stage = (
    <div className="editor__stage">
      {selected?.fileMissing ? (
        <MissingFile
          key={selected.id}
          asset={selected}
          accept={ACCEPT}
          onReimport={(file) => void importFiles([file], selected.id)}
          onRemove={() => setPendingDelete(selected)}
        />
      ) : selected ? (
        selected.kind === 'video' ? (
          <VideoViewer key={selected.id} asset={selected} />
        ) : (
          <FaceViewer key={selected.id} asset={selected} />
        )
      ) : (
        <div className="empty-state">
          <div className="empty-state__art" aria-hidden="true" />
          <h1 className="empty-state__title">Import a portrait to begin</h1>
          <p className="empty-state__text" data-testid="empty-import-formats">
            Photos (JPEG, PNG, WebP, HEIC, TIFF, AVIF), driving videos (MP4, MOV, WebM, MKV) and Live Link Face CSV or
            blendshape JSON tracks. Drag files here or pick them.
          </p>
          <button type="button" className="button button--primary" onClick={pickFiles}>
            Import…
          </button>
        </div>
      )}
    </div>
  );
  return (
    <main className="editor">
      <EditorLayout
        sidebar={sidebar}
        stage={stage}
        rig={portrait ? <RigDock key={portrait.id} projectId={projectId} asset={portrait} /> : null}
        timeline={
          portrait && portrait.kind !== 'video' ? (
            <TimelinePanel key={portrait.id} portrait={portrait} active={selected?.id === portrait.id} />
          ) : null
        }
      />
      {dropping && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay__card">Drop to import into this project</div>
        </div>
      )}
      {pendingDelete && (
        <ConfirmDialog
          title={`Remove ${pendingDelete.originalName}?`}
          confirmLabel="Remove photo"
          tone="danger"
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => void deleteAsset()}
        >
          The photo is removed from this project. This cannot be undone.
        </ConfirmDialog>
      )}
    </main>
  );
}
