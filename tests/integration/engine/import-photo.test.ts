import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Asset, Job, Project, SystemInfo, type Frame } from '../../../src/shared/api';
import { ASTRONAUT, startEngine, type Harness } from './engine-harness';

let h: Harness;
beforeEach(async () => {
  h = await startEngine();
});
afterEach(async () => {
  await h.close();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const importBytes = async (projectId: string, fileName: string, bytes: Uint8Array) => {
  // The contract types bytes as Uint8Array<ArrayBuffer>; Node's Buffers are typed over ArrayBufferLike.
  const job = Job.parse(
    await h.call('assets.importBytes', { projectId, fileName, bytes: bytes as Uint8Array<ArrayBuffer> }),
  );
  return h.waitForJob(job.id);
};
const stagingEntries = () => {
  const root = path.join(h.dataDir, 'blobs', '.staging');
  return fs.existsSync(root) ? fs.readdirSync(root) : [];
};

describe('photo import through the engine', () => {
  it('imports the astronaut: 512 x 512, original kept byte for byte, thumbnail stored, events sent', async () => {
    const project = await h.call('projects.create', { name: 'Astronaut' });
    const bytes = fs.readFileSync(ASTRONAUT);
    const expectedSha = sha256(bytes);
    const frames: Frame[] = [];
    const job = Job.parse(
      await h.call('assets.importBytes', { projectId: project.id, fileName: 'astronaut.png', bytes }),
    );
    expect(job).toMatchObject({
      state: 'queued',
      kind: 'import-photo',
      hasPreview: true,
      title: 'Import astronaut.png',
    });
    const closeStream = h.engine.openStream(job.id, (frame) => {
      frames.push(frame);
    });
    const done = await h.waitForJob(job.id);
    closeStream();
    expect(done.state).toBe('succeeded');
    const assetId = done.result?.assetId as string;

    const [asset] = (await h.call('assets.list', { projectId: project.id })).map((a) => Asset.parse(a));
    expect(asset).toMatchObject({ id: assetId, width: 512, height: 512, workingWidth: 512, workingHeight: 512 });
    expect(asset!.originalSha256).toBe(expectedSha);
    expect(asset!.mime).toBe('image/png');
    const original = h.engine.resolveBlob(asset!.originalSha256)!;
    expect(sha256(fs.readFileSync(original.path))).toBe(expectedSha);
    const thumbnail = h.engine.resolveBlob(asset!.thumbnailSha256)!;
    expect(thumbnail.mime).toBe('image/webp');
    const thumbMeta = await sharp(thumbnail.path).metadata();
    expect([thumbMeta.format, thumbMeta.width, thumbMeta.height]).toEqual(['webp', 256, 256]);

    const listed = Project.parse((await h.call('projects.list', {}))[0]);
    expect(listed).toMatchObject({ assetCount: 1, thumbnailSha256: asset!.thumbnailSha256 });
    const eventNames = h.events.map((e) => e.event);
    expect(eventNames).toContain('project.changed');
    expect(eventNames).toContain('projects.changed');
    const states = h.events.filter((e) => e.event === 'job.updated').map((e) => (e.payload as Job).state);
    expect(states[0]).toBe('queued');
    expect(states.at(-1)).toBe('succeeded');
    // Progressive previews: the last one seen is a decoded JPEG at most 640 px, never bigger than the photo.
    expect(frames.length).toBeGreaterThanOrEqual(1);
    const last = frames.at(-1)!;
    expect(last.header).toMatchObject({ streamId: job.id, format: 'jpeg' });
    const decoded = await sharp(last.data).metadata();
    expect([decoded.width, decoded.height]).toEqual([last.header.width, last.header.height]);
    expect(stagingEntries()).toEqual([]);
  });

  it('publishes a small preview first, then a larger one', async () => {
    const project = await h.call('projects.create', { name: 'Previews' });
    const bytes = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer();
    const job = Job.parse(await h.call('assets.importBytes', { projectId: project.id, fileName: 'blue.jpg', bytes }));
    const widths: number[] = [];
    // An acknowledging subscriber that is never slow sees every frame.
    h.engine.openStream(job.id, async (frame) => {
      widths.push(frame.header.width);
    });
    await h.waitForJob(job.id);
    expect(widths).toEqual([160, 640]);
  });

  it('turns an EXIF-rotated JPEG upright (orientation 6: a quarter turn clockwise)', async () => {
    const project = await h.call('projects.create', { name: 'Rotated' });
    // Stored as 300 x 200: left half red, right half blue. Orientation 6 means "display turned 90° clockwise".
    const stored = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ff0000' } })
      .composite([
        {
          input: await sharp({ create: { width: 150, height: 200, channels: 3, background: '#0000ff' } })
            .png()
            .toBuffer(),
          left: 150,
          top: 0,
        },
      ])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    const done = await importBytes(project.id, 'rotated.jpg', stored);
    expect(done.state).toBe('succeeded');
    const asset = Asset.parse((await h.call('assets.list', { projectId: project.id }))[0]);
    expect([asset.width, asset.height]).toEqual([200, 300]);
    expect([asset.workingWidth, asset.workingHeight]).toEqual([200, 300]);
    expect(asset.workingSha256).not.toBe(asset.originalSha256);
    const working = h.engine.resolveBlob(asset.workingSha256)!;
    const { data, info } = await sharp(working.path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([200, 300]);
    const rgbAt = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    // Turned clockwise, the red left half is now on top and the blue right half at the bottom.
    const [topR, , topB] = rgbAt(100, 40);
    const [bottomR, , bottomB] = rgbAt(100, 260);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(60);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(60);
    // The original is kept as it was, orientation tag included.
    expect(sha256(fs.readFileSync(h.engine.resolveBlob(asset.originalSha256)!.path))).toBe(sha256(stored));
  });

  it('fails a text file renamed .jpg with not_an_image, saying what it looks like, and leaves nothing behind', async () => {
    const project = await h.call('projects.create', { name: 'Bad file' });
    const done = await importBytes(
      project.id,
      'portrait.jpg',
      Buffer.from('These are my notes, not a photo.\n'.repeat(20)),
    );
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ code: 'not_an_image', message: 'portrait.jpg is not an image (it looks like text).' });
    expect(await h.call('assets.list', { projectId: project.id })).toEqual([]);
    expect(stagingEntries()).toEqual([]);
    expect(fs.readdirSync(path.join(h.dataDir, 'blobs')).filter((name) => name !== '.staging')).toEqual([]);
  });

  it('says a text file named .mp4 is not a readable video (not "not an image")', async () => {
    const project = await h.call('projects.create', { name: 'Fake video' });
    const done = await importBytes(project.id, 'clip.mp4', Buffer.from('This is not a video at all.\n'));
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({
      code: 'unsupported_format',
      message: 'clip.mp4 is not a readable video (it looks like text).',
    });
    expect(await h.call('assets.list', { projectId: project.id })).toEqual([]);
  });

  it('rejects a damaged JPEG and a BMP with specific errors', async () => {
    const project = await h.call('projects.create', { name: 'Damaged' });
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const damaged = await importBytes(project.id, 'cut.jpg', jpeg.subarray(0, 40));
    expect(damaged.error?.code).toBe('not_an_image');
    expect(damaged.error?.message).toMatch(/^cut\.jpg is damaged or incomplete: it could not be read as a JPEG image/);
    expect(damaged.error?.message).not.toContain('Vips');
    // Cut in the middle of its pixels: the header reads, the decode stops early (libvips says "VipsJpeg: premature end").
    const noise = Buffer.alloc(256 * 256 * 3).map((_, i) => (i * 7919) % 251);
    const photo = await sharp(noise, { raw: { width: 256, height: 256, channels: 3 } })
      .jpeg()
      .toBuffer();
    const halfPhoto = await importBytes(project.id, 'half.jpg', photo.subarray(0, photo.length >> 1));
    expect(halfPhoto.error).toMatchObject({ code: 'not_an_image' });
    expect(halfPhoto.error?.message).toBe(
      'half.jpg is damaged or incomplete: it could not be read as a JPEG image (premature end of JPEG image).',
    );
    const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)]);
    const unsupported = await importBytes(project.id, 'old.bmp', bmp);
    expect(unsupported.error).toMatchObject({
      code: 'unsupported_format',
      message: expect.stringContaining('old.bmp is a BMP image'),
    });
  });

  it('accepts PNG, WebP, GIF (first frame), TIFF and AVIF', async () => {
    const project = await h.call('projects.create', { name: 'Formats' });
    const base = () => sharp({ create: { width: 40, height: 30, channels: 4, background: '#00aa0080' } });
    const files: Array<[string, Buffer, string]> = [
      ['a.png', await base().png().toBuffer(), 'image/png'],
      ['a.webp', await base().webp().toBuffer(), 'image/webp'],
      ['a.gif', await base().gif().toBuffer(), 'image/gif'],
      ['a.tiff', await base().tiff().toBuffer(), 'image/tiff'],
      ['a.avif', await base().avif().toBuffer(), 'image/avif'],
    ];
    for (const [name, bytes, mime] of files) {
      const done = await importBytes(project.id, name, bytes);
      expect(done.state, `${name}: ${done.error?.message}`).toBe('succeeded');
      const asset = (await h.call('assets.list', { projectId: project.id })).at(-1)!;
      expect([asset.mime, asset.width, asset.height], name).toEqual([mime, 40, 30]);
      const working = await sharp(h.engine.resolveBlob(asset.workingSha256)!.path).metadata();
      expect(['png', 'webp']).toContain(working.format);
      // Transparency survives into the working copy (sharp's TIFF encoder writes no alpha, so compare with the source).
      expect(working.hasAlpha, name).toBe((await sharp(bytes).metadata()).hasAlpha);
    }
  });

  it('imports the first frame of an animated GIF', async () => {
    const project = await h.call('projects.create', { name: 'GIF' });
    const frame = (colour: string) =>
      sharp({ create: { width: 20, height: 10, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    expect((await importBytes(project.id, 'blink.gif', gif)).state).toBe('succeeded');
    const asset = Asset.parse((await h.call('assets.list', { projectId: project.id }))[0]);
    expect([asset.width, asset.height, asset.workingWidth, asset.workingHeight]).toEqual([20, 10, 20, 10]);
    const working = h.engine.resolveBlob(asset.workingSha256)!;
    expect(working.mime).toBe('image/png');
    const { data } = await sharp(working.path).raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(data.subarray(0, 3))).toEqual([255, 0, 0]);
  });

  it('reports HEIC it cannot decode as unsupported_format rather than crashing', async () => {
    const project = await h.call('projects.create', { name: 'HEIC' });
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic'),
      Buffer.alloc(200),
    ]);
    const done = await importBytes(project.id, 'phone.heic', heic);
    expect(done.state).toBe('failed');
    expect(['unsupported_format', 'not_an_image']).toContain(done.error?.code);
    expect(done.error?.message).toContain('phone.heic');
  });

  it('downscales a photo over maxWorkingSide for the working copy and keeps the original size', async () => {
    await h.close();
    h = await startEngine({ maxWorkingSide: 1024 });
    const project = await h.call('projects.create', { name: 'Huge' });
    const bytes = await sharp({
      create: {
        width: 3000,
        height: 2000,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();
    const done = await importBytes(project.id, 'huge.jpg', bytes);
    expect(done.state).toBe('succeeded');
    const asset = Asset.parse((await h.call('assets.list', { projectId: project.id }))[0]);
    expect([asset.width, asset.height]).toEqual([3000, 2000]);
    expect([asset.workingWidth, asset.workingHeight]).toEqual([1024, 683]);
    const working = await sharp(h.engine.resolveBlob(asset.workingSha256)!.path).metadata();
    expect([working.format, working.width, working.height]).toEqual(['jpeg', 1024, 683]);
    const original = await sharp(h.engine.resolveBlob(asset.originalSha256)!.path).metadata();
    expect([original.width, original.height]).toEqual([3000, 2000]);
    expect(SystemInfo.parse(await h.call('system.info', {})).limits.maxWorkingSide).toBe(1024);
  });

  it('refuses images over the byte or pixel limit with image_too_large', async () => {
    await h.close();
    h = await startEngine({ maxImportBytes: 50_000, maxImportPixels: 1_000_000 });
    const project = await h.call('projects.create', { name: 'Limits' });
    const big = await sharp({ create: { width: 1200, height: 1000, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const tooManyPixels = await importBytes(project.id, 'wide.png', big);
    expect(tooManyPixels.error).toMatchObject({
      code: 'image_too_large',
      message: expect.stringContaining('1200 x 1000'),
    });
    const tooManyBytes = await importBytes(project.id, 'noisy.png', Buffer.concat([big, Buffer.alloc(60_000)]));
    expect(tooManyBytes.error?.code).toBe('image_too_large');
  });

  it('cancels an import, removing its staged files, and keeps the project unchanged', async () => {
    const project = await h.call('projects.create', { name: 'Cancel' });
    const bytes = await sharp({
      create: {
        width: 5000,
        height: 4000,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 100, sigma: 30 },
      },
    })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const job = Job.parse(await h.call('assets.importBytes', { projectId: project.id, fileName: 'big.png', bytes }));
    await new Promise<void>((resolve) => {
      const stop = h.engine.onEvent((event, payload) => {
        const update = payload as Job;
        if (event === 'job.updated' && update.id === job.id && update.progress.fraction >= 0.15) {
          stop();
          resolve();
        }
      });
    });
    const started = Date.now();
    const cancelled = Job.parse(await h.call('jobs.cancel', { id: job.id }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cancelled.state).toBe('cancelled');
    expect(stagingEntries()).toEqual([]);
    expect(await h.call('assets.list', { projectId: project.id })).toEqual([]);
    const blobFolders = fs.readdirSync(path.join(h.dataDir, 'blobs')).filter((name) => name !== '.staging');
    expect(blobFolders).toEqual([]);
    // The pool replaced the terminated worker: the next import works.
    expect((await importBytes(project.id, 'astronaut.png', fs.readFileSync(ASTRONAUT))).state).toBe('succeeded');
  });

  it('deleting a project stops its running import first, leaving no files behind', async () => {
    const project = await h.call('projects.create', { name: 'Deleted mid-import' });
    const bytes = await sharp({
      create: {
        width: 2500,
        height: 2500,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 90, sigma: 30 },
      },
    })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const job = Job.parse(await h.call('assets.importBytes', { projectId: project.id, fileName: 'big.png', bytes }));
    const finished = h.waitForJob(job.id);
    await h.call('projects.delete', { id: project.id });
    expect((await finished).state).toBe('cancelled');
    expect(await h.call('projects.list', {})).toEqual([]);
    expect(stagingEntries()).toEqual([]);
    expect(fs.readdirSync(path.join(h.dataDir, 'blobs')).filter((name) => name !== '.staging')).toEqual([]);
  });

  it('lists jobs for reattaching after a reload, newest first', async () => {
    const project = await h.call('projects.create', { name: 'Jobs' });
    const first = await importBytes(project.id, 'one.png', fs.readFileSync(ASTRONAUT));
    const second = await importBytes(project.id, 'notes.jpg', Buffer.from('text'));
    const listed = await h.call('jobs.list', { projectId: project.id });
    expect(listed.map((job) => job.id)).toEqual([second.id, first.id]);
    expect(await h.call('jobs.list', { activeOnly: true })).toEqual([]);
    expect((await h.call('jobs.get', { id: first.id })).state).toBe('succeeded');
  });

  it('duplicates a project sharing blobs, and deleting it keeps the original’s files', async () => {
    const project = await h.call('projects.create', { name: 'Original' });
    await importBytes(project.id, 'astronaut.png', fs.readFileSync(ASTRONAUT));
    const copy = await h.call('projects.duplicate', { id: project.id });
    const [asset] = await h.call('assets.list', { projectId: project.id });
    const [copied] = await h.call('assets.list', { projectId: copy.id });
    expect(copied!.originalSha256).toBe(asset!.originalSha256);
    expect(copied!.id).not.toBe(asset!.id);
    await h.call('projects.delete', { id: copy.id });
    expect(h.engine.resolveBlob(asset!.originalSha256)).not.toBeNull();
    await h.call('assets.delete', { id: asset!.id });
    expect(h.engine.resolveBlob(asset!.originalSha256)).toBeNull();
    expect((await h.call('projects.get', { id: project.id })).assetCount).toBe(0);
  });
});
