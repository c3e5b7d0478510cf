import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FramePngCache } from '../../../../src/main/engine/transfer/frame-png-cache';

/** The decoded-frame cache of video mouth donors stays within its limits, least recently used first out. */
describe('FramePngCache', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-frame-cache-'));
    dirs.push(dir);
    return path.join(dir, 'frames');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const writer = (bytes: number, counter: { made: number }) => async (out: string) => {
    counter.made++;
    fs.writeFileSync(out, Buffer.alloc(bytes, 1));
  };
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(file, when, when);
  };

  it('makes a frame once, keeps at most maxFiles, and drops the least recently used', async () => {
    const dir = tempDir();
    const cache = new FramePngCache(dir, { maxFiles: 2, maxBytes: 1e6 });
    const counter = { made: 0 };
    const a = await cache.file('sha-1', writer(10, counter));
    age(a, 30);
    expect(await cache.file('sha-1', writer(10, counter))).toBe(a);
    expect(counter.made).toBe(1);
    const b = await cache.file('sha-2', writer(10, counter));
    age(b, 20);
    // Using frame 1 again makes frame 2 the least recently used.
    await cache.file('sha-1', writer(10, counter));
    await cache.file('sha-3', writer(10, counter));
    expect(fs.readdirSync(dir).sort()).toEqual(['sha-1.png', 'sha-3.png']);
    expect(counter.made).toBe(3);
  });

  it('keeps the bytes under maxBytes, shares one making per key and removes stale half-written files', async () => {
    const dir = tempDir();
    const counter = { made: 0 };
    const cache = new FramePngCache(dir, { maxFiles: 10, maxBytes: 250 });
    const [first, second] = await Promise.all([
      cache.file('v-1', writer(100, counter)),
      cache.file('v-1', writer(100, counter)),
    ]);
    expect(first).toBe(second);
    expect(counter.made).toBe(1);
    age(first, 10);
    await cache.file('v-2', writer(100, counter));
    await cache.file('v-3', writer(100, counter));
    expect(fs.readdirSync(dir).sort()).toEqual(['v-2.png', 'v-3.png']);
    const part = path.join(dir, 'v-4.png.123.abc.part');
    fs.writeFileSync(part, 'x');
    age(part, 120);
    new FramePngCache(dir, { maxFiles: 10, maxBytes: 250 });
    expect(fs.existsSync(part)).toBe(false);
    await expect(cache.file('../escape', writer(1, counter))).rejects.toThrow('Bad frame cache key');
  });
});
