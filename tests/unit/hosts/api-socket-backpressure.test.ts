import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeBinaryMessage, type Frame, FrameMessageHeader } from '../../../src/shared/api';
import { ApiSocket } from '../../../src/main/web/api-socket';
import { HostLimits } from '../../../src/main/web/host-limits';
import type { HostedEngine } from '../../../src/main/host/hosted-engine';

/**
 * Latest-frame-wins on a real socket whose reader stalls. The real engine publishes only a couple
 * of previews per import, so a stand-in frame source floods the stream here.
 */
describe('ApiSocket preview backpressure', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('drops stale frames for a stalled client and still delivers the newest one', async () => {
    let publish: ((frame: Frame) => void) | null = null;
    const frameSource: HostedEngine = {
      handle: async () => ({}),
      closeConnection: () => undefined,
      onEvent: () => () => undefined,
      openStream: (_streamId, onFrame) => {
        publish = onFrame as (frame: Frame) => void;
        return () => {
          publish = null;
        };
      },
      resolveBlob: () => null,
      resolveExport: () => null,
    };
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => wss.close());
    let serverSocket: WebSocket | null = null;
    wss.on('connection', (socket) => {
      serverSocket = socket;
      new ApiSocket(socket, frameSource, 1024 * 1024, new HostLimits(2 * 1024 * 1024, 256));
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    cleanups.push(() => client.terminate());
    const received: number[] = [];
    client.on('message', (data, isBinary) => {
      if (!isBinary) return;
      received.push(FrameMessageHeader.parse(decodeBinaryMessage(data as Buffer).header).seq);
    });
    await new Promise((resolve) => client.once('open', resolve));
    client.send(JSON.stringify({ type: 'stream.open', streamId: 'job-1' }));
    await expect.poll(() => publish !== null).toBe(true);

    // Stall the reader: the kernel buffers fill and ws on the host side starts buffering.
    const clientSocket = (client as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    clientSocket.pause();
    const frameBytes = 1024 * 1024;
    const count = 200; // 200 MiB if every frame were kept
    let maxBuffered = 0;
    for (let seq = 0; seq < count; seq++) {
      publish!({
        header: { streamId: 'job-1', seq, width: 512, height: 512, timestampMs: seq, format: 'rgba' },
        data: new Uint8Array(frameBytes),
      });
      maxBuffered = Math.max(maxBuffered, serverSocket!.bufferedAmount);
      if (seq % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // At most the frame in flight plus whatever the socket accepted before it backed up.
    expect(maxBuffered).toBeLessThan(8 * frameBytes);

    clientSocket.resume();
    await expect.poll(() => received.at(-1), { timeout: 10_000 }).toBe(count - 1);
    expect(received.length).toBeLessThan(count / 4);
    expect([...received].sort((a, b) => a - b)).toEqual(received);
  });
});
