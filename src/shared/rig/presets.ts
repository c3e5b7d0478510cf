import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName } from './arkit-names';

/** A named expression as ARKit coefficients; names left out are 0 (an expression is a whole face). */
export interface ExpressionPreset {
  id: BuiltInPresetId;
  label: string;
  coefficients: Partial<Record<ArkitBlendshapeName, number>>;
}

export type BuiltInPresetId =
  'neutral' | 'smile' | 'grin' | 'surprise' | 'anger' | 'sadness' | 'disgust' | 'fear' | 'wink' | 'kiss' | 'openMouth';

/** Both sides of a symmetric action at one weight, e.g. both('mouthSmile', 0.7). */
const both = (stem: string, weight: number): Partial<Record<ArkitBlendshapeName, number>> =>
  ({ [`${stem}Left`]: weight, [`${stem}Right`]: weight }) as Partial<Record<ArkitBlendshapeName, number>>;

/**
 * The built-in expressions, written as the facial action units that make them (Ekman's FACS
 * prototypes mapped onto ARKit's shapes): a smile is zygomaticus (mouthSmile) with the cheek
 * raiser (cheekSquint) and a little lid tightening; surprise is raised brows, wide lids and a
 * dropped jaw; anger is lowered brows, tight lids and pressed lips; and so on.
 */
export const BUILT_IN_PRESETS: readonly ExpressionPreset[] = [
  { id: 'neutral', label: 'Neutral', coefficients: {} },
  {
    id: 'smile',
    label: 'Smile',
    coefficients: { ...both('mouthSmile', 0.7), ...both('cheekSquint', 0.35), ...both('eyeSquint', 0.2) },
  },
  {
    id: 'grin',
    label: 'Grin',
    coefficients: {
      ...both('mouthSmile', 1),
      ...both('mouthStretch', 0.3),
      ...both('mouthUpperUp', 0.45),
      ...both('mouthLowerDown', 0.4),
      ...both('cheekSquint', 0.6),
      ...both('eyeSquint', 0.35),
      jawOpen: 0.12,
    },
  },
  {
    id: 'surprise',
    label: 'Surprise',
    coefficients: {
      browInnerUp: 0.9,
      ...both('browOuterUp', 0.8),
      ...both('eyeWide', 0.8),
      jawOpen: 0.5,
      mouthFunnel: 0.2,
    },
  },
  {
    id: 'anger',
    label: 'Anger',
    coefficients: {
      ...both('browDown', 0.9),
      ...both('eyeSquint', 0.5),
      ...both('noseSneer', 0.4),
      ...both('mouthPress', 0.5),
      ...both('mouthFrown', 0.3),
      mouthShrugLower: 0.2,
    },
  },
  {
    id: 'sadness',
    label: 'Sadness',
    coefficients: {
      browInnerUp: 0.75,
      ...both('mouthFrown', 0.7),
      ...both('eyeLookDown', 0.2),
      ...both('eyeBlink', 0.15),
      mouthShrugLower: 0.35,
    },
  },
  {
    id: 'disgust',
    label: 'Disgust',
    coefficients: {
      ...both('noseSneer', 0.8),
      ...both('mouthUpperUp', 0.55),
      ...both('browDown', 0.4),
      ...both('eyeSquint', 0.35),
      ...both('cheekSquint', 0.3),
      ...both('mouthFrown', 0.2),
      mouthShrugUpper: 0.2,
    },
  },
  {
    id: 'fear',
    label: 'Fear',
    coefficients: {
      browInnerUp: 0.9,
      ...both('browOuterUp', 0.3),
      ...both('browDown', 0.2),
      ...both('eyeWide', 0.9),
      ...both('mouthStretch', 0.6),
      jawOpen: 0.2,
    },
  },
  {
    id: 'wink',
    label: 'Wink',
    coefficients: { eyeBlinkLeft: 1, cheekSquintLeft: 0.45, mouthSmileLeft: 0.45, eyeSquintRight: 0.1 },
  },
  {
    id: 'kiss',
    label: 'Kiss',
    coefficients: { mouthPucker: 0.95, mouthFunnel: 0.2, ...both('cheekSquint', 0.1) },
  },
  {
    id: 'openMouth',
    label: 'Open mouth',
    coefficients: { jawOpen: 0.7, ...both('mouthLowerDown', 0.3), ...both('mouthUpperUp', 0.15) },
  },
];

export function builtInPreset(id: BuiltInPresetId): ExpressionPreset {
  const preset = BUILT_IN_PRESETS.find((candidate) => candidate.id === id);
  if (!preset) throw new Error(`unknown preset ${id}`);
  return preset;
}

/**
 * The coefficients a preset asks for on top of `current`: names it leaves out become 0 (an
 * expression is a whole face), except the gaze (eyeLook*), which keeps its current value unless the
 * preset names it: where the eyes look is a pose, like the head, and a smile must not turn a
 * portrait's sideways look to the camera. Not clamped.
 */
export function presetCoefficients(
  current: Readonly<Record<ArkitBlendshapeName, number>>,
  preset: Partial<Record<ArkitBlendshapeName, number>>,
): Record<ArkitBlendshapeName, number> {
  const coefficients = {} as Record<ArkitBlendshapeName, number>;
  for (const name of ARKIT_BLENDSHAPE_NAMES) {
    coefficients[name] = preset[name] ?? (name.startsWith('eyeLook') ? current[name] : 0);
  }
  return coefficients;
}
