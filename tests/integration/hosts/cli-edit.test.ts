import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference of two same-size RGB images inside a box. */
function meanDifference(a: Awaited<ReturnType<typeof rgb>>, b: Awaited<ReturnType<typeof rgb>>, box: number[]): number {
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

describe('mien edit (in-process, real engine)', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'mien-edit-test-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('renders the astronaut with an open mouth at full resolution; the background is untouched', async () => {
    const out = join(workDir, 'open.png');
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('mien-edit-')).length;
    const result = await mien('edit', astronautPath, '--out', out, '--set', 'jawOpen=0.6', '--pose', 'yaw=5', '--json');
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(result.out) as { report: { width: number; height: number; capped: unknown[] } };
    expect([summary.report.width, summary.report.height]).toEqual([512, 512]);
    expect(summary.report.capped).toEqual([]);
    const original = await rgb(astronautPath);
    const edited = await rgb(out);
    expect([edited.width, edited.height]).toEqual([512, 512]);
    // Mouth region (face ~110 px wide around x 230, mouth near y 145) changed; the corners did not.
    expect(meanDifference(original, edited, [205, 135, 255, 165])).toBeGreaterThan(15);
    expect(meanDifference(original, edited, [0, 0, 60, 60])).toBe(0);
    expect(meanDifference(original, edited, [452, 452, 512, 512])).toBe(0);
    // The temporary data folder is gone.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('mien-edit-')).length).toBe(before);
  }, 120_000);

  it('writes --size on the long side and applies a preset', async () => {
    const out = join(workDir, 'smile.png');
    const result = await mien('edit', astronautPath, '--out', out, '--preset', 'smile', '--size', '256');
    expect(result.code, result.err).toBe(0);
    // The size reported is the file's, not the render's (512x512).
    expect(result.out).toContain(`${out}: 256x256, rendered in`);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
  }, 120_000);

  it('says which photo has no face, in the words of the viewer', async () => {
    const noFace = join(workDir, 'noface.jpg');
    await writeNoFacePhoto(noFace);
    const out = join(workDir, 'noface-out.png');
    const result = await mien('edit', noFace, '--out', out);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`mien: ${noFace}: No face found in this photo [invalid_request]`);
    expect(result.err).not.toMatch(/canonical face|cannot be rendered yet/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('refuses bad flags with exit code 2 and a specific message, writing nothing', async () => {
    const out = join(workDir, 'bad.png');
    const unknownShape = await mien('edit', astronautPath, '--out', out, '--set', 'jawOpn=0.5');
    expect(unknownShape.code).toBe(2);
    expect(unknownShape.err).toContain('"jawOpn" is not an ARKit blendshape name');
    const badPose = await mien('edit', astronautPath, '--out', out, '--pose', 'yaw=ten');
    expect(badPose.code).toBe(2);
    expect(badPose.err).toContain('--pose expects name=number pairs');
    const noOut = await mien('edit', astronautPath);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('edit needs --out');
    // An --out that cannot be written is refused before the import (no progress lines), in plain words.
    const noFolder = await mien('edit', astronautPath, '--out', join(workDir, 'no-such-folder', 'x.png'));
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toContain(`the folder ${join(workDir, 'no-such-folder')} does not exist`);
    expect(noFolder.err).not.toContain('import:');
    mkdirSync(join(workDir, 'folder.png'));
    const folder = await mien('edit', astronautPath, '--out', join(workDir, 'folder.png'));
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('is a folder; name a file in it');
    const missing = await mien('edit', join(workDir, 'nope.jpg'), '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Cannot read');
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
