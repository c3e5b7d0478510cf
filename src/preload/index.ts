import { contextBridge, ipcRenderer } from 'electron';
import type { EventName, Frame, MienClient } from '../shared/api';
import { IpcChannel, type IpcCallReply, type StreamPortAck } from '../shared/api/ipc-channels';

/**
 * Sandboxed preload: exposes `window.mien`, a MienClient over IPC (docs/wire-protocol.md, part 2).
 * It only forwards; the main process checks the sender and the engine validates every param.
 * Only functions are exposed, never ipcRenderer itself.
 */

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IpcChannel.event, (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message.event) ?? []) {
    try {
      listener(message.payload);
    } catch (error) {
      console.error(`mien: a listener for ${message.event} threw`, error);
    }
  }
});

/**
 * The DOM MessagePort as this file uses it. Declared structurally because the preload is
 * type-checked with the Node configuration, which has no DOM library.
 */
interface StreamPort {
  onmessage: ((message: { data: Frame }) => void) | null;
  postMessage(message: StreamPortAck): void;
  start(): void;
  close(): void;
}

/** Stream ports we asked for, by the id we chose when asking; the value receives the port. */
const awaitedPorts = new Map<number, (port: StreamPort) => void>();
let nextOpenId = 1;

ipcRenderer.on(IpcChannel.streamPort, (event, message: { openId: number }) => {
  const port = event.ports[0] as unknown as StreamPort | undefined;
  if (!port) return;
  const deliver = awaitedPorts.get(message.openId);
  awaitedPorts.delete(message.openId);
  if (deliver) deliver(port);
  else port.close(); // the page closed the stream before its port arrived
});

const client: MienClient = {
  async call(method, params) {
    const reply = (await ipcRenderer.invoke(IpcChannel.call, method, params)) as IpcCallReply;
    if (reply.ok) return reply.result as never;
    // A plain object, because contextBridge drops custom properties of Error objects: the page
    // turns it back into an ApiError with toApiError().
    throw { name: 'ApiError', ...reply.error };
  },

  on(event, listener) {
    const name: EventName = event;
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },

  openStream(streamId: string, onFrame: (frame: Frame) => void) {
    const openId = nextOpenId++;
    let port = null as StreamPort | null;
    let closed = false;
    awaitedPorts.set(openId, (received) => {
      if (closed) {
        received.close();
        return;
      }
      port = received;
      received.onmessage = (message) => {
        const frame = message.data;
        try {
          onFrame(frame);
        } finally {
          // Acknowledge so the main process sends the next (newest) frame: latest frame wins.
          const ack: StreamPortAck = { type: 'ack', seq: frame.header.seq };
          received.postMessage(ack);
        }
      };
      received.start();
    });
    ipcRenderer.send(IpcChannel.streamOpen, { streamId, openId });
    return () => {
      if (closed) return;
      closed = true;
      awaitedPorts.delete(openId);
      port?.close();
    };
  },

  mediaUrl(sha256) {
    return `mien-media://blob/${sha256}`;
  },
};

contextBridge.exposeInMainWorld('mien', client);
