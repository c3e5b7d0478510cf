import {
  EXPRESSION_DETAIL_LAYER_ID,
  regionActivations,
  type ExpressionTransfer,
  type LayerMix,
  type RenderSize,
  type RenderTarget,
} from '../../../../shared/generate';
import { BLENDSHAPE_COUNT, FACE_MESH_REGIONS } from '../../../../shared/rig';
import {
  layerAlpha,
  type Generator,
  type GeneratorMasks,
  type GeneratorSource,
  type RenderedFrame,
} from '../generator';
import { createRaster, fillUncovered, rasterizeWarp, type WarpRaster } from './coordinate-map';
import { computeDetailMap, type DetailMap } from './detail-map';
import { applyExpressionDetail } from './expression-detail';
import { applyExpressionFolds } from './expression-folds';
import type { DrawnFace } from './skin-pixels';
import { eyeShadingFor, lidShadingFor, mouthShadingFor } from './feature-shading';
import type { LidTone } from './lid-tone';
import { measurePhotoColours, type PhotoColours } from './photo-colours';
import { buildPyramid, levelFor, sampleBilinear, type PyramidLevel } from './source-pyramid';
import { softenOcclusionEdges, type PixelBox } from './occlusion-edges';
import { WarpSurfaceShader } from './surface-shader';
import { prepareGeometry, type WarpGeometry } from './warp-geometry';
import { computeLayeredTarget, WARP_LAYERS } from './warp-layers';
import { EYES, MOUTH_INNER_LOOP, warpTopology, WARP_VERTEX_COUNT } from './warp-topology';

/** What the warp keeps warm per photo: decoded pyramid, geometry, colours and every scratch buffer. */
export interface WarpPrepared {
  key: string;
  image: GeneratorSource['image'];
  pyramid: PyramidLevel[];
  geometry: WarpGeometry;
  colours: PhotoColours;
  coefficients: Float32Array;
  target: Float32Array;
  frameXY: Float32Array;
  sourceXY: Float32Array;
  depth: Float32Array;
  raster: WarpRaster | null;
  shader: WarpSurfaceShader;
  /** The closed lid's tone per side and pyramid level (lid-tone.ts), measured when a blink first needs it. */
  lidTones: Map<string, LidTone | null>;
  /** The photo's fine detail (detail-map.ts), made by prepareExpressionDetail when the detail layer first needs it. */
  detail: DetailMap | null;
  detailPending: Promise<DetailMap> | null;
}

/** Degrees of yaw plus pitch away from the photo's over which occlusion edges go from sharp to softened. */
const TURN_SOFTENED = [5, 9] as const;
/** A depth step between neighbouring pixels (share of the face's width) that marks an occlusion edge. */
const DEPTH_JUMP = 0.01;
/** The face mesh's own points (the warp's first vertices). */
const MESH_POINTS = Array.from({ length: 468 }, (_, v) => v);

/** The painted mouth interior and the eyeballs are always drawn (full strength): they are not layers. */
const ALWAYS_ON = 1;

/**
 * The built-in generator: a dense warp of the photo by the rig (FaceAnime's sparse texture mapping
 * on our mesh), with painted mouth interior and eyeballs. Needs no downloaded weights.
 */
