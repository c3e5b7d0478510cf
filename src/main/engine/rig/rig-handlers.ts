import { ApiError, type ClampedValue, type RigState } from '../../../shared/api';
import {
  clampCoefficients,
  clampHeadRotation,
  coefficientsFromRecord,
  coefficientsToRecord,
  identityNeutral,
  ARKIT_BLENDSHAPE_NAMES,
  ZERO_HEAD,
  type ArkitBlendshapeName,
  type HeadRotation,
} from '../../../shared/rig';
import type { EngineContext, HandlerMap } from '../api';
import { FacesRepo } from '../face';
import type { ProjectStore } from '../store';
import { identityOf, loadOrFitAssetRig } from './asset-rig-fit';
import { RigPresetsRepo } from './rig-presets-repo';
import { RigStatesRepo } from './rig-states-repo';

type RigMethods = 'rig.get' | 'rig.setCoefficients' | 'presets.list' | 'presets.save' | 'presets.delete';

/** Neutral points travel as JSON; 1e-6 of a face width is far below anything visible and halves the message. */
const roundForWire = (value: number): number => Math.round(value * 1e6) / 1e6;

/** The asset's rig as stored: the fit (if any), the user's edits (if any), and what is in use. */
function loadRigState(store: ProjectStore, assetId: string): RigState {
  const asset = store.assets.get(assetId);
  if (asset.kind === 'video') {
    throw new ApiError('invalid_request', `${asset.originalName} is a video; the rig panel edits photos.`);
  }
  const outcome = loadOrFitAssetRig(store.repository(FacesRepo), assetId);
  const stored = store.repository(RigStatesRepo).find(assetId);
  const fit = outcome.ok ? outcome.value : null;
  const fitCoefficients = fit ? coefficientsToRecord(clampCoefficients(fit.fit.coefficients).coefficients) : null;
  const fitHead = fit
    ? clampHeadRotation({
        yawDeg: fit.fit.pose.yawDeg,
        pitchDeg: fit.fit.pose.pitchDeg,
        rollDeg: fit.fit.pose.rollDeg,
      }).head
    : null;
  return {
    assetId,
    fit:
      fit && fitCoefficients
        ? {
            faceIndex: fit.faceIndex,
            pose: fit.fit.pose,
            coefficients: fitCoefficients,
            residualRmsPixels: fit.fit.residualRmsPixels,
            imageWidth: asset.workingWidth,
            imageHeight: asset.workingHeight,
          }
        : null,
    fitMissingReason: outcome.ok ? null : outcome.reason,
    identityNeutral: fit ? Array.from(identityNeutral(identityOf(fit.fit)), roundForWire) : null,
    coefficients: stored?.coefficients ?? fitCoefficients ?? coefficientsToRecord(new Float32Array(52)),
    head: stored?.head ?? fitHead ?? { ...ZERO_HEAD },
    edited: stored !== null,
    updatedAt: stored?.updatedAt ?? null,
  };
}

/** rig.* and presets.*: the rig panel's state in the project store. */
export function rigHandlers(context: EngineContext): HandlerMap<RigMethods> {
  return {
    'rig.get': ({ assetId }) => loadRigState(context.openStore().store, assetId),

    'rig.setCoefficients': ({ assetId, coefficients, head }) => {
      const { store } = context.openStore();
      return store.transaction(() => {
        const current = loadRigState(store, assetId);
        const merged = ARKIT_BLENDSHAPE_NAMES.map((name) => coefficients[name] ?? current.coefficients[name]);
        const coefficientClamp = clampCoefficients(merged);
        const headClamp = clampHeadRotation({ ...current.head, ...head } as HeadRotation);
        const clamped: ClampedValue[] = [
          ...coefficientClamp.clamped.map(({ name, given, used }) => ({ name, given, used })),
          ...headClamp.clamped,
        ];
        const updatedAt = Date.now();
        const record = coefficientsToRecord(coefficientClamp.coefficients);
        store.repository(RigStatesRepo).save(assetId, { coefficients: record, head: headClamp.head, updatedAt });
        store.projects.touch(store.assets.get(assetId).projectId);
        return { coefficients: record, head: headClamp.head, clamped, updatedAt };
      });
    },

    'presets.list': ({ projectId }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      return store.repository(RigPresetsRepo).list(projectId);
    },

    'presets.save': ({ projectId, name, coefficients }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      const { coefficients: values, clamped } = coefficientsFromRecord(
        coefficients as Partial<Record<ArkitBlendshapeName, number>>,
      );
      const preset = store.transaction(() => {
        const created = store.repository(RigPresetsRepo).create(projectId, name, coefficientsToRecord(values));
        store.projects.touch(projectId);
        return created;
      });
      return { preset, clamped: clamped.map(({ name: shape, given, used }) => ({ name: shape, given, used })) };
    },

    'presets.delete': ({ id }) => {
      const { store } = context.openStore();
      store.transaction(() => store.projects.touch(store.repository(RigPresetsRepo).delete(id)));
      return { ok: true as const };
    },
  };
}
