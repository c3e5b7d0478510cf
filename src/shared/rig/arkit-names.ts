/** Apple ARKit's 52 blendshape locations, in ARKit's alphabetical order (the rig's coefficient order). */
export const ARKIT_BLENDSHAPE_NAMES = [
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'eyeLookDownLeft',
  'eyeLookDownRight',
  'eyeLookInLeft',
  'eyeLookInRight',
  'eyeLookOutLeft',
  'eyeLookOutRight',
  'eyeLookUpLeft',
  'eyeLookUpRight',
  'eyeSquintLeft',
  'eyeSquintRight',
  'eyeWideLeft',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawOpen',
  'jawRight',
  'mouthClose',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthFunnel',
  'mouthLeft',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthPucker',
  'mouthRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'noseSneerLeft',
  'noseSneerRight',
  'tongueOut',
] as const;

export type ArkitBlendshapeName = (typeof ARKIT_BLENDSHAPE_NAMES)[number];

export const BLENDSHAPE_COUNT = ARKIT_BLENDSHAPE_NAMES.length;

const indexByName = new Map<string, number>(ARKIT_BLENDSHAPE_NAMES.map((name, i) => [name, i]));

/** Index of an ARKit name in the coefficient vector, or -1. */
export function blendshapeIndex(name: string): number {
  return indexByName.get(name) ?? -1;
}

export function isArkitBlendshapeName(name: string): name is ArkitBlendshapeName {
  return indexByName.has(name);
}

/** ARKit camelCase name to the PascalCase column name Live Link Face writes (eyeBlinkLeft -> EyeBlinkLeft). */
export function toPascalCase(name: ArkitBlendshapeName): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The mirror twin of a name (eyeBlinkLeft <-> eyeBlinkRight, mouthLeft <-> mouthRight); unpaired names map to themselves. */
export function mirrorBlendshapeName(name: ArkitBlendshapeName): ArkitBlendshapeName {
  const swapped = name.endsWith('Left')
    ? name.slice(0, -4) + 'Right'
    : name.endsWith('Right')
      ? name.slice(0, -5) + 'Left'
      : name;
  return isArkitBlendshapeName(swapped) ? swapped : name;
}
