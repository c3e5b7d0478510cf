import {
  BufferAttribute,
  BufferGeometry,
  DoubleSide,
  Group,
  Matrix4,
  Mesh,
  MeshStandardMaterial,
  SphereGeometry,
  type Material,
  type Texture,
} from 'three';
import {
  ARKIT_BLENDSHAPE_NAMES,
  eulerDegreesToMatrix,
  FACE_MESH_REGIONS,
  getBlendshapeBasis,
  LANDMARK,
  LEFT_IRIS_POINTS,
  RIGHT_IRIS_POINTS,
  type HeadRotation,
} from '../../shared/rig';

/** Each eye's iris centre and its corners (inner, outer), MediaPipe indices. */
const EYES = [
  { iris: RIGHT_IRIS_POINTS[0], corners: [133, 33] },
  { iris: LEFT_IRIS_POINTS[0], corners: [362, 263] },
] as const;

/**
 * The facemesh triangulation closes the eyes with a skin of triangles between the lid margins.
 * A rendered face needs them open (eyeballs behind, irises inside), so triangles whose three
 * corners all lie on one eye's lid margin are left out of the drawn surface.
 */
function skinTriangles(triangles: Uint16Array): Uint16Array {
  const regions = FACE_MESH_REGIONS as Record<string, readonly number[]>;
  const margins = ['left', 'right'].map(
    (side) => new Set([...(regions[`${side}EyeUpper0`] ?? []), ...(regions[`${side}EyeLower0`] ?? [])]),
  );
  const kept: number[] = [];
  for (let t = 0; t < triangles.length; t += 3) {
    const corners = [triangles[t]!, triangles[t + 1]!, triangles[t + 2]!];
    if (margins.some((margin) => corners.every((corner) => margin.has(corner)))) continue;
    kept.push(...corners);
  }
  return Uint16Array.from(kept);
}

/**
 * Puts each iris just in front of its lid margin (0.006 face widths, the canonical face's rule).
 * A fitted person's iris depth comes from the landmark model's z, which is noisy enough to sink
 * an iris behind the lids or float it in front of them; x and y (where the person looks) stay.
 */
function seatIrises(points: Float32Array): void {
  const regions = FACE_MESH_REGIONS as Record<string, readonly number[]>;
  for (const [side, iris] of [
    ['left', LEFT_IRIS_POINTS],
    ['right', RIGHT_IRIS_POINTS],
  ] as const) {
    const margin = [...(regions[`${side}EyeUpper0`] ?? []), ...(regions[`${side}EyeLower0`] ?? [])];
    if (margin.length === 0) continue;
    const depth = margin.reduce((sum, point) => sum + points[point * 3 + 2]!, 0) / margin.length + 0.006;
    for (const point of iris) points[point * 3 + 2] = depth;
  }
}

/** Vertex normals of a triangle mesh (area-weighted), for morph-target normal deltas. */
function vertexNormals(positions: Float32Array, index: ArrayLike<number>): Float32Array {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setIndex(new BufferAttribute(Uint16Array.from(index), 1));
  geometry.computeVertexNormals();
  const normals = (geometry.getAttribute('normal') as BufferAttribute).array as Float32Array;
  geometry.dispose();
  return normals;
}

/**
 * The rig as a three.js mesh: base positions are the person's neutral (or the canonical face),
 * morph targets the 52 ARKit shapes as relative displacements, so
 * mesh.morphTargetInfluences[k] = coefficient k poses it on the GPU. Normal deltas per shape keep
 * the shading right as the face moves. Lives outside React: the panel drives it through refs.
 */
export class RigMeshModel {
  readonly group = new Group();
  readonly mesh: Mesh;
  private readonly base: Float32Array;
  private readonly deltas: Float32Array;
  private readonly rotation = new Float64Array(9);
  private readonly matrix = new Matrix4();
  /** The full triangulation (eyes closed by skin): drawn once the photo textures the face. */
  private readonly closedIndex: Uint16Array;
  private readonly interiorMeshes: Mesh[];

