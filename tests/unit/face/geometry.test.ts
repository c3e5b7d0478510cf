import { describe, expect, it } from 'vitest';
import { weightedNonMaxSuppression } from '../../../src/main/engine/face/detector';
import { estimatePose } from '../../../src/main/engine/face/pose';
import { ImagePyramid } from '../../../src/main/engine/face/pyramid';
import { regionFromDetection, regionFromLandmarks } from '../../../src/main/engine/face/regions';
import { cropToImage, writeCrop } from '../../../src/main/engine/face/warp';
import { parseStreamInfo } from '../../../src/main/engine/face/video-frames';

describe('weightedNonMaxSuppression', () => {
  const det = (x: number, score: number) => ({
    box: [x, 10, x + 50, 60] as [number, number, number, number],
    keypoints: new Array(12).fill(x),
    score,
  });
  it('merges overlapping boxes by score and keeps separate faces apart', () => {
    const kept = weightedNonMaxSuppression([det(0, 0.9), det(10, 0.3), det(200, 0.8)]);
    expect(kept).toHaveLength(2);
    expect(kept[0]!.score).toBe(0.9);
    // (0 * 0.9 + 10 * 0.3) / 1.2 = 2.5
    expect(kept[0]!.box[0]).toBeCloseTo(2.5, 6);
    expect(kept[0]!.keypoints[0]).toBeCloseTo(2.5, 6);
    expect(kept[1]!.box[0]).toBe(200);
  });
});

