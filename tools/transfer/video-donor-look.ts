/**
 * A look at the video-frame mouth donor (issue 9) on real material: a portrait takes the mouth of
 * one frame of a driving video (mouth layer only, relative to the video's most neutral frame),
 * rendered with the frame's own interior and with the built-in painted one. Writes a sheet of mouth
 * crops (source frame | painted | donor) to OUT_DIR/<portrait>-<video>-<frame>.png.
 *
 *   npx tsx tools/transfer/video-donor-look.ts PORTRAIT VIDEO FRAME [OUT_DIR=.tmp/transfer]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../../src/main/engine/engine';
import { Asset, Job, type MethodName, type ParamsOf, type ResultOf } from '../../src/shared/api';

const [portraitFile, videoFile, frameText, outDir = '.tmp/transfer'] = process.argv.slice(2);
if (!portraitFile || !videoFile || !frameText) throw new Error('usage: PORTRAIT VIDEO FRAME [OUT_DIR]');
const frame = Number(frameText);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-donor-look-'));
const engine = await createEngine({ host: 'cli', dataDir, analyzeFacesAfterImport: true });
const call = <M extends MethodName>(method: M, params: ParamsOf<M>) =>
  engine.handle(method, params) as Promise<ResultOf<M>>;
const settle = async (projectId: string) => {
  while ((await call('jobs.list', { projectId, activeOnly: true })).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** The mouth's box (corners 61/291, lips 0/17) of 478 points given as x, y pairs, padded by half its width. */
const mouthBox = (xy: ArrayLike<number>, stride: number, k: number) => {
  const xs = [61, 291, 0, 17].map((i) => xy[i * stride]! * k);
  const ys = [61, 291, 0, 17].map((i) => xy[i * stride + 1]! * k);
  const pad = (Math.max(...xs) - Math.min(...xs)) * 0.35;
  const left = Math.max(0, Math.round(Math.min(...xs) - pad));
  const top = Math.max(0, Math.round(Math.min(...ys) - pad));
  return {
    left,
    top,
    width: Math.round(Math.max(...xs) + pad) - left,
    height: Math.round(Math.max(...ys) + pad) - top,
  };
};

try {
  const project = await call('projects.create', { name: 'donor look' });
  const imported: Asset[] = [];
  for (const [file, kind] of [
    [portraitFile, 'portrait'],
    [videoFile, 'expression'],
  ] as const) {
    const job = Job.parse(
      await call('assets.importBytes', {
        projectId: project.id,
        kind,
        fileName: path.basename(file),
        bytes: fs.readFileSync(file),
      }),
    );
    await settle(project.id);
    const assetId = (await call('jobs.get', { id: job.id })).result?.assetId;
    imported.push(Asset.parse((await call('assets.list', { projectId: project.id })).find((a) => a.id === assetId)));
  }
  await settle(project.id);
  const [portrait, video] = imported as [Asset, Asset];
  const expression = await engine.expressionTransfer({ assetId: video.id, frameIndex: frame, neutralFrameIndex: null });
  if (!expression.mouthDonor) throw new Error(`frame ${frame} brings no donor (mouth shut, or no face tracked)`);
  const mix = { head: 0, brows: 0, eyes: 0, nose: 0, mouth: 1 };
  const render = async (withDonor: boolean) =>
    (
      await engine.renderPortrait(portrait.id, {
        mix,
        expression: withDonor ? expression : { ...expression, mouthDonor: undefined },
        size: { kind: 'full' },
        encode: 'png',
      })
    ).bytes;
  const [painted, donor] = [await render(false), await render(true)];
  const analysis = (await call('faces.get', { assetId: portrait.id })).analysis;
  if (!analysis?.ok) throw new Error('portrait not analysed');
  const face = analysis.faces[analysis.chosenIndex]!;
  const box = mouthBox(face.landmarks, 3, portrait.width / portrait.workingWidth);
  const sourcePoints = (await call('faces.videoFrames', { assetId: video.id, from: frame, count: 1 })).frames[0]!
    .landmarks!;
  const sourceBox = mouthBox(sourcePoints, 2, 1);
  const side = 320;
  const tile = async (input: Uint8Array | string, region: typeof box) =>
    sharp(input)
      .extract(region)
      .resize(side, Math.round((side * box.height) / box.width), { fit: 'contain' })
      .png()
      .toBuffer();
  const tiles = [
    await tile(expression.mouthDonor.imagePath, sourceBox),
    await tile(painted, box),
    await tile(donor, box),
  ];
  const height = Math.round((side * box.height) / box.width);
  fs.mkdirSync(outDir, { recursive: true });
  const name = `${path.parse(portraitFile).name}-${path.parse(videoFile).name}-${frame}.png`;
  await sharp({ create: { width: side * 3 + 8, height, channels: 3, background: '#000' } })
    .composite(tiles.map((input, i) => ({ input, left: i * (side + 4), top: 0 })))
    .png()
    .toFile(path.join(outDir, name));
  console.log(`${path.join(outDir, name)}: source frame ${frame} | painted | donor (mouth box ${JSON.stringify(box)})`);
} finally {
  await engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
