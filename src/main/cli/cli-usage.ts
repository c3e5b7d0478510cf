import { GIF_MAX_FPS, MAX_EXPORT_FPS } from '../../shared/api/export-fps';

/** The help text: one section per command, so `mien help edit` (or `mien edit --help`) prints only its own. */
const HEADER = 'Usage: npm run mien -- [--data-dir <path>] [--json] <command>';

/** [command word, its lines]; a command may have several sections (transfer: the warp and a generator). */
const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['info', `  info                               engine version, project store and ffmpeg status`],
  [
    'projects',
    `  projects list                      list projects
  projects create <name>             create a project, print it`,
  ],
  [
    'import',
    `  import <projectId> <file>          import a photo (--kind portrait|expression, default portrait);
                                     waits for the job and prints progress on stderr`,
  ],
  ['jobs', `  jobs list                          list jobs (--project <id>, --active)`],
  [
    'models',
    `  models list                        installed generator models (docs/models.md)
  models install <file.onnx|url>     copy (or download), verify and probe a model; its metadata is read
                                     from <file>.mien.json or --metadata FILE; --sha256 HEX checks the
                                     file, --role synthesis|mapping|perceptual|encoder|motion, --id ID
  models remove <id>                 delete an installed model`,
  ],
  [
    'edit',
    `  edit <portrait> --out <file.png>   render the portrait with an edited rig at full resolution:
       [--preset NAME]               a built-in expression (smile, grin, surprise, openMouth, ...)
       [--set jawOpen=0.6,...]       ARKit coefficients on top (0..1)
       [--pose yaw=10,pitch=0,roll=0] head angles in degrees (absolute, like the rig panel)
       [--size N]                    long side of the output in pixels (default: the photo's own)
                                     without --data-dir it works in a temporary folder`,
  ],
  [
    'transfer',
    `  transfer <appearance> <expression> --out <file.png>
                                     the appearance photo with the other photo's expression
       [--layers mouth=1,eyes=1,brows=0.5,head=0]
                                     per-layer alphas (head|pose, brows, eyes, nose, mouth; 0..1)
                                     wrinkles=1: the photo's expression lines too (default 0)
       [--frame N] [--neutral N]     an expression video: the frame to take, and its neutral frame
       [--absolute] [--size N]       a video frame's values as they are (default: its change from
                                     the neutral frame, added to the portrait's own expression)`,
  ],
  [
    'retarget',
    `  retarget <portrait> <driver.mp4> --out <file.mp4>
                                     drive the portrait with a video: same frame rate and count
       [--absolute] [--no-pose]      absolute coefficients; keep the portrait's head still
       [--neutral N] [--layers ...]  the driver's rest frame (default: its most neutral); strengths
       [--size N]                    long side of the output in pixels (default: the photo's own)
       [--painted-mouth]             the built-in mouth interior instead of each frame's own
                                     transfer and retarget also work in a temporary folder`,
  ],
  [
    'render',
    `  render <project> --scene NAME --out <file>
                                     export a scene of a project (id or name) through the export job:
       [--format mp4|gif|webm|png]   default: --out's extension; png writes a folder of frames
       [--size N]                    long side in pixels (1080, 720, 512, any from 16) or original
       [--fps N]                     output frame rate (default: the scene's), at most the
                                     format's limit: ${GIF_MAX_FPS} for a GIF, ${MAX_EXPORT_FPS} otherwise
                                     (above it, given or the scene's, it is clamped with a note)
       [--range A:B]                 the scene's frames A to B (B excluded) at the scene's rate`,
  ],
  [
    'animate',
    `  animate <portrait> --out <file.gif|.mp4|.webm>
                                     a one-shot animation, no project needed (temporary folder
                                     without --data-dir); --out with no extension: a folder of PNGs
       [--keys "0:neutral,1:smile"]  states at times in seconds (photo, neutral, smile, surprise, ...)
       [--preset NAME]               or: from the photo's expression to a preset, held
       [--duration S]                seconds (default: last key + 1 s, or 3 s)
       [--idle AMOUNT]               blinks, head sway, gaze and breathing on top (default 1 with
                                     neither --keys nor --preset, else 0)
       [--seed N] [--fps N] [--size N]
       [--motion-model ID]           move between the states with an installed motion model
                                     (role motion, docs/timeline.md) instead of in-betweening;
                                     needs --data-dir, where it is installed`,
  ],
  [
    'transfer',
    `  transfer <appearance> <expression> --out <file.png> --generator MODEL_ID
       [--layers 3,4]                method A with an installed style-based generator: inverts both
       [--iterations N]              photos (default 300 iterations), takes the expression photo's
                                     styles at these layers (0-based; default: the model's expression
                                     layers; 3=0.5 for a partial mix) and pastes the result into the
                                     appearance photo (docs/stylegan.md)`,
  ],
];

const FOOTER = `Options:
  --data-dir <path>  project folder (default: the platform's app-data folder, e.g. ~/.local/share/mien)
  --json             print results as JSON on stdout
  --help             this text (after a command: that command's options)

Numbers outside their range are clamped to it, with a note on stderr.
Exit codes: 0 done, 1 the engine refused or failed (message on stderr), 2 bad command line, 130 interrupted.`;

export const cliUsage = `${HEADER}

Commands:
${SECTIONS.map(([, text]) => text).join('\n')}

${FOOTER}`;

/** Whether a word is a command that has a help section. */
export const isCommand = (word: string | undefined): word is string =>
  word !== undefined && SECTIONS.some(([name]) => name === word);

/** The help of one command: the usage line, its sections and the options. */
export function commandUsage(command: string): string {
  const sections = SECTIONS.filter(([name]) => name === command).map(([, text]) => text);
  return `${HEADER}\n\n${sections.join('\n')}\n\n${FOOTER}`;
}

/**
 * The one line printed under a command-line mistake (the full help would push the error off the
 * screen): how to see the help of that command, or the list of commands.
 */
export function helpHint(command: string | undefined): string {
  return isCommand(command)
    ? `Run "npm run mien -- ${command} --help" for its options.`
    : 'Run "npm run mien -- help" for the list of commands.';
}
