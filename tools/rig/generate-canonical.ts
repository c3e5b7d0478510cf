/**
 * Generates the rig's neutral canonical face (src/shared/rig/canonical/canonical-face.ts).
 *
 * MediaPipe's canonical_face_model is not shipped in any package here, so the neutral shape is
 * measured: MediaPipe facemesh (the TF.js model in @vladmandic/human) runs on two near-neutral
 * public-domain / MIT-licensed portraits, each mesh is put in the canonical frame (symmetry plane
 * x = 0, chin-to-forehead along +y, towards the camera +z, unit face width between points 234
 * and 454), the two are averaged and the average is made exactly left/right symmetric with the
 * UV mirror pairs. Only the resulting numbers are committed, never the images.
 *
 * Run: npx tsx tools/rig/generate-canonical.ts   (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectFaceMesh, type FaceBox } from './facemesh-node';
import { mirrorIndex } from '../../src/shared/rig/topology/mirror';
import { FACE_MESH_REGIONS } from '../../src/shared/rig/topology/facemesh-topology';
import { LANDMARK, RIG_POINT_COUNT } from '../../src/shared/rig/topology/rig-points';
import { createSimilarity, fitSimilarity, applySimilarity } from '../../src/shared/rig/math/similarity';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(root, '../shared/fixtures');
const N = 468;

const sources: { file: string; box: FaceBox }[] = [
  { file: 'portraits/painting-mona-lisa.jpg', box: { centerX: 365, centerY: 300, size: 330 } },
  { file: 'portraits/photo-bw-man.jpg', box: { centerX: 190, centerY: 170, size: 200 } },
];

/** Image-space facemesh points (x right, y down, z away) to camera frame (x right, y up, z towards camera). */
function toCameraFrame(mesh: Float64Array): Float64Array {
  const out = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) {
    out[i * 3] = mesh[i * 3]!;
    out[i * 3 + 1] = -mesh[i * 3 + 1]!;
    out[i * 3 + 2] = -mesh[i * 3 + 2]!;
  }
  return out;
}

function reflectAndPermute(points: Float64Array): Float64Array {
  const mirror = mirrorIndex();
  const out = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) {
    const j = mirror[i]!;
    out[i * 3] = -points[j * 3]!;
    out[i * 3 + 1] = points[j * 3 + 1]!;
    out[i * 3 + 2] = points[j * 3 + 2]!;
  }
  return out;
}

const sub = (p: Float64Array, i: number, j: number) => [0, 1, 2].map((k) => p[i * 3 + k]! - p[j * 3 + k]!);
const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const normalize = (a: number[]) => {
  const n = Math.hypot(a[0]!, a[1]!, a[2]!);
  return a.map((v) => v / n);
};

/** Puts a mesh in the canonical frame and makes it exactly symmetric. */
function canonicalise(points: Float64Array): Float64Array {
  // 1. Symmetric blend: the mirrored mesh rigidly aligned back onto the original, averaged with it.
  const mirrored = reflectAndPermute(points);
  const sim = fitSimilarity(mirrored, points, null, N, createSimilarity(), false);
  const alignedMirror = applySimilarity(sim, mirrored, N, new Float64Array(N * 3));
  const blend = new Float64Array(N * 3);
  for (let k = 0; k < N * 3; k++) blend[k] = (points[k]! + alignedMirror[k]!) / 2;
  // 2. Symmetry-plane normal from left-minus-right pair vectors.
  const mirror = mirrorIndex();
  let axisX = [0, 0, 0];
  for (let i = 0; i < N; i++) {
    const j = mirror[i]!;
    if (j === i) continue;
    const d = sub(blend, i, j);
    // Orient every pair vector the same way (towards the image's right, i.e. the subject's left).
    const sign = blend[i * 3]! > blend[j * 3]! ? 1 : -1;
    axisX = axisX.map((v, k) => v + sign * d[k]!);
  }
  axisX = normalize(axisX);
  const up = sub(blend, LANDMARK.foreheadTop, LANDMARK.chin);
  const upDotX = dot(up, axisX);
  const axisY = normalize(up.map((v, k) => v - upDotX * axisX[k]!));
  const axisZ = [
    axisX[1]! * axisY[2]! - axisX[2]! * axisY[1]!,
    axisX[2]! * axisY[0]! - axisX[0]! * axisY[2]!,
    axisX[0]! * axisY[1]! - axisX[1]! * axisY[0]!,
  ];
  const origin = [0, 1, 2].map((k) => {
    let s = 0;
    for (let i = 0; i < N; i++) s += blend[i * 3 + k]!;
    return s / N;
  });
  const framed = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) {
    const p = [0, 1, 2].map((k) => blend[i * 3 + k]! - origin[k]!);
    framed[i * 3] = dot(p, axisX);
    framed[i * 3 + 1] = dot(p, axisY);
    framed[i * 3 + 2] = dot(p, axisZ);
  }
  // 3. Unit face width, then exact symmetry (midline points get x = 0).
  const width = Math.hypot(...sub(framed, LANDMARK.leftFaceSide, LANDMARK.rightFaceSide));
  for (let k = 0; k < N * 3; k++) framed[k] = framed[k]! / width;
  const exact = new Float64Array(N * 3);
  const reflected = reflectAndPermute(framed);
  for (let k = 0; k < N * 3; k++) exact[k] = (framed[k]! + reflected[k]!) / 2;
  return exact;
}

