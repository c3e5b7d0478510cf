import type { Asset, RigState, Scene } from '../../shared/api';
import {
  animateThroughStates,
  bakeToTracks,
  type FrameChannels,
  type RigValues,
  type TimedState,
} from '../../shared/animate';
import { ModelManager } from '../engine/models';
import { MotionPredictor } from '../engine/motion';
import { ARKIT_BLENDSHAPE_NAMES, BUILT_IN_PRESETS, presetCoefficients } from '../../shared/rig';
import { isSceneFps } from '../../shared/timeline';
import { ApiError } from '../../shared/api';
import { UsageError } from './cli-io';
import type { CommandContext } from './commands';
import { exportSceneToFile, formatOfOut, parseFps, parseSize } from './export-to-file';
import { numberInRange } from './number-flags';
import { checkOutPath } from './out-path';

export interface AnimateFlags {
  out?: string;
  preset?: string;
  keys?: string;
  duration?: string;
  idle?: string;
  seed?: string;
  fps?: string;
  size?: string;
  /** An installed motion model (role motion) in the data folder. */
  motionModel?: string;
}

/** A state a key names: "photo" (the portrait's own expression) or a built-in preset ("neutral", "smile", ...). */
const STATE_NAMES = ['photo', ...BUILT_IN_PRESETS.map((preset) => preset.id)];

export interface AnimationPlan {
  keys: Array<{ time: number; name: string }>;
  duration: number;
  idle: number;
  seed: number;
}

/** A numeric flag (undefined when absent); outside its range it is clamped with a note (numberInRange). */
function numberFlag(
  text: string | undefined,
  flag: string,
  range: { min: number; max: number; whole?: boolean },
  note: (line: string) => void,
): number | undefined {
  return text === undefined ? undefined : numberInRange(text, flag, range, note);
}

function stateName(name: string, where: string): string {
  const known = STATE_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!known) throw new UsageError(`${where}: "${name}" is not one of ${STATE_NAMES.join(', ')}`);
  return known;
}

/**
 * What to animate, from the flags alone (checked before the photo is imported): --keys "0:neutral,1:smile"
 * passes through each state at its time; --preset NAME goes from the photo's own expression to the
 * preset in the first 40% (at most 1 s) and holds it; neither gives idle motion alone.
 */
export function animationPlan(flags: AnimateFlags, note: (line: string) => void): AnimationPlan {
  if (flags.keys !== undefined && flags.preset !== undefined) throw new UsageError('give --keys or --preset, not both');
  let keys: AnimationPlan['keys'] = [];
  if (flags.keys !== undefined) {
    keys = flags.keys
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .map((part) => {
        const [time, name, ...rest] = part.split(':');
        const seconds = Number(time);
        if (!name || rest.length > 0 || time?.trim() === '' || !(seconds >= 0)) {
          throw new UsageError(`--keys expects SECONDS:STATE pairs separated by commas, got "${part}"`);
        }
        return { time: seconds, name: stateName(name.trim(), '--keys') };
      })
      .sort((a, b) => a.time - b.time);
    if (keys.length === 0) throw new UsageError('--keys is empty');
    for (let i = 1; i < keys.length; i++) {
      if (keys[i]!.time === keys[i - 1]!.time) throw new UsageError(`--keys has two states at ${keys[i]!.time} s`);
    }
  }
  const lastKey = keys.at(-1)?.time ?? 0;
  const duration =
    numberFlag(flags.duration, '--duration', { min: 0.04, max: 600 }, note) ?? (keys.length > 0 ? lastKey + 1 : 3);
  if (flags.preset !== undefined) {
    keys = [
      { time: 0, name: 'photo' },
      { time: Math.min(1, 0.4 * duration), name: stateName(flags.preset, '--preset') },
    ];
  }
  const idle = numberFlag(flags.idle, '--idle', { min: 0, max: 3 }, note) ?? (keys.length > 0 ? 0 : 1);
  if (keys.length === 0) keys = [{ time: 0, name: 'photo' }];
  const seed = numberFlag(flags.seed, '--seed', { min: 0, max: 2 ** 32 - 1, whole: true }, note) ?? 1;
  return { keys, duration, idle, seed };
}

/** The rig values a state name stands for on this photo; the head and (presetCoefficients) the gaze stay the photo's. */
function stateValues(name: string, rig: Pick<RigState, 'coefficients' | 'head'>): RigValues {
  const values: RigValues = {
    'head.yawDeg': rig.head.yawDeg,
    'head.pitchDeg': rig.head.pitchDeg,
    'head.rollDeg': rig.head.rollDeg,
  };
  const preset = BUILT_IN_PRESETS.find((candidate) => candidate.id === name);
  const coefficients = preset ? presetCoefficients(rig.coefficients, preset.coefficients) : rig.coefficients;
  for (const shape of ARKIT_BLENDSHAPE_NAMES) values[`rig.${shape}`] = coefficients[shape];
  return values;
}

