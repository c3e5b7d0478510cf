import type { MienClient } from '../../shared/api';
import type { RetargetMode } from '../../shared/api/tracks';
import type { History } from '../../shared/history';
import { rigValuesCommand } from '../rig/rig-commands';
import { useRigPanelStore } from '../rig/rig-panel-store';
import type { RigValues } from '../rig/rig-values';

export interface ApplyFrameRequest {
  projectId: string;
  trackSetId: string;
  trackSetName: string;
  frame: number;
  assetId: string;
  mode: RetargetMode;
  includePose: boolean;
}

/**
 * "Apply frame N to the portrait" as one undo step: the engine computes the retargeted values
 * (write: false), and the rig's own set-values command writes them, so undo restores exactly the
 * rig as it was, and the open rig panel follows at once.
 */
export async function applyTrackFrame(
  client: MienClient,
  history: History,
  request: ApplyFrameRequest,
): Promise<RigValues> {
  const { projectId, assetId } = request;
  const result = await client.call('tracks.applyFrame', {
    trackSetId: request.trackSetId,
    frame: request.frame,
    assetId,
    mode: request.mode,
    includePose: request.includePose,
    write: false,
  });
  const panel = useRigPanelStore.getState();
  const from: RigValues =
    panel.assetId === assetId && panel.rig
      ? panel.values
      : await client.call('rig.get', { assetId }).then((rig) => ({ coefficients: rig.coefficients, head: rig.head }));
  const to: RigValues = { coefficients: result.coefficients, head: result.head };
  await history.execute(
    rigValuesCommand(
      { client, projectId, assetId },
      { label: `apply frame ${request.frame} of ${request.trackSetName}`, from, to },
    ),
  );
  return to;
}
