import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT } from '../arkit-names';
import { getBlendshapeBasis } from '../blendshape-basis';
import { IDENTITY_MODE_COUNT, getIdentityBasis } from '../identity-basis';
import { applyInverseSimilarity, createSimilarity, fitSimilarity, type Similarity } from '../math/similarity';
import { flipImageCamera, similarityToPose, type HeadPose } from '../pose';
import { canonicalIdentity, identityNeutral, type RigIdentity } from '../rig-model';
import { FACE_MESH_POINT_COUNT, RIG_POINT_COUNT } from '../topology/rig-points';
import { fitPointWeights, stablePointWeights } from './point-weights';
import { solveBoxQp } from './box-qp';

export interface RigFitOptions {
  /** the person's neutral face; default: canonical. Treated as immutable (its neutral is cached by reference). Ignored when fitIdentity is true. */
  identity?: RigIdentity;
  /** also solve the identity modes (one photo of a new person); default false */
  fitIdentity?: boolean;
  /** with fitIdentity: keep the per-point residual as the identity's detail; default false */
  captureDetail?: boolean;
  /**
   * the face is known to be at rest (a neutral reference photo or frame): expression
   * coefficients are held at 0, so identity (modes + detail) absorbs the whole shape.
   * Without it, one photo cannot tell a wide mouth from a slight smile; the fit then prefers
   * expressions (they are regularised less than identity modes).
   */
  neutralExpression?: boolean;
  /** start from this fit (previous video frame) instead of a fresh rigid alignment */
  warmStart?: RigFitResult;
  /** pose/coefficient alternations; default 4 */
  iterations?: number;
}

export interface RigFitResult {
  pose: HeadPose;
  /** 52 coefficients in [0, 1], ARKit order */
  coefficients: Float32Array;
  /** the identity used (fitted when fitIdentity was set) */
  identity: RigIdentity;
  /** root-mean-square 3D distance between landmarks and the fitted rig, in canonical units (face widths) */
  residualRms: number;
  /** the same in landmark pixels */
  residualRmsPixels: number;
}

/** Regularisation (Tikhonov, towards 0) in the squared-residual units of the canonical face. */
const COEFFICIENT_RIDGE = 2e-4;
const IDENTITY_RIDGE = 2e-3;
const IDENTITY_BOUND = 3;
const CANONICAL: RigIdentity = canonicalIdentity();
const GAZE = ARKIT_BLENDSHAPE_NAMES.map((name) => name.startsWith('eyeLook'));
/** QP stops when no coefficient moves more than this in a sweep (well below the fit's noise). */
const QP_TOLERANCE = 1e-5;

/**
 * Fits head pose, expression coefficients and (optionally) identity to 468 or 478 landmarks.
 * Model: landmark_i ~ s R (neutral_i + sum_k c_k D_ki [+ sum_m a_m I_mi]) + t, solved by
 * alternating a weighted similarity (Umeyama/Horn) for the pose with a bounded ridge
 * least-squares for the coefficients (box [0, 1]; identity [-3, 3]) by projected Gauss-Seidel
 * on precomputed normal equations. One instance keeps all scratch buffers: no allocation per
 * frame except the result object.
 */
export class RigFitter {
  private readonly size = RIG_POINT_COUNT * 3;
  private readonly variables = BLENDSHAPE_COUNT + IDENTITY_MODE_COUNT;
  /** expression then identity displacement columns, [variable][point xyz] */
  private readonly columns: Float64Array;
  /** per variable: the points its column moves, and their xyz displacements (the columns are local) */
  private readonly supportStart: Int32Array;
  private readonly supportPoints: Int32Array;
  private readonly supportValues: Float64Array;
  private readonly residual = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly gramByCount = new Map<number, { gram: Float64Array; weights: Float64Array }>();
  private readonly camera = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly modelTargets = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly shape = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly neutral = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly rhs: Float64Array;
  private readonly x: Float64Array;
  private readonly gradient: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly gramScratch: Float64Array;
  private readonly rhsScratch: Float64Array;
  private readonly similarity: Similarity = createSimilarity();
  private readonly stable = stablePointWeights();
  private neutralOf: RigIdentity | null = null;

