import sharp from 'sharp';
import type { RenderTarget } from '../../src/shared/generate';
import { builtInPreset, coefficientsToRecord, type BuiltInPresetId } from '../../src/shared/rig';
import {
  fitLandmarksForSource,
  generatorSource,
  type SourceFit,
} from '../../src/main/engine/generate/generator-source';
import type { GeneratorSource } from '../../src/main/engine/generate/generator';

/**
 * The edits every look at the generator is made of (contact sheets, identity and geometry checks):
 * each on top of the photo's own fitted rig, as the rig panel would make them.
 */
export interface EditCase {
  id: string;
  label: string;
  target(fit: SourceFit): RenderTarget;
}

const fromFit = (fit: SourceFit, coefficients: Record<string, number>, head: Partial<RenderTarget['head']> = {}) => ({
  coefficients: { ...coefficientsToRecord(fit.coefficients), ...coefficients },
  head: { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg, ...head },
});
const preset = (fit: SourceFit, id: BuiltInPresetId): RenderTarget => {
  const zero = Object.fromEntries(Object.keys(coefficientsToRecord(fit.coefficients)).map((name) => [name, 0]));
  return fromFit(fit, { ...zero, ...builtInPreset(id).coefficients });
};

export const EDIT_CASES: EditCase[] = [
  { id: 'photo', label: 'photo (fit)', target: (fit) => fromFit(fit, {}) },
  { id: 'neutral', label: 'neutral', target: (fit) => preset(fit, 'neutral') },
  { id: 'smile', label: 'smile', target: (fit) => preset(fit, 'smile') },
  { id: 'jawOpen', label: 'jawOpen 0.6', target: (fit) => fromFit(fit, { jawOpen: 0.6 }) },
  { id: 'blink', label: 'blink', target: (fit) => fromFit(fit, { eyeBlinkLeft: 1, eyeBlinkRight: 1 }) },
  { id: 'surprise', label: 'surprise', target: (fit) => preset(fit, 'surprise') },
  {
    id: 'lookLeft',
    label: 'look left',
    target: (fit) => fromFit(fit, { eyeLookOutLeft: 1, eyeLookInRight: 1, eyeLookInLeft: 0, eyeLookOutRight: 0 }),
  },
  { id: 'yaw15', label: 'head yaw 15°', target: (fit) => fromFit(fit, {}, { yawDeg: 15 }) },
];

/** A generator source straight from a photo file and its landmarks (no project store). */
export async function sourceFromPhoto(file: string, landmarks: ArrayLike<number>): Promise<GeneratorSource> {
  const { data, info } = await sharp(file).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
  return generatorSource(file, image, landmarks, info.width, fitLandmarksForSource(landmarks));
}

export function fitOf(source: GeneratorSource): SourceFit {
  return {
    pose: source.fit.pose,
    coefficients: source.fit.coefficients,
    identityModes: [],
    identityDetail: null,
  };
}
