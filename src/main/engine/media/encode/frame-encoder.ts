import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFfmpeg } from '../ffmpeg';
import { ffmpegArgs, outputSize, PNG_FRAME_PATTERN, validateEncodeOptions, type EncodeOptions } from './encode-options';

/**
 * Streams raw RGBA frames into ffmpeg's stdin and produces the export file. Backpressure: write()
 * resolves at once while the pipe keeps up and waits for 'drain' when it does not, so a renderer
 * awaiting write() never queues more than about one frame. Cancelling (the signal) kills ffmpeg and
 * removes what it had written; so does any failure. A frame's buffer belongs to the encoder once
 * passed to write(): do not reuse it.
 */
export interface FrameEncoder {
  readonly width: number;
  readonly height: number;
  write(frame: Uint8Array): Promise<void>;
  /** Closes the input and waits for ffmpeg; rejects (and removes the output) if it failed. */
  finish(): Promise<EncodeResult>;
}

export interface EncodeResult {
  /** The file, or the folder of numbered PNGs. */
  path: string;
  files: string[];
  frames: number;
  width: number;
  height: number;
  bytes: number;
  /** Largest amount of frame data queued in the pipe at once (backpressure check). */
  maxQueuedBytes: number;
}

export interface StartEncoderOptions extends EncodeOptions {
  signal?: AbortSignal;
  /** ffmpeg to use; default: found like video import finds it (FFMPEG_PATH, ffmpeg-static, PATH). */
  ffmpegPath?: string;
}

const STDERR_TAIL = 4000;

export function startEncoder(options: StartEncoderOptions): FrameEncoder {
  validateEncodeOptions(options);
  const ffmpeg = options.ffmpegPath ?? findFfmpeg().path;
  if (!ffmpeg) throw new Error(findFfmpeg().message);
  const { signal } = options;
  signal?.throwIfAborted();

  const isSequence = options.format === 'png';
  const outPath = path.resolve(options.outPath);
  let createdFolder = false;
  if (isSequence) {
    if (!fs.existsSync(outPath)) {
      fs.mkdirSync(outPath, { recursive: true });
      createdFolder = true;
    } else if (fs.readdirSync(outPath).some((name) => /^frame_\d{5}\.png$/.test(name))) {
      throw new Error(`${outPath} already holds a PNG sequence; choose an empty folder.`);
    }
  } else {
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
  }
  const target = isSequence ? path.join(outPath, PNG_FRAME_PATTERN) : outPath;
  const frameBytes = options.width * options.height * 4;
  const size = outputSize(options);

  const child: ChildProcess = spawn(ffmpeg, ffmpegArgs(options, target), { stdio: ['pipe', 'ignore', 'pipe'] });
  const stdin = child.stdin!;
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  // EPIPE when ffmpeg exits early: the exit code and stderr tell the real story.
  stdin.on('error', () => {});

  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });

  let frames = 0;
  let maxQueuedBytes = 0;
  let finished = false;

  const removeOutput = () => {
    if (isSequence) {
      for (const name of fs.existsSync(outPath) ? fs.readdirSync(outPath) : []) {
        if (/^frame_\d{5}\.png$/.test(name)) fs.rmSync(path.join(outPath, name), { force: true });
      }
      if (createdFolder && fs.existsSync(outPath) && fs.readdirSync(outPath).length === 0) fs.rmdirSync(outPath);
    } else {
      fs.rmSync(outPath, { force: true });
    }
  };

  // The first failure wins; everyone awaiting it sees the error only once the output is gone.
  let failing: Promise<never> | null = null;
  const fail = (error: Error): Promise<never> => {
    if (!failing) {
      failing = (async () => {
        child.kill('SIGKILL');
        await exited;
        removeOutput();
        throw error;
      })();
      failing.catch(() => {});
    }
    return failing;
  };

  const onAbort = () => {
    void fail(abortError(signal));
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const processFailure = async () => {
    const { code, error } = await exited;
    if (error) return new Error(`ffmpeg could not start (${ffmpeg}): ${error.message}`);
    return new Error(
      `ffmpeg stopped while encoding ${options.format} (exit code ${code}): ${stderr.trim() || 'no message'}`,
    );
  };

  return {
    width: size.width,
    height: size.height,
    async write(frame) {
      if (failing) await failing;
      if (finished) throw new Error('The encoder is finished; no more frames can be written.');
      if (frame.byteLength !== frameBytes) {
        throw new Error(
          `A ${options.width}x${options.height} RGBA frame has ${frameBytes} bytes; got ${frame.byteLength}.`,
        );
      }
      frames += 1;
      const ok = stdin.write(frame);
      maxQueuedBytes = Math.max(maxQueuedBytes, stdin.writableLength);
      if (ok) return;
      const outcome = await Promise.race([
        new Promise<'drain'>((resolve) => stdin.once('drain', () => resolve('drain'))),
        exited.then(() => 'exit' as const),
      ]);
      if (failing) await failing;
      if (outcome === 'exit') await fail(await processFailure());
    },
    async finish() {
      if (failing) await failing;
      finished = true;
      if (frames === 0) await fail(new Error('No frames were written; nothing to export.'));
      stdin.end();
      const { code, error } = await exited;
      signal?.removeEventListener('abort', onAbort);
      if (failing) await failing;
      if (error || code !== 0) await fail(await processFailure());
      const files = isSequence
        ? fs
            .readdirSync(outPath)
            .filter((name) => /^frame_\d{5}\.png$/.test(name))
            .sort()
            .map((name) => path.join(outPath, name))
        : [outPath];
      const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
      return { path: outPath, files, frames, width: size.width, height: size.height, bytes, maxQueuedBytes };
    },
  };
}

function abortError(signal: AbortSignal | undefined): Error {
  const error = new Error('The export was cancelled; its partial output was removed.', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}
