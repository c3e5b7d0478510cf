import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorOf, startEngine, type Harness } from '../engine/engine-harness';

let h: Harness | undefined;
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-settings-'));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Closes the engine and starts another on the same data folder. */
async function restart(): Promise<Harness> {
  await h?.close();
  h = await startEngine({ dataDir });
  return h;
}

describe('settings API', () => {
  it('defaults to cpu, offers the providers with reasons, and persists a change across a restart', async () => {
    h = await startEngine({ dataDir });
    const initial = await h.call('settings.get', {});
    expect(initial.settings).toEqual({ executionProvider: 'cpu' });
    expect(initial.providers.map((p) => p.name)).toEqual(['cpu', 'webgpu', 'cuda', 'dml', 'coreml']);
    expect(initial.providers[0]).toMatchObject({ name: 'cpu', available: true, reason: null });
    if (process.platform === 'linux') {
      expect(initial.providers.find((p) => p.name === 'dml')).toMatchObject({
        available: false,
        reason: 'needs Windows',
      });
      expect(initial.providers.find((p) => p.name === 'coreml')).toMatchObject({
        available: false,
        reason: 'needs macOS',
      });
    }

    const unavailable = initial.providers.find((p) => !p.available);
    if (unavailable) {
      const error = await apiErrorOf(h.call('settings.update', { executionProvider: unavailable.name }));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain(unavailable.reason!);
    }
    const bad = await apiErrorOf(h.call('settings.update', { executionProvider: 'tpu' } as never));
    expect(bad.code).toBe('invalid_request');

    const usable = initial.providers.find((p) => p.name !== 'cpu' && p.available);
    if (!usable) return;
    const updated = await h.call('settings.update', { executionProvider: usable.name });
    expect(updated.settings.executionProvider).toBe(usable.name);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({
      executionProvider: usable.name,
    });
    expect((await (await restart()).call('settings.get', {})).settings.executionProvider).toBe(usable.name);
  });

  it('falls back to the defaults when settings.json is not valid', async () => {
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{ not json');
    h = await startEngine({ dataDir });
    expect((await h.call('settings.get', {})).settings).toEqual({ executionProvider: 'cpu' });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ executionProvider: 'tpu' }));
    expect((await (await restart()).call('settings.get', {})).settings).toEqual({ executionProvider: 'cpu' });
  });
});
