import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  ARKIT_BLENDSHAPE_NAMES,
  BLENDSHAPE_COUNT,
  HEAD_EYE_CHANNELS,
  serializeLiveLinkCsv,
} from '../../../src/shared/rig';
import { WebMienClient, type SocketLike } from '../../../src/renderer/client/web-client';
import { startWebHostHarness, type WebHostHarness } from './web-host-harness';

const FRAMES = 600;

describe('web host: tracks.get travels as one binary message', () => {
  let web: WebHostHarness;
  let client: WebMienClient;
  const protocolErrors: string[] = [];
  beforeAll(async () => {
    web = await startWebHostHarness();
    client = new WebMienClient({
      socketUrl: `ws://127.0.0.1:${web.host.port}/api?token=${web.host.token}`,
      mediaBase: '',
      token: web.host.token,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onProtocolError: (message) => protocolErrors.push(message),
    });
  });
  afterAll(async () => {
    client?.dispose();
    await web?.close();
  });

  it('gives the browser the stored Float32 samples, times and measured flags', async () => {
    const jaw = ARKIT_BLENDSHAPE_NAMES.indexOf('jawOpen');
    const coefficients = new Float32Array(FRAMES * BLENDSHAPE_COUNT);
    for (let f = 0; f < FRAMES; f++) coefficients[f * BLENDSHAPE_COUNT + jaw] = Math.sin(f / 37) ** 2;
    const csv = serializeLiveLinkCsv({
      fps: 60,
      frameCount: FRAMES,
      times: Float64Array.from({ length: FRAMES }, (_, f) => f / 60),
      startSeconds: 0,
      coefficients,
      headAndEyes: new Float32Array(FRAMES * HEAD_EYE_CHANNELS.length),
    });
    const project = await client.call('projects.create', { name: 'Binary' });
    const imported = await client.call('tracks.importFile', {
      projectId: project.id,
      fileName: 'take.csv',
      bytes: new TextEncoder().encode(csv),
    });
    const values = await client.call('tracks.get', { trackSetId: imported.trackSet.id });
    expect(values.times).toBeInstanceOf(Float64Array);
    expect(values.measured).toEqual(new Uint8Array(FRAMES).fill(1));
    expect(values.channels).toHaveLength(imported.trackSet.channels.length);
    const samples = values.channels.find((channel) => channel.name === 'rig.jawOpen')!.values;
    expect(samples).toBeInstanceOf(Float32Array);
    // What the engine itself reads: the same Float32 values bit for bit, nothing rounded on the way.
    const direct = (await web.engine.handle('tracks.get', {
      trackSetId: imported.trackSet.id,
      channels: ['rig.jawOpen'],
    })) as { channels: Array<{ values: Float32Array }> };
    expect(samples).toEqual(direct.channels[0]!.values);
    expect(values.times[FRAMES - 1]).toBeCloseTo((FRAMES - 1) / 60, 9);
    expect(protocolErrors).toEqual([]);
  });
});
