import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, MessageChannelMain, type WebContents } from 'electron';
import { ApiError, type Frame, IpcChannel, type IpcCallReply, toApiError } from '../../shared/api';
import type { HostedEngine } from '../host/hosted-engine';
import { LatestFrameSender } from '../host/latest-frame-sender';

/**
 * The Electron transport: `mien:call` requests, pushed events and one MessagePort per preview
 * stream (docs/wire-protocol.md, part 2). Every message is checked to come from the top frame of
 * one of our windows showing our own page.
 */
export interface IpcBridgeOptions {
  engine: HostedEngine;
  /** The WebContents of the app's windows (the only ones that may talk to the engine). */
  appWebContents(): WebContents[];
  /** True for a URL of the app's own page. */
  isAppUrl(url: string): boolean;
}

export function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent, options: IpcBridgeOptions): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return options.appWebContents().includes(event.sender) && options.isAppUrl(frame.url);
}

/** Frames go through structured clone, which copies a view's whole ArrayBuffer: send exact-size buffers. */
function ownBuffer(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

export function installIpcBridge(options: IpcBridgeOptions): () => void {
  const { engine } = options;
  const closeStreams = new Set<() => void>();
  const watched = new Set<WebContents>();

  /**
   * One connection per window page: its render sessions end when the page reloads or navigates
   * (the new page cannot know them) and when the window goes away.
   */
  const connectionOf = (contents: WebContents): string => {
    const connectionId = `window:${contents.id}`;
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) engine.closeConnection(connectionId);
      });
      contents.once('destroyed', () => {
        watched.delete(contents);
        engine.closeConnection(connectionId);
      });
    }
    return connectionId;
  };

  ipcMain.handle(IpcChannel.call, async (event, method: unknown, params: unknown): Promise<IpcCallReply> => {
    if (!isTrustedSender(event, options)) {
      return { ok: false, error: new ApiError('unauthorized', 'This page may not call the Mien engine.').toShape() };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: new ApiError('invalid_request', 'The method name must be a string.').toShape() };
    }
    try {
      return { ok: true, result: await engine.handle(method, params, { connectionId: connectionOf(event.sender) }) };
    } catch (error) {
      return { ok: false, error: toApiError(error).toShape() };
    }
  });

  const stopEvents = engine.onEvent((event, payload) => {
    // Sent only to our windows; other WebContents (devtools, ...) never see engine events.
    for (const contents of options.appWebContents())
      if (!contents.isDestroyed()) contents.send(IpcChannel.event, { event, payload });
  });

  const onStreamOpen = (event: IpcMainEvent, message: unknown): void => {
    if (!isTrustedSender(event, options)) return;
    const { streamId, openId } = (message ?? {}) as { streamId?: unknown; openId?: unknown };
    if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 64) return;
    if (typeof openId !== 'number' || !Number.isSafeInteger(openId)) return;

    const { port1, port2 } = new MessageChannelMain();
    let awaitingAck: (() => void) | null = null;
    const sender = new LatestFrameSender<Frame>({
      transmit: (frame, done) => {
        awaitingAck = done;
        port1.postMessage({ header: frame.header, data: ownBuffer(frame.data) });
      },
    });
    port1.on('message', (portEvent) => {
      const data = portEvent.data as { type?: unknown };
      if (data?.type === 'ack' && awaitingAck) {
        const done = awaitingAck;
        awaitingAck = null;
        done();
      }
    });
    const unsubscribe = engine.openStream(streamId, (frame) => sender.push(frame));
    const close = (): void => {
      if (!closeStreams.delete(close)) return;
      sender.close();
      unsubscribe();
      port1.close();
    };
    closeStreams.add(close);
    // The port's far end closes when the page closes the stream, reloads or goes away.
    port1.on('close', close);
    event.sender.once('destroyed', close);
    port1.start();
    event.sender.postMessage(IpcChannel.streamPort, { openId }, [port2]);
  };
  ipcMain.on(IpcChannel.streamOpen, onStreamOpen);

  return () => {
    ipcMain.removeHandler(IpcChannel.call);
    ipcMain.off(IpcChannel.streamOpen, onStreamOpen);
    stopEvents();
    for (const close of [...closeStreams]) close();
    for (const contents of watched) engine.closeConnection(`window:${contents.id}`);
  };
}
