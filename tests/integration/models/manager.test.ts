import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ModelContract, methods } from '../../../src/shared/api';
import { ModelManager, modelManagerHandlers } from '../../../src/main/engine/models/manager';
import type { EngineContext } from '../../../src/main/engine/api/engine-context';
import { writeModel } from '../../../src/main/engine/onnx/graph';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'autodiff');
const SYNTHESIS = join(FIXTURES, 'synthesis-grouped.onnx');
const SYNTHESIS_SHA256 = readFileSync(join(FIXTURES, 'SHA256SUMS'), 'utf8')
  .split('\n')
  .find((line) => line.endsWith('synthesis-grouped.onnx'))
  ?.split(/\s+/)[0] as string;
const sidecar = (name: string): ModelContract =>
  ModelContract.parse(JSON.parse(readFileSync(join(FIXTURES, `${name}.mien.json`), 'utf8')));

/** A synthesis-shaped model whose image is [1, 3, side, side] (a constant from the mean of ws). */
function fakeSynthesis(side: number, numWs = 10): Uint8Array {
  const g = new ShapedGraph('broken_synthesis', {});
  g.addInput('ws', 'float32', [1, numWs, 512]);
  const mean = g.op1('ReduceMean', ['ws'], { axes: { ints: [1, 2] }, keepdims: { i: 1 } });
  const flat = g.op1('Reshape', [mean, g.ints('shape', [1, 1, 1, 1])]);
  g.addOutput(g.op1('Expand', [flat, g.ints('size', [1, 3, side, side])], {}, 'image'));
  return writeModel(g.toGraph(), { producerName: 'mien-test' });
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('ModelManager', () => {
  let dataDir: string;
  let work: string;
  let manager: ModelManager;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mien-models-'));
    work = mkdtempSync(join(tmpdir(), 'mien-models-src-'));
    manager = await ModelManager.open(dataDir);
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  /** Nothing under models/ but the installed folders: no staging leftovers. */
  const modelFolders = (): string[] => readdirSync(join(dataDir, 'models'));

  it('installs the reference generator, mapping and perceptual networks, lists and removes them', async () => {
    const installed = await manager.install({
      source: { kind: 'file', path: SYNTHESIS },
      metadata: sidecar('synthesis-grouped'),
      sha256: SYNTHESIS_SHA256,
      role: 'synthesis',
    });
    expect(installed).toMatchObject({ id: 'synthesis-grouped', role: 'synthesis', sha256: SYNTHESIS_SHA256 });
    expect(installed.outputs).toEqual([{ name: 'image', shape: [1, 3, 64, 64], dtype: 'float32' }]);
    expect(installed.opset).toBeGreaterThanOrEqual(13);
    await manager.install({
      source: { kind: 'file', path: join(FIXTURES, 'mapping.onnx') },
      metadata: sidecar('mapping'),
    });
    const perceptual = await manager.install({
      source: { kind: 'file', path: join(FIXTURES, 'perceptual.onnx') },
      metadata: sidecar('perceptual'),
    });
    expect(perceptual.outputs.map((o) => o.name)).toEqual(['conv1_2', 'conv2_2', 'conv3_2']);

    const listed = await manager.list();
    expect(listed.models.map((m) => m.id)).toEqual(['mapping', 'perceptual', 'synthesis-grouped']);
    expect(listed.problems).toEqual([]);
    const verified = await manager.verify('synthesis-grouped');
    expect(verified.bytes).toEqual(new Uint8Array(readFileSync(SYNTHESIS)));

    await manager.remove('synthesis-grouped');
    expect((await manager.list()).models.map((m) => m.id)).toEqual(['mapping', 'perceptual']);
    expect(modelFolders().sort()).toEqual(['.staging', 'mapping', 'perceptual']);
    expect(readdirSync(join(dataDir, 'models', '.staging'))).toEqual([]);
    expect((await refusal(manager.remove('synthesis-grouped'))).code).toBe('not_found');
  });

  it('refuses a second install under the same id', async () => {
    await manager.install({ source: { kind: 'file', path: SYNTHESIS }, metadata: sidecar('synthesis-grouped') });
    const error = await refusal(
      manager.install({ source: { kind: 'file', path: SYNTHESIS }, metadata: sidecar('synthesis-grouped') }),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/already installed/);
  });

  it('refuses a wrong sha256 and leaves nothing installed', async () => {
    const wrong = 'ab'.repeat(32);
    const error = await refusal(
      manager.install({
        source: { kind: 'file', path: SYNTHESIS },
        metadata: sidecar('synthesis-grouped'),
        sha256: wrong,
      }),
    );
    expect(error.message).toBe(
      `synthesis-grouped.onnx has sha256 ${SYNTHESIS_SHA256}, expected ${wrong}: refused (a different or damaged file).`,
    );
    expect((await manager.list()).models).toEqual([]);
    expect(readdirSync(join(dataDir, 'models', '.staging'))).toEqual([]);
  });

  it('refuses a synthesis network whose image has the wrong size, naming the output', async () => {
    const file = join(work, 'small.onnx');
    writeFileSync(file, fakeSynthesis(32));
    const error = await refusal(
      manager.install({ source: { kind: 'file', path: file }, metadata: sidecar('synthesis-grouped') }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe(
      "small.onnx does not meet the synthesis contract: synthesis output 'image' has shape [1,3,32,32], expected [1,3,64,64] for resolution 64.",
    );
    expect(error.details).toEqual({ tensor: 'image' });
    expect((await manager.list()).models).toEqual([]);

    // The same graph at the right size passes: the refusal was the shape, not the graph.
    const right = join(work, 'right.onnx');
    writeFileSync(right, fakeSynthesis(64));
    await expect(
      manager.install({ source: { kind: 'file', path: right }, metadata: sidecar('synthesis-grouped') }),
    ).resolves.toMatchObject({ id: 'right' });
  });

  it('installs an encoder (image -> ws) and refuses a perceptual network without a named layer', async () => {
    const g = new ShapedGraph('tiny_encoder', {});
    g.addInput('image', 'float32', [1, 3, 64, 64]);
    const mean = g.op1('ReduceMean', ['image'], { axes: { ints: [1, 2, 3] }, keepdims: { i: 1 } });
    const flat = g.op1('Reshape', [mean, g.ints('shape', [1, 1, 1])]);
    g.addOutput(g.op1('Expand', [flat, g.ints('size', [1, 10, 512])], {}, 'ws'));
    const file = join(work, 'encoder.onnx');
    writeFileSync(file, writeModel(g.toGraph(), { producerName: 'mien-test' }));
    const synthesis = sidecar('synthesis-grouped');
    if (synthesis.role !== 'synthesis') throw new Error('fixture sidecar');
    const encoder = ModelContract.parse({
      role: 'encoder',
      resolution: 64,
      numWs: 10,
      alignment: synthesis.alignment,
      licence: 'MIT (test)',
    });
    await expect(manager.install({ source: { kind: 'file', path: file }, metadata: encoder })).resolves.toMatchObject({
      id: 'encoder',
      outputs: [{ name: 'ws', shape: [1, 10, 512], dtype: 'float32' }],
    });

    const vgg16 = ModelContract.parse({ ...sidecar('perceptual'), layers: ['conv1_2', 'conv4_3'] });
    const error = await refusal(
      manager.install({ source: { kind: 'file', path: join(FIXTURES, 'perceptual.onnx') }, metadata: vgg16 }),
    );
    expect(error.message).toBe(
      "perceptual.onnx does not meet the perceptual contract: perceptual output 'conv4_3' is missing (the model's outputs: conv1_2, conv2_2, conv3_2).",
    );
  });

  it('refuses a synthesis network with the wrong number of ws, naming the input', async () => {
    const file = join(work, 'eighteen.onnx');
    writeFileSync(file, fakeSynthesis(64, 18));
    const error = await refusal(
      manager.install({ source: { kind: 'file', path: file }, metadata: sidecar('synthesis-grouped') }),
    );
    expect(error.message).toBe(
      "eighteen.onnx does not meet the synthesis contract: synthesis input 'ws' has shape [1,18,512], expected [1,10,512] for numWs 10.",
    );
  });

  it('refuses a model installed under the wrong role', async () => {
    const error = await refusal(
      manager.install({
        source: { kind: 'file', path: join(FIXTURES, 'mapping.onnx') },
        metadata: sidecar('synthesis-grouped'),
      }),
    );
    expect(error.message).toBe(
      "mapping.onnx does not meet the synthesis contract: synthesis input 'ws' is missing (the model's inputs: z).",
    );
  });

  it('refuses a file that is not ONNX, and a truncated one', async () => {
    const png = join(work, 'astronaut.onnx');
    writeFileSync(png, readFileSync(join(__dirname, '..', '..', 'fixtures', 'astronaut.png')));
    const notOnnx = await refusal(
      manager.install({ source: { kind: 'file', path: png }, metadata: sidecar('synthesis-grouped') }),
    );
    expect(notOnnx.code).toBe('invalid_request');
    expect(notOnnx.message).toMatch(/^astronaut\.onnx is not (a readable ONNX model|an ONNX model)/);

    const truncated = join(work, 'truncated.onnx');
    const bytes = readFileSync(SYNTHESIS);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cut = await refusal(
      manager.install({ source: { kind: 'file', path: truncated }, metadata: sidecar('synthesis-grouped') }),
    );
    expect(cut.message).toMatch(/^truncated\.onnx is not a readable ONNX model \(truncated, or another format\)/);
    expect((await manager.list()).models).toEqual([]);
    expect(readdirSync(join(dataDir, 'models', '.staging'))).toEqual([]);
  });

  it('refuses a missing file and a model altered after install', async () => {
    const missing = await refusal(
      manager.install({ source: { kind: 'file', path: join(work, 'nope.onnx') }, metadata: sidecar('mapping') }),
    );
    expect(missing.code).toBe('not_found');
    await manager.install({
      source: { kind: 'file', path: join(FIXTURES, 'mapping.onnx') },
      metadata: sidecar('mapping'),
    });
    const file = join(dataDir, 'models', 'mapping', 'model.onnx');
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    writeFileSync(file, bytes);
    expect((await refusal(manager.verify('mapping'))).message).toMatch(
      /^Model "mapping" changed since it was installed/,
    );
  });

  it('clears a crashed install on open, and lists a damaged folder as a problem', async () => {
    mkdirSync(join(dataDir, 'models', '.staging', 'install-half-1234'), { recursive: true });
    writeFileSync(join(dataDir, 'models', '.staging', 'install-half-1234', 'model.onnx'), 'half');
    mkdirSync(join(dataDir, 'models', 'damaged'));
    const reopened = await ModelManager.open(dataDir);
    expect(modelFolders().sort()).toEqual(['damaged']);
    expect(await reopened.list()).toEqual({
      models: [],
      problems: [{ folder: 'damaged', reason: 'No installed model "damaged".' }],
    });
    await reopened.remove('damaged');
    expect((await reopened.list()).problems).toEqual([]);
  });

  describe('from a URL', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url === '/models/mapping.onnx') {
          response.end(readFileSync(join(FIXTURES, 'mapping.onnx')));
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('downloads, verifies and installs', async () => {
      const installed = await manager.install({
        source: { kind: 'url', url: `${base}/models/mapping.onnx` },
        metadata: sidecar('mapping'),
      });
      expect(installed).toMatchObject({ id: 'mapping', source: 'url', origin: `${base}/models/mapping.onnx` });
    });

    it('says why when the server or the host cannot be reached', async () => {
      const missing = await refusal(
        manager.install({ source: { kind: 'url', url: `${base}/models/none.onnx` }, metadata: sidecar('mapping') }),
      );
      expect(missing.message).toBe(`Cannot download ${base}/models/none.onnx: the server answered 404.`);
      // A port nothing listens on: open one, note it, close it.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const url = `http://127.0.0.1:${port}/m.onnx`;
      const closed = await refusal(manager.install({ source: { kind: 'url', url }, metadata: sidecar('mapping') }));
      expect(closed.code).toBe('unavailable');
      expect(closed.message).toBe(
        `Cannot download ${url}: ECONNREFUSED. This machine may have no route to that host; download the file another way and install it from disk.`,
      );
      expect(modelFolders()).toEqual(['.staging']);
    });
  });

  describe('API handlers', () => {
    const handlersFor = (host: EngineContext['host']) =>
      modelManagerHandlers({ host, modelManager: () => Promise.resolve(manager) } as unknown as EngineContext);

    it('refuse a path from the web host and a relative path from any host', async () => {
      const params = methods['models.install'].params.parse({
        source: { kind: 'file', path: SYNTHESIS },
        metadata: sidecar('synthesis-grouped'),
      });
      const web = await refusal(Promise.resolve().then(() => handlersFor('web')['models.install'](params)));
      expect(web.message).toMatch(/not allowed from the web host/);
      const relative = { ...params, source: { kind: 'file' as const, path: 'tests/x.onnx' } };
      expect(
        (await refusal(Promise.resolve().then(() => handlersFor('cli')['models.install'](relative)))).message,
      ).toBe('The model path must be absolute, got "tests/x.onnx".');
      await expect(handlersFor('desktop')['models.install'](params)).resolves.toMatchObject({
        id: 'synthesis-grouped',
      });
    });

    it('contract params refuse a bad id, a non-http URL and inconsistent metadata', () => {
      const install = methods['models.install'].params;
      const metadata = sidecar('synthesis-grouped');
      expect(methods['models.remove'].params.safeParse({ id: '../etc' }).success).toBe(false);
      expect(install.safeParse({ source: { kind: 'url', url: 'file:///etc/passwd' }, metadata }).success).toBe(false);
      expect(install.safeParse({ source: { kind: 'file', path: '/x/model.bin' }, metadata }).success).toBe(false);
      const badLayers = { ...metadata, layers: metadata.role === 'synthesis' ? metadata.layers.slice(1) : [] };
      const parsed = install.safeParse({ source: { kind: 'file', path: SYNTHESIS }, metadata: badLayers });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('has 9 entries, numWs is 10');
    });
  });
});