/** Opens an installed motion model and checks it predicts at the animation's rate (before any import). */
async function openMotionModel(dataDir: string, modelId: string, fps: number): Promise<MotionPredictor> {
  const predictor = await MotionPredictor.open(await ModelManager.open(dataDir), modelId);
  if (predictor.contract.fps !== fps) {
    await predictor.close();
    throw new UsageError(
      `motion model "${modelId}" predicts at ${predictor.contract.fps} fps; pass --fps ${predictor.contract.fps}`,
    );
  }
  return predictor;
}

/** Each segment between consecutive states, rolled out by the motion model. */
async function predictedSegments(predictor: MotionPredictor, states: readonly TimedState[]): Promise<FrameChannels[]> {
  const segments: FrameChannels[] = [];
  for (let i = 0; i + 1 < states.length; i++) {
    const [from, to] = [states[i]!, states[i + 1]!];
    segments.push(await predictor.predictSegment(from.values, to.values, to.time - from.time));
  }
  return segments;
}

/**
 * `animate PORTRAIT --out OUT.gif`: a one-shot animation without a project of the user's: imports
 * the photo, bakes the keyed states (natural in-betweening) and idle motion into a scene's tracks,
 * and exports the scene through the same job the app uses.
 */
export async function runAnimate(
  context: CommandContext,
  file: string,
  flags: AnimateFlags,
  importPortrait: (projectId: string, file: string) => Promise<Asset>,
): Promise<void> {
  if (!flags.out) throw new UsageError('animate needs --out <file.gif|.mp4|.webm|folder>');
  const note = context.io.err;
  const format = formatOfOut(flags.out, undefined);
  const size = parseSize(flags.size, note);
  const plan = animationPlan(flags, note);

  // GIF frame delays are whole hundredths: 25 fps plays exactly.
  const fps = parseFps(flags.fps, format, note) ?? (format === 'gif' ? 25 : 30);
  const sceneFps = isSceneFps(fps) ? fps : 30;
  checkOutPath(flags.out, format === 'png' ? 'folder' : 'file');
  if (flags.motionModel !== undefined && !context.dataDir) {
    throw new UsageError('--motion-model needs --data-dir: the folder where the model is installed');
  }
  const predictor = flags.motionModel ? await openMotionModel(context.dataDir!, flags.motionModel, sceneFps) : null;
  try {
    await animateWith(context, file, flags.out, importPortrait, { format, size, plan, fps, sceneFps, predictor });
  } finally {
    await predictor?.close();
  }
}

async function animateWith(
  context: CommandContext,
  file: string,
  out: string,
  importPortrait: (projectId: string, file: string) => Promise<Asset>,
  options: {
    format: ReturnType<typeof formatOfOut>;
    size: ReturnType<typeof parseSize>;
    plan: AnimationPlan;
    fps: number;
    sceneFps: number;
    predictor: MotionPredictor | null;
  },
): Promise<void> {
  const { format, size, plan, fps, sceneFps, predictor } = options;

  const { engine, io } = context;
  const project = (await engine.handle('projects.create', { name: 'mien animate' })) as { id: string };
  const asset = await importPortrait(project.id, file);
  const rig = (await engine.handle('rig.get', { assetId: asset.id })) as RigState;
  if (!rig.fit) throw new ApiError('invalid_request', `${file}: ${rig.fitMissingReason ?? 'no face was fitted'}`);
  const states: TimedState[] = plan.keys
    .filter((key) => key.time <= plan.duration)
    .map((key) => ({ time: key.time, values: stateValues(key.name, rig) }));
  const segments = predictor ? await predictedSegments(predictor, states) : undefined;
  const frames = animateThroughStates(states, {
    fps: sceneFps,
    duration: plan.duration,
    idle: plan.idle,
    seed: plan.seed,
    segment: segments ? (index) => segments[index]! : undefined,
  });
  const tracks = bakeToTracks(frames);
  let scene = (await engine.handle('scenes.create', {
    projectId: project.id,
    assetId: asset.id,
    name: 'Animation',
  })) as Scene;
  scene = (await engine.handle('scenes.update', {
    id: scene.id,
    patch: { durationSeconds: plan.duration, fps: sceneFps },
  })) as Scene;
  await engine.handle('timeline.save', { sceneId: scene.id, tracks, baseRevision: 0 });
  const result = await exportSceneToFile(context, scene.id, { format, size, fps }, out);
  const keyCount = tracks.reduce((sum, track) => sum + track.keyframes.length, 0);
  const summary = {
    out,
    plan,
    motionModel: predictor?.modelId ?? null,
    tracks: tracks.length,
    keys: keyCount,
  };
  if (context.json) io.out(JSON.stringify({ ...summary, ...result }, null, 2));
  else {
    io.out(
      `${out}: ${result.width}x${result.height}, ${result.frameCount} frames at ${fps} fps, ${result.byteSize} bytes ` +
        `(${tracks.length} tracks, ${keyCount} keys)`,
    );
  }
}