export const warpGenerator: Generator<WarpPrepared> = {
  id: 'warp',
  name: 'Built-in warp',
  layers: WARP_LAYERS,
  inputs: ['photo', 'landmarks', 'rigFit'],

  prepare(source: GeneratorSource): WarpPrepared {
    const geometry = prepareGeometry(source);
    return {
      key: source.key,
      image: source.image,
      pyramid: buildPyramid(source.image),
      geometry,
      colours: measurePhotoColours(source.image, source.landmarks, source.fit.pose.scale),
      coefficients: new Float32Array(BLENDSHAPE_COUNT),
      target: new Float32Array(WARP_VERTEX_COUNT * 3),
      frameXY: new Float32Array(WARP_VERTEX_COUNT * 2),
      sourceXY: new Float32Array(WARP_VERTEX_COUNT * 2),
      depth: new Float32Array(WARP_VERTEX_COUNT),
      raster: null,
      shader: new WarpSurfaceShader(),
      lidTones: new Map(),
      detail: null,
      detailPending: null,
    };
  },

  render(
    prepared: WarpPrepared,
    target: RenderTarget,
    mix: LayerMix,
    masks: GeneratorMasks,
    size: RenderSize,
    expression: ExpressionTransfer | null = null,
    mouthDonor: WarpPrepared | null = null,
  ): RenderedFrame {
    const { geometry, image } = prepared;
    const { capped, head } = computeLayeredTarget(
      geometry,
      { appearance: target, expression, mix, layerVertexWeights: masks.layerVertexWeights },
      prepared.coefficients,
      prepared.target,
    );

    const region = geometry.region;
    const scale = size.kind === 'full' ? 1 : size.maxSide / Math.max(region.width, region.height);
    const width = Math.max(1, Math.round(region.width * scale));
    const height = Math.max(1, Math.round(region.height * scale));
    const level = levelFor(prepared.pyramid, scale);
    const { target: tgt, frameXY, sourceXY, depth } = prepared;
    const src = geometry.source;
    for (let v = 0; v < WARP_VERTEX_COUNT; v++) {
      frameXY[v * 2] = (tgt[v * 3]! - region.x) * scale;
      frameXY[v * 2 + 1] = (tgt[v * 3 + 1]! - region.y) * scale;
      sourceXY[v * 2] = src[v * 3]! * level.scale;
      sourceXY[v * 2 + 1] = src[v * 3 + 1]! * level.scale;
      depth[v] = tgt[v * 3 + 2]!;
    }
    if (!prepared.raster || prepared.raster.width !== width || prepared.raster.height !== height) {
      prepared.raster = createRaster(width, height);
    }
    const raster = prepared.raster;
    const frame = new Uint8ClampedArray(width * height * 4);
    const frame32 = new Uint32Array(frame.buffer);
    prepared.shader.begin(frame, frame32, level, {
      rightEye: eyeShadingFor('right', prepared, ALWAYS_ON, scale, level),
      leftEye: eyeShadingFor('left', prepared, ALWAYS_ON, scale, level),
      rightLid: lidShadingFor('right', prepared, ALWAYS_ON, level),
      leftLid: lidShadingFor('left', prepared, ALWAYS_ON, level),
      mouth: mouthShadingFor(prepared, ALWAYS_ON, scale, level, head, donorOf(mouthDonor, expression, mix, masks)),
    });
    const topology = warpTopology();
    rasterizeWarp(
      raster,
      level,
      frame32,
      frameXY,
      sourceXY,
      depth,
      topology.triangles,
      topology.surfaces,
      prepared.shader,
      size.kind === 'full',
    );
    prepared.shader.end();
    // Pixels no triangle covers (the region's corners outside the border polygon): the photo.
    fillUncovered(raster, level, frame32, level.scale / scale, region.x * level.scale, region.y * level.scale);
    // A turned head's occlusion edges are drawn by the depth test: soften them (occlusion-edges.ts),
    // more as the turn grows, in full renders (what is kept and exported; a preview following a
    // slider keeps its 2 ms, as it keeps bilinear sampling). Small turns are left alone: their folds
    // are a pixel or two, and a driven video's head wanders by a few degrees (softening that came
    // and went between frames moved the landmark model's reading of a retargeted mouth: r 0.905 ->
    // 0.872).
    const turn = Math.abs(head.yawDeg - geometry.pose.yawDeg) + Math.abs(head.pitchDeg - geometry.pose.pitchDeg);
    const softening = Math.min(1, Math.max(0, (turn - TURN_SOFTENED[0]) / (TURN_SOFTENED[1] - TURN_SOFTENED[0])));
    if (softening > 0 && size.kind === 'full') {
      const margin = 0.02 * geometry.pose.scale * scale + 1;
      const box = (indices: readonly number[]) => frameBoxOf(frameXY, indices, margin);
      softenOcclusionEdges(
        frame,
        raster.depth,
        width,
        height,
        DEPTH_JUMP * geometry.pose.scale,
        box(MESH_POINTS),
        [
          box([...EYES.right.upper, ...EYES.right.lower, ...EYES.right.crease]),
          box([...EYES.left.upper, ...EYES.left.lower, ...EYES.left.crease]),
          box([...FACE_MESH_REGIONS.lipsUpperOuter, ...FACE_MESH_REGIONS.lipsLowerOuter]),
        ],
        softening,
      );
    }
    // The detail layer takes a donor's wrinkles only when its detail map was prepared: the worker
    // prepares it for a whole-photo source, never for a video frame's (often cropped) mouth donor.
    const detailAlpha =
      expression && mouthDonor?.detail ? layerAlpha(warpGenerator, mix, EXPRESSION_DETAIL_LAYER_ID) : 0;
    // Where the warp drew the face, for the passes over its skin below.
    const drawn: DrawnFace = {
      width,
      height,
      depthBuffer: raster.depth,
      frameXY,
      depth,
      surfaces: topology.surfaces,
      depthTolerance: 0.02 * geometry.pose.scale,
    };
    // The folds the edit adds to the skin, drawn, in the share the detail layer leaves them.
    applyExpressionFolds({
      ...drawn,
      frame,
      edited: prepared.coefficients,
      photo: geometry.fitCoefficients,
      faceWidthPixels: geometry.pose.scale * scale,
      layerVertexWeights: masks.layerVertexWeights,
      detailAlpha,
      detailLayerId: EXPRESSION_DETAIL_LAYER_ID,
    });
    if (detailAlpha > 0 && mouthDonor?.detail) {
      if (!prepared.detail) {
        throw new Error(
          'The expression detail layer needs prepareExpressionDetail() of the portrait and the source photo.',
        );
      }
      applyExpressionDetail({
        ...drawn,
        frame,
        ownSource: src,
        donorSource: mouthDonor.geometry.source,
        ownMap: prepared.detail,
        donorMap: mouthDonor.detail,
        alpha: detailAlpha,
        sourceActivation: regionActivations(mouthDonor.geometry.fitCoefficients),
        ownActivation: regionActivations(geometry.fitCoefficients),
        vertexWeights: masks.layerVertexWeights?.[EXPRESSION_DETAIL_LAYER_ID],
      });
    }
    const keep = masks.keepOriginal;
    if (keep) keepOriginalPixels(frame, width, height, keep, region, scale, level);

    const report = { generatorId: 'warp', capped };
    if (size.kind === 'preview') {
      return {
        image: { data: new Uint8Array(frame.buffer), width, height },
        report: { ...report, width, height, region, scale },
      };
    }
    const full = new Uint8Array(image.data);
    for (let y = 0; y < height; y++) {
      full.set(frame.subarray(y * width * 4, (y + 1) * width * 4), ((region.y + y) * image.width + region.x) * 4);
    }
    const whole = { x: 0, y: 0, width: image.width, height: image.height };
    return {
      image: { data: full, width: image.width, height: image.height },
      report: { ...report, width: image.width, height: image.height, region: whole, scale: 1 },
    };
  },
};