  constructor() {
    const basis = getBlendshapeBasis();
    const identityBasis = getIdentityBasis();
    this.columns = new Float64Array(this.variables * this.size);
    this.columns.set(basis.deltas);
    this.columns.set(identityBasis, BLENDSHAPE_COUNT * this.size);
    const starts: number[] = [0];
    const points: number[] = [];
    const values: number[] = [];
    for (let k = 0; k < this.variables; k++) {
      for (let i = 0; i < RIG_POINT_COUNT; i++) {
        const o = k * this.size + i * 3;
        const dx = this.columns[o]!;
        const dy = this.columns[o + 1]!;
        const dz = this.columns[o + 2]!;
        if (dx === 0 && dy === 0 && dz === 0) continue;
        points.push(i);
        values.push(dx, dy, dz);
      }
      starts.push(points.length);
    }
    this.supportStart = Int32Array.from(starts);
    this.supportPoints = Int32Array.from(points);
    this.supportValues = Float64Array.from(values);
    this.rhs = new Float64Array(this.variables);
    this.x = new Float64Array(this.variables);
    this.gradient = new Float64Array(this.variables);
    this.lower = new Float64Array(this.variables);
    this.upper = new Float64Array(this.variables);
    this.gramScratch = new Float64Array(this.variables * this.variables);
    this.rhsScratch = new Float64Array(this.variables);
  }

