import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_MASKS } from '../../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../../src/main/engine/generate/generator-source';
import { lipGain, mouthOpening } from '../../../src/main/engine/generate/warp/mouth-donor';
import { insidePolygon } from '../../../src/main/engine/generate/warp/photo-colours';
import { warpGenerator, type WarpPrepared } from '../../../src/main/engine/generate/warp/warp-generator';
import { LOWER_INNER_LIP, UPPER_INNER_LIP } from '../../../src/main/engine/generate/warp/warp-topology';
import type { ExpressionTransfer, LayerMix, RenderTarget } from '../../../src/shared/generate';
import { coefficientsToRecord } from '../../../src/shared/rig';
import { astronaut, expectedPath, toRgba } from '../face/face-fixtures';

/**
 * The mouth interior from the expression source (issue 9): when the source photo shows an open
 * mouth, the gap the edit opens shows that photo's teeth and tongue (here marked green) instead of
 * the painted interior; with the mouth layer at 0, or no source photo, the painted one.
 */
const ONLY_MOUTH: LayerMix = { head: 0, brows: 0, eyes: 0, nose: 0, mouth: 1 };
const MOUTH_OFF: LayerMix = { ...ONLY_MOUTH, mouth: 0 };
const GREEN = [30, 200, 40] as const;

describe('mouth interior from the expression source', () => {
  let portrait: WarpPrepared;
  let donor: WarpPrepared;
  let appearance: RenderTarget;
  let expression: ExpressionTransfer;

  beforeAll(async () => {
    const photo = await toRgba(astronaut());
    const landmarks = (JSON.parse(readFileSync(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
    const fit = fitLandmarksForSource(landmarks);
    portrait = warpGenerator.prepare(
      generatorSource('astronaut', { ...photo, data: new Uint8Array(photo.data) }, landmarks, photo.width, fit),
    );
    // The donor: the astronaut (her mouth is open, teeth showing) with everything between her inner lips green.
    const inner = [...UPPER_INNER_LIP, ...[...LOWER_INNER_LIP].reverse()].flatMap((i) => [
      landmarks[i * 3]!,
      landmarks[i * 3 + 1]!,
    ]);
    const marked = new Uint8Array(photo.data);
    for (let y = 0; y < photo.height; y++) {
      for (let x = 0; x < photo.width; x++) {
        if (!insidePolygon(inner, x + 0.5, y + 0.5)) continue;
        marked.set(GREEN, (y * photo.width + x) * 4);
      }
    }
    donor = warpGenerator.prepare(generatorSource('donor', { ...photo, data: marked }, landmarks, photo.width, fit));
    const head = { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg };
    const own = coefficientsToRecord(fit.coefficients);
    appearance = { coefficients: own, head };
    expression = { state: { coefficients: { ...own, jawOpen: 0.7 }, head }, neutral: appearance, mode: 'absolute' };
  });

  const greenPixels = (mix: LayerMix, withDonor: boolean): number => {
    const frame = warpGenerator.render(
      portrait,
      appearance,
      mix,
      NO_MASKS,
      { kind: 'preview', maxSide: 512 },
      expression,
      withDonor ? donor : null,
    );
    const { data } = frame.image;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 1]! > data[i]! + 60 && data[i + 1]! > data[i + 2]! + 60) count++;
    }
    return count;
  };

  it("fills the opened gap with the source's interior, colour-matched, only while the mouth layer takes the source", () => {
    const fromDonor = greenPixels(ONLY_MOUTH, true);
    const painted = greenPixels(ONLY_MOUTH, false);
    const layerOff = greenPixels(MOUTH_OFF, true);
    console.log(`green pixels: donor ${fromDonor}, painted ${painted}, mouth layer at 0 ${layerOff}`);
    expect(painted).toBe(0);
    expect(layerOff).toBe(0);
    // The gap jawOpen 0.7 opens on the astronaut is several hundred pixels at 512 px.
    expect(fromDonor).toBeGreaterThan(150);
  });

  it('measures how open a mouth is and matches colours within bounds', () => {
    const upper = new Float32Array(64).fill(0);
    expect(mouthOpening(upper, new Float32Array(64).fill(0), 40)).toBe(0);
    expect(mouthOpening(upper, new Float32Array(64).fill(8), 40)).toBeCloseTo(0.2, 5);
    // Same-coloured lips in brighter light: every channel by the brightness ratio.
    for (const gain of lipGain([150, 150, 150], [100, 100, 100])) expect(gain).toBeCloseTo(151 / 101, 5);
    // Redder lips on the portrait: red gains more than green, but far less than the full 2x difference.
    const [red, green, blue] = lipGain([200, 100, 100], [100, 100, 100]);
    expect(red).toBeGreaterThan(green);
    expect(green).toBeCloseTo(blue, 5);
    expect(red / green).toBeGreaterThan(1.1);
    expect(red / green).toBeLessThan(1.4);
    // A bad estimate never scales a channel past 1.6x.
    for (const gain of lipGain([255, 255, 255], [10, 10, 10])) expect(gain).toBeCloseTo(1.6, 5);
  });
});