/** The frame box (inclusive pixels) around points `indices`, widened by `margin` pixels. */
function frameBoxOf(frameXY: Float32Array, indices: readonly number[], margin: number): PixelBox {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const v of indices) {
    x0 = Math.min(x0, frameXY[v * 2]!);
    x1 = Math.max(x1, frameXY[v * 2]!);
    y0 = Math.min(y0, frameXY[v * 2 + 1]!);
    y1 = Math.max(y1, frameXY[v * 2 + 1]!);
  }
  return { x0: x0 - margin, y0: y0 - margin, x1: x1 + margin, y1: y1 + margin };
}

/**
 * Makes (once per prepared photo) the detail map the expression detail layer reads: asynchronous
 * (sharp's blurs), so the worker task awaits it for the portrait and the source photo before a
 * render that has the layer above 0; render() itself stays synchronous.
 */
export async function prepareExpressionDetail(prepared: WarpPrepared): Promise<void> {
  if (prepared.detail) return;
  prepared.detailPending ??= computeDetailMap(
    prepared.image,
    prepared.geometry.landmarks,
    prepared.geometry.pose.scale,
  );
  try {
    prepared.detail = await prepared.detailPending;
  } finally {
    // A failed map is tried again by the next render, not remembered.
    prepared.detailPending = null;
  }
}

/**
 * The expression source photo whose mouth interior fills the gap, with the mouth layer's alpha
 * (times its painted mask's mean weight along the inner lips), or null without a source photo.
 */
function donorOf(
  donor: WarpPrepared | null,
  expression: ExpressionTransfer | null,
  mix: LayerMix,
  masks: GeneratorMasks,
): { prepared: WarpPrepared; alpha: number } | null {
  if (!donor || !expression) return null;
  const weights = masks.layerVertexWeights?.mouth;
  let weight = 1;
  if (weights) {
    weight = 0;
    for (const v of MOUTH_INNER_LOOP) weight += v < weights.length ? Math.min(1, Math.max(0, weights[v]!)) : 1;
    weight /= MOUTH_INNER_LOOP.length;
  }
  const alpha = layerAlpha(warpGenerator, mix, 'mouth') * weight;
  return alpha > 0 ? { prepared: donor, alpha } : null;
}

/** Blends the photo's own pixels back where the mask asks to keep them (mask at original resolution). */
function keepOriginalPixels(
  frame: Uint8ClampedArray,
  width: number,
  height: number,
  mask: NonNullable<GeneratorMasks['keepOriginal']>,
  region: { x: number; y: number },
  scale: number,
  level: PyramidLevel,
): void {
  const original = new Uint8ClampedArray(4);
  for (let y = 0; y < height; y++) {
    const my = Math.min(mask.height - 1, Math.floor(region.y + (y + 0.5) / scale));
    for (let x = 0; x < width; x++) {
      const mx = Math.min(mask.width - 1, Math.floor(region.x + (x + 0.5) / scale));
      const keep = mask.data[my * mask.width + mx]! / 255;
      if (keep === 0) continue;
      const o = (y * width + x) * 4;
      sampleBilinear(
        level,
        (region.x + (x + 0.5) / scale) * level.scale,
        (region.y + (y + 0.5) / scale) * level.scale,
        original,
        0,
      );
      for (let c = 0; c < 3; c++) frame[o + c] = frame[o + c]! + (original[c]! - frame[o + c]!) * keep;
    }
  }
}
