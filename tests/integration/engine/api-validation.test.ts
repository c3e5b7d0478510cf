import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, methods, SystemInfo } from '../../../src/shared/api';
import { latestSchemaVersion } from '../../../src/main/engine/schema';
import { apiErrorOf, startEngine, type Harness } from './engine-harness';

let h: Harness;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(async () => {
  await h.close();
});

describe('engine.handle validation', () => {
  it('answers an unknown method with not_found', async () => {
    const error = await apiErrorOf(h.engine.handle('projects.explode', {}));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('projects.explode');
  });

  it('answers params that do not match the contract with invalid_request and the zod issues', async () => {
    const wrongType = await apiErrorOf(h.engine.handle('projects.create', { name: 42 }));
    expect(wrongType.code).toBe('invalid_request');
    expect(wrongType.details?.issues).toEqual([expect.objectContaining({ path: 'name' })]);
    const empty = await apiErrorOf(h.engine.handle('projects.create', { name: '   ' }));
    expect(empty.message).toContain('a project needs a name');
    const extra = await apiErrorOf(h.engine.handle('projects.list', { sneaky: true }));
    expect(extra.code).toBe('invalid_request');
    const notBytes = await apiErrorOf(
      h.engine.handle('assets.importBytes', { projectId: 'p', fileName: 'a.png', bytes: 'not bytes' }),
    );
    expect(notBytes.details?.issues).toEqual([expect.objectContaining({ path: 'bytes' })]);
    expect((await apiErrorOf(h.engine.handle('system.ping', null))).code).toBe('invalid_request');
  });

  it('accepts a missing params object for methods without params', async () => {
    expect(SystemInfo.parse(await h.engine.handle('system.info', undefined)).host).toBe('cli');
  });

  it('answers a missing project, asset or job with not_found', async () => {
    expect((await apiErrorOf(h.call('projects.get', { id: 'missing' }))).code).toBe('not_found');
    expect((await apiErrorOf(h.call('assets.delete', { id: 'missing' }))).code).toBe('not_found');
    expect((await apiErrorOf(h.call('jobs.cancel', { id: 'missing' }))).code).toBe('not_found');
    const bytes = new Uint8Array([1, 2, 3]);
    expect(
      (await apiErrorOf(h.call('assets.importBytes', { projectId: 'missing', fileName: 'a.png', bytes }))).code,
    ).toBe('not_found');
  });

  it('returns results that match the contract for every method it can call without side effects', async () => {
    const ping = await h.call('system.ping', { sentAt: 5 });
    expect(methods['system.ping'].result.parse(ping).sentAt).toBe(5);
    const info = SystemInfo.parse(await h.call('system.info', {}));
    expect(info.store).toMatchObject({ ok: true, schemaVersion: latestSchemaVersion });
    expect(info.limits).toEqual({ maxImportBytes: 200 * 1024 * 1024, maxWorkingSide: 4096 });
    expect(info.ffmpeg.message.length).toBeGreaterThan(0);
    const project = methods['projects.create'].result.parse(await h.call('projects.create', { name: 'Contract' }));
    methods['projects.rename'].result.parse(await h.call('projects.rename', { id: project.id, name: 'Renamed' }));
    methods['projects.list'].result.parse(await h.call('projects.list', {}));
    methods['jobs.list'].result.parse(await h.call('jobs.list', {}));
    expect((await apiErrorOf(h.call('system.resetStore', {}))).code).toBe('conflict');
    expect(methodNames.length).toBe(Object.keys(methods).length);
  });

  it('refuses calls after close', async () => {
    const other = await startEngine();
    await other.close();
    expect((await apiErrorOf(other.engine.handle('system.ping', { sentAt: 1 }))).code).toBe('unavailable');
  });
});
