import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Frame, Job, type MienClient, Project, toApiError } from '../../../src/shared/api';
import { createEngine, type Engine } from '../../../src/main/engine/engine';

/**
 * The Electron transport without Electron (its binary is not installable here): the real preload
 * and the real main-process bridge, wired through a stand-in for Electron's IPC that behaves like
 * it where it matters (structured clone of every message, MessagePorts, sender frames).
 */
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { MessageChannel } = await import('node:worker_threads');
  type Listener = (...args: unknown[]) => unknown;

  class PortMain extends EventEmitter {
    constructor(readonly port: import('node:worker_threads').MessagePort) {
      super();
      port.on('message', (data: unknown) => this.emit('message', { data }));
      port.on('close', () => this.emit('close'));
    }
    postMessage(message: unknown): void {
      this.port.postMessage(message);
    }
    start(): void {}
    close(): void {
      this.port.close();
    }
  }

  const mainFrame = { url: 'mien-app://app/index.html' };
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const state = {
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    privilegedSchemes: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
    handlers: new Map<string, Listener>(),
    mainListeners: new Map<string, Set<Listener>>(),
    rendererListeners: new Map<string, Set<Listener>>(),
    exposed: {} as Record<string, unknown>,
    /** The frame the next renderer message claims to come from (tests swap it to fake attackers). */
    senderFrame: mainFrame as { url: string },
    mainFrame,
    portsSent: 0,
    webContents: null as unknown,
  };
  const toRenderer = (channel: string, event: unknown, ...args: unknown[]): void => {
    for (const listener of state.rendererListeners.get(channel) ?? []) listener(event, ...args);
  };
  const webContents = {
    mainFrame,
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => toRenderer(channel, { sender: null }, structuredClone(payload)),
    postMessage: (channel: string, message: unknown, ports: PortMain[]) => {
      state.portsSent += 1;
      toRenderer(channel, { ports: ports.map((port) => port.port) }, structuredClone(message));
    },
    // Navigation and destruction listeners (the bridge ends a page's render sessions on them).
    id: 1,
    on: () => undefined,
    once: () => undefined,
  };
  state.webContents = webContents;
  const mainEvent = () => ({ sender: webContents, senderFrame: state.senderFrame });

  return {
    __state: state,
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof state.privilegedSchemes) =>
        state.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        state.protocolHandlers.set(scheme, handler),
    },
    // Electron's net.fetch reads file: URLs; Node's fetch does not, so read the file here.
    net: {
      fetch: async (url: string) => {
        try {
          return new Response(await readFile(fileURLToPath(url)), { status: 200 });
        } catch {
          return new Response(null, { status: 404 });
        }
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => state.handlers.set(channel, handler),
      removeHandler: (channel: string) => state.handlers.delete(channel),
      on: (channel: string, listener: Listener) => {
        if (!state.mainListeners.has(channel)) state.mainListeners.set(channel, new Set());
        state.mainListeners.get(channel)!.add(listener);
      },
      off: (channel: string, listener: Listener) => state.mainListeners.get(channel)?.delete(listener),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        const handler = state.handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler(mainEvent(), ...structuredClone(args)));
      },
      send: (channel: string, ...args: unknown[]) => {
        for (const listener of state.mainListeners.get(channel) ?? []) listener(mainEvent(), ...structuredClone(args));
      },
      on: (channel: string, listener: Listener) => {
        if (!state.rendererListeners.has(channel)) state.rendererListeners.set(channel, new Set());
        state.rendererListeners.get(channel)!.add(listener);
      },
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        state.exposed[key] = api;
      },
    },
    MessageChannelMain: class {
      readonly port1: PortMain;
      readonly port2: PortMain;
      constructor() {
        const channel = new MessageChannel();
        this.port1 = new PortMain(channel.port1);
        this.port2 = new PortMain(channel.port2);
      }
    },
  };
});

interface FakeState {
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  exposed: Record<string, unknown>;
  senderFrame: { url: string };
  mainFrame: { url: string };
  portsSent: number;
  webContents: unknown;
}

