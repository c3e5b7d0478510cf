import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runMien, type CliRun } from './cli-harness';
import { writeNoFacePhoto } from './no-face-photo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const astronautPath = join(root, 'tests/fixtures/astronaut.png');

const mien = (...args: string[]): Promise<CliRun> => runMien(args);

async function rgb(file: string) {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

function meanDifference(a: { data: Buffer; width: number }, b: { data: Buffer; width: number }, box: number[]): number {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      for (let c = 0; c < 3; c++)
        sum += Math.abs(a.data[(y * a.width + x) * 3 + c]! - b.data[(y * b.width + x) * 3 + c]!);
      count += 3;
    }
  }
  return sum / count;
}

/** Mouth and brows of the astronaut (face ~110 px wide around x 230; mouth near y 145, brows near y 85). */
const MOUTH = [205, 135, 255, 165];
const BROWS = [190, 70, 270, 95];
const CORNERS = [
  [0, 0, 60, 60],
  [452, 452, 512, 512],
];

describe('mien transfer (in-process, real engine)', () => {
  let dir: string;
  let expressionPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mien-transfer-test-'));
    // The expression photo: the astronaut rendered by the generator with an open mouth and raised brows.
    expressionPath = join(dir, 'expression.png');
    const made = await mien('edit', astronautPath, '--out', expressionPath, '--set', 'jawOpen=0.7,browInnerUp=0.9');
    expect(made.code, made.err).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the mouth from the expression photo and leaves the brows and the background', async () => {
    const out = join(dir, 'mouth.png');
    const result = await mien(
      'transfer',
      astronautPath,
      expressionPath,
      '--out',
      out,
      '--layers',
      'mouth=1,brows=0,eyes=0,nose=0,head=0',
      '--json',
    );
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(result.out) as {
      mix: Record<string, number>;
      report: { width: number; height: number };
    };
    expect(summary.mix).toEqual({ mouth: 1, brows: 0, eyes: 0, nose: 0, head: 0 });
    expect([summary.report.width, summary.report.height]).toEqual([512, 512]);
    const [original, transferred] = [await rgb(astronautPath), await rgb(out)];
    expect(meanDifference(original, transferred, MOUTH)).toBeGreaterThan(15);
    expect(meanDifference(original, transferred, BROWS)).toBeLessThan(2);
    for (const corner of CORNERS) expect(meanDifference(original, transferred, corner)).toBe(0);
  }, 120_000);

  it('with every layer at 0 reproduces the appearance photo; brows=1 raises the brows', async () => {
    const none = join(dir, 'none.png');
    const zero = await mien(
      'transfer',
      astronautPath,
      expressionPath,
      '--out',
      none,
      '--layers',
      'pose=0,brows=0,eyes=0,nose=0,mouth=0',
    );
    expect(zero.code, zero.err).toBe(0);
    const original = await rgb(astronautPath);
    expect(meanDifference(original, await rgb(none), [150, 40, 320, 220])).toBeLessThan(0.5);
    const brows = join(dir, 'brows.png');
    const raised = await mien(
      'transfer',
      astronautPath,
      expressionPath,
      '--out',
      brows,
      '--layers',
      'brows=1,mouth=0',
      '--size',
      '256',
    );
    expect(raised.code, raised.err).toBe(0);
    const meta = await sharp(brows).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
  }, 120_000);

  it('--layers wrinkles=1 adds the expression detail layer: the face changes a little, the rest not at all', async () => {
    const [plain, detailed] = [join(dir, 'plain.png'), join(dir, 'detailed.png')];
    for (const [out, layers] of [
      [plain, 'mouth=1,brows=1'],
      [detailed, 'mouth=1,brows=1,wrinkles=1'],
    ] as const) {
      const result = await mien('transfer', astronautPath, expressionPath, '--out', out, '--layers', layers, '--json');
      expect(result.code, result.err).toBe(0);
      if (out === detailed) expect((JSON.parse(result.out) as { mix: object }).mix).toMatchObject({ wrinkles: 1 });
    }
    const [a, b] = [await rgb(plain), await rgb(detailed)];
    // The expression photo is the astronaut herself (warped), so her own lines come back nearly as
    // they were: a small change on the face, none in the background.
    const face = meanDifference(a, b, [170, 60, 290, 180]);
    console.log(`wrinkles=1 vs 0: mean difference on the face ${face.toFixed(3)}`);
    expect(face).toBeGreaterThan(0.02);
    expect(face).toBeLessThan(3);
    for (const corner of CORNERS) expect(meanDifference(a, b, corner)).toBe(0);
  }, 120_000);

  it('refuses an unknown layer, an alpha that is not a number, an unwritable --out and a photo as driver with exit code 2', async () => {
    const out = join(dir, 'bad.png');
    const unknown = await mien('transfer', astronautPath, expressionPath, '--out', out, '--layers', 'lips=1');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"lips" is not a layer');
    const notNumber = await mien('transfer', astronautPath, expressionPath, '--out', out, '--layers', 'mouth=lots');
    expect(notNumber.code).toBe(2);
    expect(notNumber.err).toContain('--layers mouth must be a number from 0 to 1, got "lots"');
    const noOut = await mien('transfer', astronautPath, expressionPath);
    expect(noOut.code).toBe(2);
    // --out in a folder that does not exist: refused before either photo is imported.
    const missingFolder = join(dir, 'missing');
    for (const [command, file] of [
      ['transfer', 'x.png'],
      ['retarget', 'x.mp4'],
    ] as const) {
      const refused = await mien(command, astronautPath, expressionPath, '--out', join(missingFolder, file));
      expect(refused.code, command).toBe(2);
      expect(refused.err).toContain(`the folder ${missingFolder} does not exist`);
      expect(refused.err).not.toContain('import:');
    }
    const notVideo = await mien('retarget', astronautPath, expressionPath, '--out', join(dir, 'x.mp4'));
    expect(notVideo.code).toBe(2);
    expect(notVideo.err).toContain('not a video');
  }, 120_000);

  it('clamps an alpha outside 0..1 with a note, as --set does', async () => {
    const [clamped, full] = [join(dir, 'clamped.png'), join(dir, 'full.png')];
    const over = await mien(
      'transfer',
      astronautPath,
      expressionPath,
      '--out',
      clamped,
      '--layers',
      'mouth=1.5',
      '--json',
    );
    expect(over.code, over.err).toBe(0);
    expect(over.err).toContain('note: --layers mouth 1.5 is out of range; used 1');
    expect((JSON.parse(over.out) as { mix: object }).mix).toEqual({ mouth: 1 });
    const one = await mien('transfer', astronautPath, expressionPath, '--out', full, '--layers', 'mouth=1');
    expect(one.code, one.err).toBe(0);
    expect(meanDifference(await rgb(clamped), await rgb(full), [0, 0, 512, 512])).toBe(0);
  }, 120_000);

  it('says which photo has no face: the expression photo here', async () => {
    const noFace = join(dir, 'noface.jpg');
    await writeNoFacePhoto(noFace);
    const result = await mien('transfer', astronautPath, noFace, '--out', join(dir, 'noface-out.png'));
    expect(result.code).toBe(1);
    expect(result.err).toContain(`mien: ${noFace}: No face found in this photo [invalid_request]`);
    expect(result.err).not.toMatch(/cannot be rendered yet|canonical face/);
  }, 120_000);
});
