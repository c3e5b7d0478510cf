import fs from 'node:fs';
import path from 'node:path';

/** How many decoded frames the folder keeps, and how many bytes at most (the oldest used go first). */
export interface FramePngCacheLimits {
  maxFiles: number;
  maxBytes: number;
}

/** A few dozen frames: a user scrubbing a video's frames as expression source touches a handful. */
export const FRAME_PNG_CACHE_LIMITS: FramePngCacheLimits = { maxFiles: 48, maxBytes: 96 * 1024 * 1024 };

/** Half-written files older than this were left by a killed process (a live write takes well under a second). */
const STALE_PART_MS = 60_000;

/**
 * A folder of decoded video frames as PNG files, one per `key` (video sha + frame index), kept
 * within `limits` by dropping the least recently used (by mtime, touched on every hit). Created
 * on first use; pruned when opened and after every new file, so it never grows past the limits.
 */
export class FramePngCache {
  /** One making per key at a time: two renders asking for the same frame share one ffmpeg run. */
  private readonly making = new Map<string, Promise<string>>();

  constructor(
    readonly dir: string,
    private readonly limits: FramePngCacheLimits = FRAME_PNG_CACHE_LIMITS,
  ) {
    this.prune();
  }

  /** The file for `key`: the cached one, or one `make` writes to the path it is given. */
  async file(key: string, make: (outPath: string) => Promise<void>): Promise<string> {
    if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`Bad frame cache key "${key}"`);
    const target = path.join(this.dir, `${key}.png`);
    const now = new Date();
    try {
      fs.utimesSync(target, now, now);
      return target;
    } catch {
      // not cached yet
    }
    let pending = this.making.get(key);
    if (!pending) {
      pending = (async () => {
        fs.mkdirSync(this.dir, { recursive: true });
        await make(target);
        this.prune();
        return target;
      })().finally(() => this.making.delete(key));
      this.making.set(key, pending);
    }
    return pending;
  }

  /** Drops the least recently used frames beyond the limits, and stale half-written files. */
  prune(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    const files: Array<{ file: string; size: number; usedAt: number }> = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile()) continue;
        if (name.endsWith('.png')) files.push({ file, size: stat.size, usedAt: stat.mtimeMs });
        else if (Date.now() - stat.mtimeMs > STALE_PART_MS) fs.rmSync(file, { force: true });
      } catch {
        // removed meanwhile
      }
    }
    files.sort((a, b) => b.usedAt - a.usedAt);
    let bytes = 0;
    files.forEach((entry, kept) => {
      bytes += entry.size;
      if (kept >= this.limits.maxFiles || bytes > this.limits.maxBytes) fs.rmSync(entry.file, { force: true });
    });
  }
}
