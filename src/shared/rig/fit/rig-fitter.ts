import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT } from '../arkit-names';
import { IDENTITY_MODE_COUNT } from '../identity-basis';
import { applyInverseSimilarity, createSimilarity, fitSimilarity, type Similarity } from '../math/similarity';
import { flipImageCamera, similarityToPose, type HeadPose } from '../pose';
import { canonicalIdentity, identityNeutral, type RigIdentity } from '../rig-model';
import { FACE_MESH_POINT_COUNT, RIG_POINT_COUNT } from '../topology/rig-points';
import { stablePointWeights } from './point-weights';
import { solveBoxQp } from './box-qp';
import { FIT_PRIORS, UNOBSERVABLE_SHAPES } from './fit-priors';
import { buildNormalEquations, rigColumns, type NormalEquations } from './normal-equations';
import { IrisGaze, normaliseIrisContourOrder } from './iris-gaze';
import { LidBlink } from './lid-blink';
import { LipGather } from './lip-gather';

export interface RigFitOptions {
  /** the person's neutral face; default: canonical. Treated as immutable (its neutral is cached by reference). Ignored when fitIdentity is true. */
  identity?: RigIdentity;
  /**
   * also solve the identity modes (one photo of a new person); default false. Solved in three
   * stages: identity with expressions held at 0, expressions with that identity frozen, then
   * both together with the identity pulled towards the first estimate, so proportions (a wide
   * mouth, big eyes) go to the identity and expressions explain only what proportions cannot.
   */
  fitIdentity?: boolean;
  /** with fitIdentity: keep the per-point residual as the identity's detail; default false */
  captureDetail?: boolean;
  /**
   * the face is known to be at rest (a neutral reference photo or frame): expression
   * coefficients (gaze included) are held at 0, so identity (modes + detail) absorbs the whole
   * shape.
   */
  neutralExpression?: boolean;
  /**
   * also fit shapes the landmarks cannot observe (tongueOut: the mesh has no tongue, so it can
   * only show as lip motion that other shapes explain better); default false: held at 0
   */
  fitUnobservable?: boolean;
  /** start from this fit (previous video frame) instead of a fresh rigid alignment */
  warmStart?: RigFitResult;
  /**
   * the landmarks' lids close fully and independently, as the rig's own synthesized points do;
   * default false: MediaPipe facemesh, whose shut lids stay apart (lid-blink.ts calibrates that)
   * and whose puckers barely narrow the mouth (lip-gather.ts calibrates that). With exactLids the
   * landmarks are taken to be the rig's own: no facemesh calibration of lids or lips.
   */
  exactLids?: boolean;
  /**
   * the person's lid opening at rest per eye (left, right), as LidBlink.opening measures it; blink
   * is read against it instead of the identity's neutral. A video knows this better than any one
   * frame: the eyes' usual open height over the clip (video-rig-tracks.ts).
   */
  restLidOpening?: readonly [number, number];
  /** pose/coefficient alternations of an expression fit (identity given); default 4 */
  iterations?: number;
  /**
   * this frame's inner-mouth width and parting as LipGather.mouthShape measures them, read as
   * pucker/funnel (lip-gather.ts) instead of the measure of `landmarks`. A video measures them on
   * the tracker's unsmoothed landmarks and filters them over the clip without lag
   * (video-rig-tracks.ts): the tracker's One Euro filter lags a pucker's onset by a frame or two.
   */
  mouthShape?: readonly [number, number];
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

const IDENTITY_BOUND = 3;
const CANONICAL: RigIdentity = canonicalIdentity();
const GAZE = ARKIT_BLENDSHAPE_NAMES.map((name) => name.startsWith('eyeLook'));
/** per coefficient: 0 for a left-eye gaze shape, 1 for a right-eye one, -1 otherwise */
const GAZE_EYE = ARKIT_BLENDSHAPE_NAMES.map((name) =>
  name.startsWith('eyeLook') ? (name.endsWith('Left') ? 0 : 1) : -1,
);
const UNOBSERVABLE = ARKIT_BLENDSHAPE_NAMES.map((name) => UNOBSERVABLE_SHAPES.includes(name));
/** QP stops when no coefficient moves more than this in a sweep (well below the fit's noise). */
const QP_TOLERANCE = 1e-5;
/** Pose/coefficient alternations of the identity fit's three stages (identity, expressions, joint). */
const IDENTITY_STAGE_ITERATIONS = [3, 2, 2] as const;

/**
 * Fits head pose, expression coefficients and (optionally) identity to 468 or 478 landmarks.
 * Model: landmark_i ~ s R (neutral_i + sum_k c_k D_ki [+ sum_m a_m I_mi]) + t, solved by
 * alternating a weighted similarity (Umeyama/Horn) for the pose with a bounded, regularised
 * least-squares for the coefficients (box [0, 1]; identity [-3, 3]) by projected Gauss-Seidel
 * on precomputed normal equations. The priors (fit-priors.ts: L1 + L2 sparsity, product
 * penalties on antagonist pairs, tongueOut held) are all quadratic or linear, so they live in
 * the precomputed matrices and a per-frame offset of the right-hand side; gaze comes from the
 * iris (iris-gaze.ts). One instance keeps all scratch buffers: no allocation per frame except
 * the result object.
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
  private readonly equationsByCount = new Map<number, NormalEquations>();
  private readonly camera = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly modelTargets = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly shape = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly neutral = new Float64Array(RIG_POINT_COUNT * 3);
  private readonly rhs: Float64Array;
  private readonly x: Float64Array;
  private readonly gradient: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  /** the identity-only estimate the joint stage is pulled towards */
  private readonly identityAnchor = new Float64Array(IDENTITY_MODE_COUNT);
  private readonly similarity: Similarity = createSimilarity();
  private readonly stable = stablePointWeights();
  private readonly gaze = new IrisGaze();
  private readonly lids = new LidBlink();
  private readonly lips = new LipGather();
  /** this frame's lid openness per eye (left, right), fraction of the neutral's */
  private readonly openness = new Float64Array(2);
  private neutralOf: RigIdentity | null = null;