/**
 * Where the project's iris model (src/main/engine/face) puts the iris centre of a face looking
 * at the camera, relative to the midpoint of the eye's corners, in eye widths (corner to corner):
 * measured on the fixture portraits (astronaut, child painting, render boy: outward 0.006-0.051,
 * mean 0.035; all five portraits: up 0.084-0.128, mean 0.10). The lid-margin centroid used
 * before sat 0.065 lower, so every face at rest read as looking up.
 */
const IRIS_REST = { outward: 0.03, up: 0.1 };

/** Iris points: centre at the measured rest position, in front of the lid margin; contour at +x, +y, -x, -y. */
function addIris(face: Float64Array): Float64Array {
  const out = new Float64Array(RIG_POINT_COUNT * 3);
  out.set(face);
  const eyes = [
    {
      start: 468,
      ring: [...FACE_MESH_REGIONS.rightEyeUpper0, ...FACE_MESH_REGIONS.rightEyeLower0],
      corners: [33, 133],
      outwardX: -1,
    },
    {
      start: 473,
      ring: [...FACE_MESH_REGIONS.leftEyeUpper0, ...FACE_MESH_REGIONS.leftEyeLower0],
      corners: [263, 362],
      outwardX: 1,
    },
  ];
  for (const eye of eyes) {
    const [outer, inner] = eye.corners as [number, number];
    const width = Math.hypot(...sub(face, outer, inner));
    const c = [0, 1].map((k) => (face[outer * 3 + k]! + face[inner * 3 + k]!) / 2);
    c[0] = c[0]! + eye.outwardX * IRIS_REST.outward * width;
    c[1] = c[1]! + IRIS_REST.up * width;
    // Depth: the cornea bulges slightly in front of the lid margin.
    c[2] = eye.ring.reduce((s, i) => s + face[i * 3 + 2]!, 0) / eye.ring.length + 0.006;
    // Iris diameter is about 0.39 of the palpebral fissure width (11.7 mm of ~30 mm).
    const radius = 0.195 * width;
    const offsets = [
      [0, 0],
      [radius, 0],
      [0, radius],
      [-radius, 0],
      [0, -radius],
    ];
    offsets.forEach(([dx, dy], k) => {
      out[(eye.start + k) * 3] = c[0]! + dx!;
      out[(eye.start + k) * 3 + 1] = c[1]! + dy!;
      out[(eye.start + k) * 3 + 2] = c[2]!;
    });
  }
  return out;
}

const faces: Float64Array[] = [];
for (const source of sources) {
  const file = path.join(fixtures, source.file);
  if (!existsSync(file)) throw new Error(`missing fixture ${file} (set MIEN_FIXTURES to the fixtures folder)`);
  const { mesh, score } = await detectFaceMesh(file, source.box);
  console.log(`${source.file}: facemesh score ${score.toFixed(3)}`);
  faces.push(canonicalise(toCameraFrame(mesh)));
}
const mean = new Float64Array(N * 3);
for (const face of faces) for (let k = 0; k < N * 3; k++) mean[k] = mean[k]! + face[k]! / faces.length;
const canonical = addIris(canonicalise(mean));

const rowsText: string[] = [];
for (let i = 0; i < RIG_POINT_COUNT; i++) {
  rowsText.push(`  ${[0, 1, 2].map((k) => canonical[i * 3 + k]!.toFixed(5)).join(', ')}, // ${i}`);
}
const text = `/**
 * Neutral canonical face on MediaPipe's refined 478-point layout (468 mesh + 10 iris points),
 * packed x, y, z per point. Frame: x towards the subject's left, y up, z towards the camera;
 * origin at the mesh centroid; unit distance between the face sides (points 234 and 454);
 * exactly left/right symmetric.
 *
 * Generated by tools/rig/generate-canonical.ts from MediaPipe facemesh run on two public-domain /
 * MIT-licensed portraits (Mona Lisa; a black-and-white studio photo from the LivePortrait
 * examples), averaged and symmetrised. Do not edit by hand: rerun the script.
 */
export const CANONICAL_FACE: readonly number[] = [
${rowsText.join('\n')}
];
`;
const out = path.join(root, 'src/shared/rig/canonical/canonical-face.ts');
await writeFile(out, text);
const span = (axis: number) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < N; i++) {
    lo = Math.min(lo, canonical[i * 3 + axis]!);
    hi = Math.max(hi, canonical[i * 3 + axis]!);
  }
  return (hi - lo).toFixed(3);
};
console.log(
  `wrote ${out}; extent x ${span(0)}, y ${span(1)}, z ${span(2)}; nose tip z ${canonical[LANDMARK.noseTip * 3 + 2]!.toFixed(3)}`,
);
