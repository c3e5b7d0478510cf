import { ApiError, sceneNameKey, type Project, type Scene } from '../../shared/api';
import { UsageError } from './cli-io';
import type { CommandContext } from './commands';
import { exportSceneToFile, formatOfOut, parseFps, parseSize, sceneFpsForExport } from './export-to-file';
import { checkOutPath } from './out-path';

export interface RenderFlags {
  scene?: string;
  out?: string;
  format?: string;
  size?: string;
  fps?: string;
  range?: string;
}

/** --range A:B: the scene's frames A (included) to B (excluded) at the scene's frame rate. */
export function parseRange(text: string | undefined): { startFrame: number; endFrame: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+):(\d+)$/.exec(text.trim());
  const [startFrame, endFrame] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || !(endFrame > startFrame)) {
    throw new UsageError(`--range takes START:END frames of the scene (END excluded, after START), got "${text}"`);
  }
  return { startFrame, endFrame };
}

/** `render PROJECT --scene NAME --out FILE`: exports a scene of a project in the data folder. */
export async function runRender(context: CommandContext, projectRef: string, flags: RenderFlags): Promise<void> {
  if (!flags.scene) throw new UsageError('render needs --scene <name>');
  if (!flags.out) throw new UsageError('render needs --out <file.mp4|.gif|.webm|folder>');
  const { engine, io } = context;
  const format = formatOfOut(flags.out, flags.format);
  const settings = {
    format,
    size: parseSize(flags.size, io.err),
    fps: parseFps(flags.fps, format, io.err),
    range: parseRange(flags.range),
  };
  checkOutPath(flags.out, settings.format === 'png' ? 'folder' : 'file');
  const projects = (await engine.handle('projects.list', {})) as Project[];
  const project =
    projects.find((candidate) => candidate.id === projectRef) ??
    projects.find((candidate) => candidate.name === projectRef);
  if (!project) throw new ApiError('not_found', `There is no project with the id or name "${projectRef}".`);
  const scenes = (await engine.handle('scenes.list', { projectId: project.id })) as Scene[];
  // Scene names are unique ignoring case and surrounding spaces (sceneNameKey): matched the same way.
  const wanted = sceneNameKey(flags.scene);
  const scene = scenes.find((candidate) => sceneNameKey(candidate.name) === wanted);
  if (!scene) {
    const names = scenes.map((candidate) => `"${candidate.name}"`).join(', ');
    throw new ApiError(
      'not_found',
      `${project.name} has no scene named "${flags.scene}"${names ? `; its scenes: ${names}` : ' (it has no scenes)'}.`,
    );
  }
  const fps = settings.fps ?? sceneFpsForExport(scene.fps, format, io.err);
  const result = await exportSceneToFile(context, scene.id, { ...settings, fps }, flags.out);
  if (context.json) io.out(JSON.stringify({ out: flags.out, ...result }, null, 2));
  else io.out(`${flags.out}: ${result.width}x${result.height}, ${result.frameCount} frames, ${result.byteSize} bytes`);
}