  constructor() {
    this.columns = rigColumns();
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
  }

  /** Normal matrices for a landmark count (468 or 478), computed once. */
  private normalEquations(count: number): NormalEquations {
    let equations = this.equationsByCount.get(count);
    if (!equations) {
      equations = buildNormalEquations(this.columns, this.variables, count);
      this.equationsByCount.set(count, equations);
    }
    return equations;
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
    const depthWeight = FIT_PRIORS.depthWeight;
    for (let j = 0; j < residual.length; j++) {
      residual[j] = weights[(j / 3) | 0]! * (targets[j]! - neutral[j]!) * (j % 3 === 2 ? depthWeight : 1);
    }
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
    const equations = this.normalEquations(count);
    const { weights } = equations;
    const stride = this.variables;
    const hasIris = count === RIG_POINT_COUNT;

    this.camera.fill(0);
    flipImageCamera(landmarks, count, this.camera);
    if (hasIris) normaliseIrisContourOrder(this.camera);
    const neutralIdentity = fitIdentity ? CANONICAL : identity;
    if (neutralIdentity !== this.neutralOf) {
      // Recomputed only when the identity object changes (once per person, not per frame).
      this.neutral.set(identityNeutral(neutralIdentity));
      this.gaze.setNeutral(this.neutral);
      this.lids.setNeutral(this.neutral);
      this.lips.setNeutral(this.neutral);
      this.neutralOf = neutralIdentity;
    }

    // Bounds and warm start. Gaze comes from the iris (measureGaze) when iris points are present;
    // without them it is unobservable (eyeLook* would only soak up eye-shape differences through
    // their small lid motion), so it is held at 0, as are shapes the mesh cannot show.
    for (let k = 0; k < stride; k++) {
      const expression = k < BLENDSHAPE_COUNT;
      const held =
        options.neutralExpression === true ||
        (!hasIris && GAZE[k]) ||
        (UNOBSERVABLE[k] && options.fitUnobservable !== true);
      this.lower[k] = expression ? 0 : -IDENTITY_BOUND;
      this.upper[k] = expression ? (held ? 0 : 1) : IDENTITY_BOUND;
      this.x[k] = expression && options.warmStart ? Math.min(this.upper[k]!, options.warmStart.coefficients[k]!) : 0;
    }
    const measureGaze = hasIris && options.neutralExpression !== true;
    // Blink from the lid opening against the person's neutral (lid-blink.ts). Not in a one-photo
    // identity fit: there the neutral is what is being solved, so narrow eyes would read as a blink.
    const measureBlink = !fitIdentity && options.neutralExpression !== true;
    if (measureBlink) this.lids.openness(this.camera, this.openness, options.restLidOpening);
    else this.openness.fill(1);
    // Pucker/funnel from the mouth's narrowing against the neutral (lip-gather.ts), on the same
    // terms as the blink, but only against a known person's neutral (options.identity): with the
    // canonical face standing in for an unknown one, a mouth narrower than the canonical's would
    // read as a pucker on every frame (the video path's first, canonical pass scores how calm
    // each frame is). Not for the rig's own points (exactLids), which pucker at full scale.
    const measureGather = measureBlink && options.identity !== undefined && options.exactLids !== true;
    if (measureGather) {
      this.lips.measure(this.camera, options.mouthShape);
      // A warm start carries the reported (calibrated) values; the shape the pose is first aligned
      // to must have the pucker the landmarks show.
      this.x[this.lips.puckerIndex] = this.lips.seen[0]!;
      this.x[this.lips.funnelIndex] = this.lips.seen[1]!;
    }

    this.composeShape(fitIdentity ? stride : BLENDSHAPE_COUNT);
    const poseWeights = options.warmStart ? weights : this.stable;
    fitSimilarity(this.shape, this.camera, poseWeights, RIG_POINT_COUNT, this.similarity);
    if (!fitIdentity) {
      this.alternate(
        equations,
        equations.expressions,
        BLENDSHAPE_COUNT,
        options.iterations ?? 4,
        measureGaze,
        false,
        measureBlink,
        options.exactLids === true,
        measureGather,
      );
    } else if (options.neutralExpression) {
      this.alternate(equations, equations.joint, stride, IDENTITY_STAGE_ITERATIONS[0], false, false);
    } else {
      // 1. Identity with expressions held near 0 (a heavy ridge; gaze still follows the iris):
      // proportions first. Near rather than at 0, so a strong expression (a broad smile) is not
      // forced into the proportions (a wider, higher mouth) for lack of anything else.
      this.alternate(equations, equations.restrained, stride, IDENTITY_STAGE_ITERATIONS[0], measureGaze, false);
      // 2. Expressions with that identity frozen: they explain only what proportions cannot.
      for (let m = 0; m < IDENTITY_MODE_COUNT; m++) {
        const a = this.x[BLENDSHAPE_COUNT + m]!;
        this.identityAnchor[m] = a;
        this.lower[BLENDSHAPE_COUNT + m] = a;
        this.upper[BLENDSHAPE_COUNT + m] = a;
      }
      this.alternate(equations, equations.joint, stride, IDENTITY_STAGE_ITERATIONS[1], measureGaze, false);
      // 3. Both, the identity pulled towards its first estimate.
      for (let m = BLENDSHAPE_COUNT; m < stride; m++) {
        this.lower[m] = -IDENTITY_BOUND;
        this.upper[m] = IDENTITY_BOUND;
      }
      this.alternate(equations, equations.anchored, stride, IDENTITY_STAGE_ITERATIONS[2], measureGaze, true);
    }
    const n = fitIdentity ? stride : BLENDSHAPE_COUNT;

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
    if (measureGather) {
      // The least squares saw the pucker facemesh shows; report the calibrated one.
      coefficients[this.lips.puckerIndex] = this.lips.reported[0]!;
      coefficients[this.lips.funnelIndex] = this.lips.reported[1]!;
    }
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

  private readonly savedUpper = new Float64Array(BLENDSHAPE_COUNT);

  /**
   * `iterations` alternations of: pose for the current shape (the first alignment is done by the
   * caller) -> landmarks in the model frame -> gaze from the iris -> bounded QP over the first n
   * variables with normal matrix G (n x n) and L1 on the expressions; `anchored` adds the pull
   * towards identityAnchor to the identity modes' right-hand side.
   */
  private alternate(
    equations: NormalEquations,
    G: Float64Array,
    n: number,
    iterations: number,
    measureGaze: boolean,
    anchored: boolean,
    measureBlink = false,
    exactLids = false,
    measureGather = false,
  ): void {
    const { weights, l1 } = equations;
    for (let iteration = 0; iteration < iterations; iteration++) {
      if (iteration > 0) {
        this.composeShape(n);
        fitSimilarity(this.shape, this.camera, weights, RIG_POINT_COUNT, this.similarity);
      }
      applyInverseSimilarity(this.similarity, this.camera, RIG_POINT_COUNT, this.modelTargets);
      if (measureGaze) {
        this.gaze.estimate(this.modelTargets, this.x);
        for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
          if (!GAZE[k]) continue;
          // A closing lid covers the iris: its landmarks are then guesses (usually "looking down").
          if (!exactLids) this.x[k] = this.x[k]! * LidBlink.gazeTrust(this.openness[GAZE_EYE[k]!]!);
          this.lower[k] = this.x[k]!;
          this.upper[k] = this.x[k]!;
        }
      }
      if (measureBlink) {
        this.lids.estimate(this.openness, this.x, exactLids);
        for (const k of this.lids.blinkIndex) {
          this.lower[k] = this.x[k]!;
          this.upper[k] = this.x[k]!;
        }
      }
      if (measureGather) {
        for (const [k, value] of [
          [this.lips.puckerIndex, this.lips.seen[0]!],
          [this.lips.funnelIndex, this.lips.seen[1]!],
        ] as const) {
          this.x[k] = value;
          this.lower[k] = value;
          this.upper[k] = value;
        }
      }
      this.projectResidual(n, weights);
      for (let k = 0; k < BLENDSHAPE_COUNT; k++) this.rhs[k] = this.rhs[k]! - l1[k]!;
      if (anchored) {
        for (let m = 0; m < IDENTITY_MODE_COUNT; m++) {
          const k = BLENDSHAPE_COUNT + m;
          this.rhs[k] = this.rhs[k]! + FIT_PRIORS.identityAnchor * this.identityAnchor[m]!;
        }
      }
      const rhs = n === this.variables ? this.rhs : this.rhs.subarray(0, n);
      solveBoxQp(n, G, rhs, this.lower, this.upper, this.x, this.gradient, iteration === 0 ? 40 : 20, QP_TOLERANCE);
      if (iteration === iterations - 1) this.relax(G, n, rhs, l1);
    }
  }

  /**
   * Relaxed lasso: the L1 prior picks which expressions are on, but it also shrinks the ones it
   * keeps. With the others held at 0, re-solve the chosen ones under a fraction of it.
   */
  private relax(G: Float64Array, n: number, rhs: Float64Array, l1: Float64Array): void {
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
      this.savedUpper[k] = this.upper[k]!;
      if (this.x[k] === 0) this.upper[k] = 0;
      rhs[k] = rhs[k]! + (1 - FIT_PRIORS.relaxedL1) * l1[k]!;
    }
    solveBoxQp(n, G, rhs, this.lower, this.upper, this.x, this.gradient, 20, QP_TOLERANCE);
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) this.upper[k] = this.savedUpper[k]!;
  }
}
