import { useCallback, useEffect, useRef, useState } from 'react';
import type { Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { PhotoViewer } from '../editor/PhotoViewer';
import { LivePreviewLayer } from '../preview/LivePreviewLayer';
import { PreviewToggle } from '../preview/PreviewToggle';
import '../preview/preview.css';
import { loadRigAsset, useRigPanelStore } from '../rig/rig-panel-store';
import { reportError, useNoticesStore } from '../state/notices-store';
import { MaskPaintingLayer } from '../masks/MaskPaintingLayer';
import { useMaskPaintingStore } from '../masks/mask-painting-store';
import { FaceLayerToggles } from './FaceLayerToggles';
import { FaceOverlay } from './FaceOverlay';
import { FacePanel } from './FacePanel';
import { FaceStatus } from './FaceStatus';
import { useFaceOverlayStore } from './face-overlay-store';
import { summariseWarnings } from './provider-warnings';
import { jobWarnings, useFaceAnalysis } from './use-face-analysis';
import './face.css';

/** The photo viewer with the face layers: mesh and iris points, face boxes and picker, expressions. */
export function FaceViewer({ asset }: { asset: Asset }) {
  const { client } = useServices();
  const face = useFaceAnalysis(asset);
  const mesh = useFaceOverlayStore((state) => state.mesh);
  const boxes = useFaceOverlayStore((state) => state.boxes);
  const expressions = useFaceOverlayStore((state) => state.expressions);
  const [choosing, setChoosing] = useState(false);
  const maskTarget = useMaskPaintingStore((state) => state.target);
  const warnings = jobWarnings(face.lastJob);
  const { replace } = face;

  // A provider that fell back to cpu is announced once, when its job finishes while this photo is open.
  const [mountedAt] = useState(() => Date.now());
  const announced = useRef(new Set<string>());
  useEffect(() => {
    const job = face.lastJob;
    const summary = summariseWarnings(jobWarnings(job));
    if (!job || !summary || announced.current.has(job.id)) return;
    announced.current.add(job.id);
    if ((job.finishedAt ?? 0) >= mountedAt) useNoticesStore.getState().push('info', summary.headline);
  }, [face.lastJob, mountedAt]);

  const choose = useCallback(
    async (index: number) => {
      setChoosing(true);
      try {
        replace(await client.call('faces.choose', { assetId: asset.id, index }));
        // The rig panel fits the chosen face: reload it if it shows this photo.
        if (useRigPanelStore.getState().assetId === asset.id) await loadRigAsset(client, asset.projectId, asset.id);
      } catch (error) {
        reportError('Could not choose that face', error);
      } finally {
        setChoosing(false);
      }
    },
    [client, asset.id, asset.projectId, replace],
  );

  const analyse = useCallback(() => {
    client.call('faces.analyze', { assetId: asset.id }).catch((error: unknown) => {
      reportError(`Could not analyse ${asset.originalName}`, error);
    });
  }, [client, asset.id, asset.originalName]);

  const analysis = face.analysis;
  return (
    <PhotoViewer
      asset={asset}
      imageLayer={(view) => <LivePreviewLayer asset={asset} view={view} />}
      toolbarExtra={
        <>
          <PreviewToggle assetId={asset.id} />
          <FaceLayerToggles disabled={!analysis?.ok} />
        </>
      }
      sidePanel={
        analysis && (
          <FacePanel
            analysis={analysis}
            showExpressions={expressions}
            warnings={warnings}
            choosing={choosing}
            onChoose={(index) => void choose(index)}
          />
        )
      }
      overlay={(view) => (
        <>
          {analysis && (
            <FaceOverlay
              analysis={analysis}
              layers={{ mesh, boxes, expressions }}
              view={view}
              imageWidth={asset.workingWidth}
              imageHeight={asset.workingHeight}
              onChoose={(index) => void choose(index)}
            />
          )}
          {maskTarget && <MaskPaintingLayer asset={asset} analysis={analysis} view={view} target={maskTarget} />}
        </>
      )}
    >
      <FaceStatus
        analysis={analysis}
        loaded={face.loaded}
        loadError={face.loadError}
        analysing={face.analysing && !analysis}
        onAnalyse={analyse}
      />
    </PhotoViewer>
  );
}