describe('crop geometry', () => {
  it('maps crop corners and centre through a rotated square', () => {
    const region = { cx: 100, cy: 50, size: 40, angle: Math.PI / 2 };
    const [cx, cy] = cropToImage(region, 192, 96, 96);
    expect(cx).toBeCloseTo(100, 9);
    expect(cy).toBeCloseTo(50, 9);
    // Crop x axis points along image +y when rolled by 90 degrees.
    const [x, y] = cropToImage(region, 192, 192, 96);
    expect(x).toBeCloseTo(100, 9);
    expect(y).toBeCloseTo(70, 9);
    const [fx] = cropToImage({ ...region, angle: 0 }, 192, 192, 96, true);
    expect(fx).toBeCloseTo(80, 9);
  });

  it('resamples a rotated, flipped and normalised crop from the image', () => {
    // 4x4 image whose red channel is 10 * x + y (so each pixel can be recognised).
    const width = 4;
    const data = new Uint8Array(width * width * 4);
    for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) data[(y * width + x) * 4] = 10 * x + y;
    const pyramid = new ImagePyramid({ data, width, height: width });
    const out = new Float32Array(4 * 4 * 3);
    const base = {
      outSize: 4,
      scale: 1,
      offset: 0,
      channels: 'rgb' as const,
      layout: 'nhwc' as const,
      border: 'black' as const,
    };
    writeCrop(pyramid, { ...base, region: { cx: 2, cy: 2, size: 4, angle: 0 } }, out);
    expect(out[(1 * 4 + 2) * 3]).toBeCloseTo(21, 5); // identity crop: pixel (2, 1)
    writeCrop(pyramid, { ...base, region: { cx: 2, cy: 2, size: 4, angle: 0 }, flipX: true }, out);
    expect(out[(1 * 4 + 0) * 3]).toBeCloseTo(31, 5); // mirrored: crop x 0 reads image x 3
    writeCrop(pyramid, { ...base, region: { cx: 2, cy: 2, size: 4, angle: Math.PI / 2 } }, out);
    expect(out[(0 * 4 + 0) * 3]).toBeCloseTo(30, 5); // rolled 90 degrees: crop (0, 0) reads image (3, 0)
    writeCrop(pyramid, { ...base, region: { cx: 2, cy: 2, size: 8, angle: 0 }, scale: 2 / 255, offset: -1 }, out);
    expect(out[0]).toBeCloseTo(-1, 5); // outside the image is black
  });

  it('builds mesh regions 1.5x the face, rolled along the eye line', () => {
    const region = regionFromDetection({
      box: { x: 100, y: 100, width: 80, height: 100 },
      score: 0.9,
      keypoints: [120, 140, 160, 180, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(region.size).toBeCloseTo(150, 9);
    expect(region.angle).toBeCloseTo(Math.PI / 4, 9);
    expect([region.cx, region.cy]).toEqual([140, 150]);

    const landmarks = new Float64Array(478 * 3);
    for (let i = 0; i < 468; i++) {
      landmarks[3 * i] = 50 + (i % 2) * 100; // x from 50 to 150
      landmarks[3 * i + 1] = 20 + (i % 3) * 40; // y from 20 to 100
    }
    landmarks[33 * 3 + 1] = landmarks[263 * 3 + 1] = 50; // level eyes
    landmarks[33 * 3] = 50;
    landmarks[263 * 3] = 150;
    const fromMesh = regionFromLandmarks(landmarks, 468);
    expect(fromMesh.cx).toBeCloseTo(100, 9);
    expect(fromMesh.cy).toBeCloseTo(60, 9);
    expect(fromMesh.size).toBeCloseTo(150, 9);
  });
});

describe('estimatePose', () => {
  it('reads yaw from the cheeks and roll from the eyes', () => {
    const frontal = new Float64Array(478 * 3);
    const set = (i: number, x: number, y: number, z: number) => frontal.set([x, y, z], 3 * i);
    set(33, -30, 0, 0);
    set(263, 30, 0, 0);
    set(234, -60, 20, 0);
    set(454, 60, 20, 0);
    set(10, 0, -60, 0);
    set(152, 0, 80, 0);
    expect(estimatePose(frontal).yaw).toBeCloseTo(0, 6);
    // Turn the head 70 degrees about the vertical axis: x' = x cos + z sin, z' = -x sin + z cos.
    const a = (70 * Math.PI) / 180;
    const turned = new Float64Array(frontal);
    for (let i = 0; i < 478; i++) {
      const x = frontal[3 * i]!;
      const z = frontal[3 * i + 2]!;
      turned[3 * i] = x * Math.cos(a) + z * Math.sin(a);
      turned[3 * i + 2] = -x * Math.sin(a) + z * Math.cos(a);
    }
    expect(Math.abs(estimatePose(turned).yaw)).toBeCloseTo(70, 6);
    // Roll the image 30 degrees: yaw unchanged, roll 30.
    const r = (30 * Math.PI) / 180;
    const rolled = new Float64Array(turned);
    for (let i = 0; i < 478; i++) {
      const x = turned[3 * i]!;
      const y = turned[3 * i + 1]!;
      rolled[3 * i] = x * Math.cos(r) - y * Math.sin(r);
      rolled[3 * i + 1] = x * Math.sin(r) + y * Math.cos(r);
    }
    expect(estimatePose(rolled).roll).toBeCloseTo(30, 6);
    expect(Math.abs(estimatePose(rolled).yaw)).toBeCloseTo(70, 6);
  });
});

describe('parseStreamInfo', () => {
  it('reads size, rate and duration, and swaps sides for rotated phone video', () => {
    const stderr = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':",
      '  Duration: 00:00:11.80, start: 0.000000, bitrate: 1139 kb/s',
      '  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1920x1080 [SAR 1:1 DAR 16:9], 1000 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)',
      '      displaymatrix: rotation of -90.00 degrees',
    ].join('\n');
    expect(parseStreamInfo(stderr, 'clip.mp4')).toEqual({
      width: 1080,
      height: 1920,
      fps: 29.97,
      frameCountEstimate: 354,
    });
    expect(() => parseStreamInfo('clip.txt: Invalid data found when processing input', 'clip.txt')).toThrow(
      /No video stream in clip.txt: clip.txt: Invalid data/,
    );
  });
});