  constructor(neutral: ArrayLike<number> | null) {
    const basis = getBlendshapeBasis();
    this.base = neutral ? Float32Array.from(neutral) : Float32Array.from(basis.neutral);
    seatIrises(this.base);
    this.deltas = basis.deltas;
    const skin = skinTriangles(basis.triangles);
    this.closedIndex = new Uint16Array(basis.triangles.length + basis.irisTriangles.length);
    this.closedIndex.set(basis.triangles);
    this.closedIndex.set(basis.irisTriangles, basis.triangles.length);
    const index = new Uint16Array(skin.length + basis.irisTriangles.length);
    index.set(skin);
    index.set(basis.irisTriangles, skin.length);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(this.base, 3));
    geometry.setIndex(new BufferAttribute(index, 1));
    geometry.addGroup(0, skin.length, 0);
    geometry.addGroup(skin.length, basis.irisTriangles.length, 1);
    geometry.computeVertexNormals();
    const baseNormals = (geometry.getAttribute('normal') as BufferAttribute).array as Float32Array;
    const size = this.base.length;
    const positionTargets: BufferAttribute[] = [];
    const normalTargets: BufferAttribute[] = [];
    ARKIT_BLENDSHAPE_NAMES.forEach((name) => {
      const delta = basis.shapeDelta(name);
      positionTargets.push(new BufferAttribute(delta, 3));
      const moved = new Float32Array(size);
      for (let j = 0; j < size; j++) moved[j] = this.base[j]! + delta[j]!;
      const normals = vertexNormals(moved, index);
      for (let j = 0; j < size; j++) normals[j] = normals[j]! - baseNormals[j]!;
      normalTargets.push(new BufferAttribute(normals, 3));
    });
    geometry.morphAttributes.position = positionTargets;
    geometry.morphAttributes.normal = normalTargets;
    geometry.morphTargetsRelative = true;
    geometry.computeBoundingSphere();
    const skinMaterial = new MeshStandardMaterial({ color: 0xd9b8a3, roughness: 0.72, metalness: 0 });
    // Double-sided: a fitted person's iris contour comes from their landmarks, whose order (and
    // so the fan's winding) need not match the canonical +x, +y, -x, -y.
    const irisMaterial = new MeshStandardMaterial({ color: 0x3d2a1e, roughness: 0.25, metalness: 0, side: DoubleSide });
    this.mesh = new Mesh(geometry, [skinMaterial, irisMaterial]);
    this.mesh.updateMorphTargets();
    this.interiorMeshes = this.interior();
    this.group.add(this.mesh, ...this.interiorMeshes);
  }

  /**
   * Dresses the face in its photo: `uvs` (two per vertex, see photo-uvs.ts) map each vertex to the
   * pixel it was fitted to. The photo's own eyes then show, so the eye openings are closed with
   * skin and the stand-in eyeballs go; the irises keep their own triangles (they follow gaze) with
   * the photo's iris on them. The mouth cavity stays behind the lips for an opened jaw.
   */
  setPhotoTexture(texture: Texture, uvs: Float32Array): void {
    const geometry = this.mesh.geometry;
    geometry.setAttribute('uv', new BufferAttribute(uvs, 2));
    const irisCount = this.closedIndex.length - getBlendshapeBasis().triangles.length;
    geometry.setIndex(new BufferAttribute(this.closedIndex, 1));
    geometry.clearGroups();
    geometry.addGroup(0, this.closedIndex.length - irisCount, 0);
    geometry.addGroup(this.closedIndex.length - irisCount, irisCount, 0);
    const previous = this.mesh.material as Material[];
    const photo = new MeshStandardMaterial({ map: texture, roughness: 0.85, metalness: 0, side: DoubleSide });
    this.mesh.material = [photo, photo];
    for (const material of previous) material.dispose();
    for (const mesh of this.interiorMeshes.slice(0, EYES.length)) mesh.visible = false;
  }

  /**
   * The mesh is a mask: its eyes and mouth are holes. Eyeballs (12 mm = 0.085 face widths behind
   * each iris, as the gaze shapes assume) and a dark mouth cavity behind the lips fill them, so
   * the face does not look empty; lids and lips then close over them as on a real face.
   */
  private interior(): Mesh[] {
    const radius = 0.085;
    const eyeball = new SphereGeometry(radius, 32, 16);
    // Drawn first and without writing depth: lids (skin) still cover them, but an iris rotated by
    // gaze is never hidden inside the widened eyeball.
    const white = new MeshStandardMaterial({ color: 0xf4f2ee, roughness: 0.3, metalness: 0, depthWrite: false });
    const eyes = EYES.map(({ iris, corners: [inner, outer] }) => {
      const at = (point: number, axis: number) => this.base[point * 3 + axis]!;
      const width = Math.hypot(at(outer, 0) - at(inner, 0), at(outer, 1) - at(inner, 1));
      const eye = new Mesh(eyeball, white);
      eye.renderOrder = -1;
      // Centred between the corners (the iris moves with gaze), wide enough to fill the whole opening.
      eye.position.set(
        (at(inner, 0) + at(outer, 0)) / 2,
        (at(inner, 1) + at(outer, 1)) / 2,
        at(iris, 2) - radius - 0.02,
      );
      eye.scale.set(Math.max(1, (0.6 * width) / radius), 1, 1);
      return eye;
    });
    const upper = LANDMARK.upperLipInner * 3;
    const lower = LANDMARK.lowerLipInner * 3;
    const cavity = new Mesh(
      new SphereGeometry(1, 32, 16),
      new MeshStandardMaterial({ color: 0x3a1517, roughness: 0.9, metalness: 0 }),
    );
    // Deep and tall enough that the lower lip never leaves it when the jaw opens fully (24 degrees).
    cavity.scale.set(0.17, 0.13, 0.07);
    cavity.position.set(
      0,
      (this.base[upper + 1]! + this.base[lower + 1]!) / 2 - 0.08,
      (this.base[upper + 2]! + this.base[lower + 2]!) / 2 - 0.11,
    );
    return [...eyes, cavity];
  }

  /** Poses the mesh: coefficients as influences, head rotation on the group. */
  apply(coefficients: ArrayLike<number>, head: HeadRotation): void {
    const influences = this.mesh.morphTargetInfluences!;
    for (let k = 0; k < influences.length; k++) influences[k] = coefficients[k] ?? 0;
    const r = eulerDegreesToMatrix(head.yawDeg, head.pitchDeg, head.rollDeg, this.rotation);
    this.matrix.set(r[0]!, r[1]!, r[2]!, 0, r[3]!, r[4]!, r[5]!, 0, r[6]!, r[7]!, r[8]!, 0, 0, 0, 0, 1);
    this.group.quaternion.setFromRotationMatrix(this.matrix);
  }

  /**
   * What the GPU draws, computed the same way on the CPU from the mesh's own attributes and
   * influences: the chin's height and a checksum of all morphed positions. Read-only hooks for
   * tests (and a check that the morph targets are wired), written to the DOM by the viewport.
   */
  morphedSummary(): { chinY: number; checksum: number } {
    const influences = this.mesh.morphTargetInfluences!;
    const size = this.base.length;
    const chin = LANDMARK.chin * 3 + 1;
    let chinY = this.base[chin]!;
    let checksum = 0;
    for (let j = 0; j < size; j++) {
      let value = this.base[j]!;
      for (let k = 0; k < influences.length; k++) {
        const w = influences[k]!;
        if (w !== 0) value += w * this.deltas[k * size + j]!;
      }
      if (j === chin) chinY = value;
      // Weighted so a change anywhere moves the sum, and opposite moves of two points do not cancel.
      checksum += value * (1 + (j % 7));
    }
    return { chinY, checksum };
  }

  dispose(): void {
    const map = (this.mesh.material as MeshStandardMaterial[])[0]?.map;
    map?.dispose();
    this.group.traverse((object) => {
      if (!(object instanceof Mesh)) return;
      object.geometry.dispose();
      const materials = Array.isArray(object.material) ? object.material : [object.material];
      for (const material of materials as Material[]) material.dispose();
    });
  }
}