describe('Electron host without Electron: real preload, IPC bridge, protocols and engine; stand-in IPC', () => {
  let workDir: string;
  let engine: Engine;
  let state: FakeState;
  let mien: MienClient;
  let uninstall: () => void;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'mien-electron-ipc-'));
    engine = await createEngine({ dataDir: workDir, host: 'desktop', workers: 1 });
    state = ((await import('electron')) as unknown as { __state: FakeState }).__state;
    const { installIpcBridge } = await import('../../../src/main/desktop/ipc-bridge');
    const { isAppUrl } = await import('../../../src/main/desktop/app-origin');
    uninstall = installIpcBridge({
      engine,
      appWebContents: () => [state.webContents as Electron.WebContents],
      isAppUrl: (url) => isAppUrl(url),
    });
    await import('../../../src/preload/index');
    mien = state.exposed.mien as MienClient;
  });

  afterAll(async () => {
    uninstall?.();
    await engine?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('exposes exactly the MienClient functions and media URLs on mien-media://', () => {
    expect(Object.keys(mien).sort()).toEqual(['call', 'mediaUrl', 'on', 'openStream']);
    expect(mien.mediaUrl('a'.repeat(64))).toBe(`mien-media://blob/${'a'.repeat(64)}`);
  });

  it('calls the engine and pushes its events', async () => {
    const changes: unknown[] = [];
    const stop = mien.on('projects.changed', (payload) => changes.push(payload));
    const project = Project.parse(await mien.call('projects.create', { name: 'Over IPC' }));
    const listed = await mien.call('projects.list', {});
    expect(listed.map((p) => p.id)).toContain(project.id);
    await vi.waitFor(() => expect(changes.length).toBeGreaterThan(0));
    stop();
  });

  it('rejects failures with a plain ApiError shape that toApiError restores', async () => {
    const reason = await mien
      .call('projects.create', { name: 7 as unknown as string })
      .catch((error: unknown) => error);
    expect(reason).not.toBeInstanceOf(Error); // contextBridge would strip an Error's code
    expect(reason).toMatchObject({ name: 'ApiError', code: 'invalid_request' });
    const restored = toApiError(reason);
    expect(restored.code).toBe('invalid_request');
    expect(restored.message).toMatch(/name/);
    await expect(mien.call('projects.get', { id: 'missing' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses calls and streams from a foreign page or a subframe', async () => {
    try {
      state.senderFrame = { url: 'https://evil.example/' };
      await expect(mien.call('projects.list', {})).rejects.toMatchObject({ code: 'unauthorized' });
      state.senderFrame = { url: 'mien-app://app/index.html' }; // right URL, but not the main frame
      await expect(mien.call('projects.list', {})).rejects.toMatchObject({ code: 'unauthorized' });
      const before = state.portsSent;
      const close = mien.openStream('some-job', () => undefined);
      expect(state.portsSent).toBe(before);
      close();
    } finally {
      state.senderFrame = state.mainFrame;
    }
  });

  it('delivers a job preview stream through one MessagePort, acknowledging each frame', async () => {
    const project = Project.parse(await mien.call('projects.create', { name: 'Stream over IPC' }));
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#336699' } })
      .composite([
        { input: readFileSync(join(import.meta.dirname, '../../fixtures/astronaut.png')), gravity: 'centre' },
      ])
      .png({ compressionLevel: 1 })
      .toBuffer();
    const frames: Frame[] = [];
    const done = new Promise<void>((resolve) => {
      mien.on('job.updated', (job) => {
        if (job.projectId === project.id && job.state === 'succeeded') resolve();
      });
    });
    const job = Job.parse(
      await mien.call('assets.importBytes', { projectId: project.id, fileName: 'big.png', bytes: new Uint8Array(big) }),
    );
    const portsBefore = state.portsSent;
    const close = mien.openStream(job.id, (frame) => frames.push(frame));
    expect(state.portsSent).toBe(portsBefore + 1);
    await done;
    await vi.waitFor(() => expect(frames.length).toBeGreaterThanOrEqual(1));
    for (const frame of frames) {
      expect(frame.header.streamId).toBe(job.id);
      expect(frame.data).toBeInstanceOf(Uint8Array);
      const meta = await sharp(frame.data).metadata();
      expect([meta.width, meta.height]).toEqual([frame.header.width, frame.header.height]);
    }
    // Latest frame wins, but the latest is never lost: the import's final, larger preview (the
    // engine publishes a 160 px one, then a 640 px one) arrives, which after a first frame is only
    // sent once the preload has acknowledged that one.
    const last = frames.at(-1)!;
    expect(last.header.width / last.header.height).toBeCloseTo(1.5, 1);
    expect(Math.max(last.header.width, last.header.height)).toBeGreaterThan(160);
    expect(new Set(frames.map((frame) => frame.header.seq)).size).toBe(frames.length);
    close();
  });

  it('serves the app on mien-app:// with the CSP, and blobs on mien-media:// from the engine only', async () => {
    const { handleAppProtocol, handleMediaProtocol, registerPrivilegedSchemes, DESKTOP_CSP } =
      await import('../../../src/main/desktop/protocols');
    registerPrivilegedSchemes();
    expect(state.privilegedSchemes.map((entry) => entry.scheme)).toEqual(['mien-app', 'mien-media']);
    expect(state.privilegedSchemes.every((entry) => entry.privileges.standard && entry.privileges.secure)).toBe(true);

    const rendererDir = join(workDir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>desktop</title>');
    writeFileSync(join(workDir, 'secret.txt'), 'SECRET');
    handleAppProtocol(rendererDir);
    handleMediaProtocol(engine, 'mien-app://app');
    const app = (url: string) => state.protocolHandlers.get('mien-app')!(new Request(url));
    const media = (url: string) => state.protocolHandlers.get('mien-media')!(new Request(url));

    const page = await app('mien-app://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(DESKTOP_CSP).toContain("img-src 'self' mien-media: blob: data:");
    expect(DESKTOP_CSP).toContain("connect-src 'self'");
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(await page.text()).toContain('desktop');
    expect((await app('mien-app://app/')).status).toBe(200);
    expect((await app('mien-app://elsewhere/index.html')).status).toBe(404);
    for (const attack of [
      'mien-app://app/../secret.txt',
      'mien-app://app/%2e%2e/secret.txt',
      'mien-app://app/assets%2f..%2f..%2fsecret.txt',
    ]) {
      const answer = await app(attack);
      expect([400, 404], attack).toContain(answer.status);
      expect(await answer.text()).not.toContain('SECRET');
    }

    const project = Project.parse(await mien.call('projects.create', { name: 'Media' }));
    const done = new Promise<Job>((resolve) => {
      mien.on('job.updated', (job) => {
        if (job.projectId === project.id && job.state === 'succeeded') resolve(job);
      });
    });
    const astronaut = readFileSync(join(import.meta.dirname, '../../fixtures/astronaut.png'));
    await mien.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: new Uint8Array(astronaut),
    });
    await done;
    const [asset] = await mien.call('assets.list', { projectId: project.id });
    const thumbnail = await media(mien.mediaUrl(asset!.thumbnailSha256));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(thumbnail.headers.get('access-control-allow-origin')).toBe('mien-app://app');
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect((await media(`mien-media://blob/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await media('mien-media://blob/../../secret.txt')).status).toBe(400);
    expect((await media(`mien-media://other/${asset!.thumbnailSha256}`)).status).toBe(400);
  });
});
