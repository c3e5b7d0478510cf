import { runCli } from '../../../src/main/cli/run-cli';
import { createEngine, type EngineOptions } from '../../../src/main/engine/engine';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `mien ARGS` in this process against a real engine with one worker (the shared 2-core test
 * machine), capturing what it prints. `engine` adds engine options (e.g. analyzeFacesAfterImport).
 */
export async function runMien(args: string[], engine: Partial<EngineOptions> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    createEngine: (options) => createEngine({ ...options, workers: 1, ...engine }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