  /** Normal matrix C^T W C + ridge for a landmark count (468 or 478), computed once. */
  private normalEquations(count: number) {
    let entry = this.gramByCount.get(count);
    if (entry) return entry;
    const weights = fitPointWeights(count);
    const n = this.variables;
    const gram = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        let s = 0;
        const oa = a * this.size;
        const ob = b * this.size;
        for (let i = 0; i < RIG_POINT_COUNT; i++) {
          const w = weights[i]!;
          if (w === 0) continue;
          const j = i * 3;
          s +=
            w *
            (this.columns[oa + j]! * this.columns[ob + j]! +
              this.columns[oa + j + 1]! * this.columns[ob + j + 1]! +
              this.columns[oa + j + 2]! * this.columns[ob + j + 2]!);
        }
        gram[a * n + b] = s;
        gram[b * n + a] = s;
      }
      gram[a * n + a] = gram[a * n + a]! + (a < BLENDSHAPE_COUNT ? COEFFICIENT_RIDGE : IDENTITY_RIDGE);
    }
    entry = { gram, weights };
    this.gramByCount.set(count, entry);
    return entry;
  }

  /** shape = neutral + sum over the first `n` variables of x_k * column_k (sparse columns) */
  private composeShape(n: number): void {
    const shape = this.shape;
    const starts = this.supportStart;
    const points = this.supportPoints;
    const values = this.supportValues;
    shape.set(this.neutral);
    for (let k = 0; k < n; k++) {
      const c = this.x[k]!;
      if (c === 0) continue;
      for (let s = starts[k]!, end = starts[k + 1]!; s < end; s++) {
        const j = points[s]! * 3;
        const v = s * 3;
        shape[j] = shape[j]! + c * values[v]!;
        shape[j + 1] = shape[j + 1]! + c * values[v + 1]!;
        shape[j + 2] = shape[j + 2]! + c * values[v + 2]!;
      }
    }
  }

  /** rhs_k = column_k^T W (targets - neutral) for the first n variables (sparse columns) */
  private projectResidual(n: number, weights: Float64Array): void {
    const residual = this.residual;
    const targets = this.modelTargets;
    const neutral = this.neutral;
    for (let j = 0; j < residual.length; j++) residual[j] = weights[(j / 3) | 0]! * (targets[j]! - neutral[j]!);
    const starts = this.supportStart;
    const points = this.supportPoints;
    const values = this.supportValues;
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let s = starts[k]!, end = starts[k + 1]!; s < end; s++) {
        const j = points[s]! * 3;
        const v = s * 3;
        sum += values[v]! * residual[j]! + values[v + 1]! * residual[j + 1]! + values[v + 2]! * residual[j + 2]!;
      }
      this.rhs[k] = sum;
    }
  }

  /**
   * Fits one frame. `landmarks`: 468 or 478 points, x/y in image pixels (y down), z relative
   * depth in pixel scale (smaller = nearer), as MediaPipe's face mesh gives them.
   */
  fit(landmarks: ArrayLike<number>, options: RigFitOptions = {}): RigFitResult {
    const count = landmarks.length / 3;
    if (count !== RIG_POINT_COUNT && count !== FACE_MESH_POINT_COUNT) {
      throw new RangeError(`expected 468 or 478 landmarks (xyz), got ${landmarks.length} numbers`);
    }
    for (let j = 0; j < landmarks.length; j++) {
      if (!Number.isFinite(landmarks[j])) throw new RangeError(`landmark value ${j} is not a finite number`);
    }
    const fitIdentity = options.fitIdentity === true;
    const identity = options.identity ?? options.warmStart?.identity ?? canonicalIdentity();
    const iterations = options.iterations ?? 4;
    const { gram, weights } = this.normalEquations(count);
    const n = fitIdentity ? this.variables : BLENDSHAPE_COUNT;
    const stride = this.variables;

    this.camera.fill(0);
    flipImageCamera(landmarks, count, this.camera);
    const neutralIdentity = fitIdentity ? CANONICAL : identity;
    if (neutralIdentity !== this.neutralOf) {
      // Recomputed only when the identity object changes (once per person, not per frame).
      this.neutral.set(identityNeutral(neutralIdentity));
      this.neutralOf = neutralIdentity;
    }

    // Bounds and warm start. Without iris points gaze is unobservable (eyeLook* would only
    // soak up eye-shape differences through their small lid motion), so it is held at 0.
    const noIris = count === FACE_MESH_POINT_COUNT;
    for (let k = 0; k < stride; k++) {
      const expression = k < BLENDSHAPE_COUNT;
      this.lower[k] = expression ? 0 : -IDENTITY_BOUND;
      this.upper[k] = expression ? (options.neutralExpression || (noIris && GAZE[k]) ? 0 : 1) : IDENTITY_BOUND;
      this.x[k] = expression && options.warmStart ? Math.min(this.upper[k]!, options.warmStart.coefficients[k]!) : 0;
    }
    // The QP over the first n variables uses the top-left n x n block of the gram matrix.
    const G = n === stride ? gram : this.leadingBlock(gram, stride, n);

    this.composeShape(n);
    const poseWeights = options.warmStart ? weights : this.stable;
    fitSimilarity(this.shape, this.camera, poseWeights, RIG_POINT_COUNT, this.similarity);
    for (let iteration = 0; iteration < iterations; iteration++) {
      if (iteration > 0) {
        this.composeShape(n);
        fitSimilarity(this.shape, this.camera, weights, RIG_POINT_COUNT, this.similarity);
      }
      applyInverseSimilarity(this.similarity, this.camera, RIG_POINT_COUNT, this.modelTargets);
      this.projectResidual(n, weights);
      const rhs = n === stride ? this.rhs : this.rhs.subarray(0, n);
      solveBoxQp(n, G, rhs, this.lower, this.upper, this.x, this.gradient, iteration === 0 ? 40 : 20, QP_TOLERANCE);
    }
    // Final pose for the final coefficients, and the residual.
    this.composeShape(n);
    fitSimilarity(this.shape, this.camera, weights, RIG_POINT_COUNT, this.similarity);
    applyInverseSimilarity(this.similarity, this.camera, RIG_POINT_COUNT, this.modelTargets);
    let squared = 0;
    let weightSum = 0;
    for (let i = 0; i < RIG_POINT_COUNT; i++) {
      if (weights[i] === 0) continue;
      const j = i * 3;
      squared +=
        (this.modelTargets[j]! - this.shape[j]!) ** 2 +
        (this.modelTargets[j + 1]! - this.shape[j + 1]!) ** 2 +
        (this.modelTargets[j + 2]! - this.shape[j + 2]!) ** 2;
      weightSum += 1;
    }
    const residualRms = Math.sqrt(squared / weightSum);

    const coefficients = new Float32Array(BLENDSHAPE_COUNT);
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) coefficients[k] = this.x[k]!;
    let fittedIdentity = identity;
    if (fitIdentity) {
      const modes = new Float32Array(IDENTITY_MODE_COUNT);
      for (let m = 0; m < IDENTITY_MODE_COUNT; m++) modes[m] = this.x[BLENDSHAPE_COUNT + m]!;
      let detail: Float32Array | null = null;
      if (options.captureDetail) {
        detail = new Float32Array(this.size);
        for (let i = 0; i < count; i++) {
          for (let a = 0; a < 3; a++) detail[i * 3 + a] = this.modelTargets[i * 3 + a]! - this.shape[i * 3 + a]!;
        }
      }
      fittedIdentity = { modes, detail };
    }
    return {
      pose: similarityToPose(this.similarity),
      coefficients,
      identity: fittedIdentity,
      residualRms,
      residualRmsPixels: residualRms * this.similarity.scale,
    };
  }

  private leadingBlock(gram: Float64Array, stride: number, n: number): Float64Array {
    const out = this.gramScratch;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c] = gram[r * stride + c]!;
    return out;
  }
}
