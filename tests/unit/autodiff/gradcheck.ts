import * as ort from 'onnxruntime-node';
import { buildGradientGraph } from '../../../src/main/engine/autodiff';
import { writeModel, type Graph, type ValueInfo } from '../../../src/main/engine/onnx/graph';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';
import { sizeOf } from '../../../src/main/engine/onnx/tensor';

/** Deterministic normal samples (Box-Muller over a 32-bit LCG) so failures reproduce. */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface CheckInput {
  dims: number[];
  /** Values; random normal when absent. */
  data?: Float32Array;
}

export interface CheckResult {
  /** Worst |fd - analytic| / (|fd| + 1e-2 * scale) over the checked coordinates and directions. */
  worst: number;
  checked: number;
  /** float64 when ORT has double kernels for every node of the forward model, else float32. */
  reference: 'float64' | 'float32';
}

/** The forward model in float64 (inputs, initializers, Cast targets), or undefined when ORT cannot run it. */
async function float64Session(graph: Graph): Promise<ort.InferenceSession | undefined> {
  const initializers = new Map(
    [...graph.initializers].map(([k, t]) => [
      k,
      t.dtype === 'float32'
        ? { dtype: 'float64' as const, dims: t.dims, data: Float64Array.from(t.data as Float32Array) }
        : t,
    ]),
  );
  const retype = (v: ValueInfo): ValueInfo => (v.dtype === 'float32' ? { ...v, dtype: 'float64' } : v);
  const nodes = graph.nodes.map((n) => {
    const value = n.attrs.value;
    if (n.op === 'Constant' && value && 't' in value && value.t.dtype === 'float32') {
      return {
        ...n,
        attrs: {
          value: {
            t: { dtype: 'float64' as const, dims: value.t.dims, data: Float64Array.from(value.t.data as Float32Array) },
          },
        },
      };
    }
    return n;
  });
  const model = writeModel({
    ...graph,
    nodes,
    initializers,
    inputs: graph.inputs.map(retype),
    outputs: graph.outputs.map(retype),
  });
  try {
    return await ort.InferenceSession.create(model);
  } catch {
    return undefined;
  }
}

/**
 * Finite-difference check: the forward graph is op(inputs) -> y, the objective sum(y * R) with R
 * random; the gradient graph's d objective / d input is compared with central differences of the
 * float32 forward model, on a few coordinates and one random direction per input.
 */
export async function gradCheck(
  name: string,
  inputs: Record<string, CheckInput>,
  body: (g: ShapedGraph, names: string[]) => string,
  options: { wrt?: string[]; eps?: number; coordinates?: number; seed?: number } = {},
): Promise<CheckResult> {
  const rand = gaussian(options.seed ?? 7);
  const g = new ShapedGraph(name);
  const values: Record<string, Float32Array> = {};
  for (const [key, input] of Object.entries(inputs)) {
    g.addInput(key, 'float32', input.dims);
    values[key] = input.data ?? Float32Array.from({ length: sizeOf(input.dims) }, rand);
  }
  const y = body(g, Object.keys(inputs));
  const r = g.floats('r', g.dims(y), Float32Array.from({ length: sizeOf(g.dims(y)) }, rand));
  const objective = g.op1('ReduceSum', [g.op1('Mul', [y, r])], { keepdims: { i: 0 } }, 'objective');
  g.addOutput(objective);
  const forwardGraph = g.toGraph();
  const forward = writeModel(forwardGraph);
  const wrt = options.wrt ?? Object.keys(inputs);
  const built = buildGradientGraph(forward, { terms: [{ kind: 'mean', output: objective }] }, wrt);

  // Finite differences in float64 where ORT has double kernels for every op (tiny steps, no
  // rounding noise), else in float32 with a larger step.
  const double = await float64Session(forwardGraph);
  const forwardSession = double ?? (await ort.InferenceSession.create(forward));
  const gradSession = await ort.InferenceSession.create(built.model);
  const feeds = (vals: Record<string, Float32Array | Float64Array>, asDouble: boolean): Record<string, ort.Tensor> =>
    Object.fromEntries(
      Object.entries(vals).map(([k, v]) => [
        k,
        asDouble
          ? new ort.Tensor('float64', Float64Array.from(v), inputs[k]?.dims)
          : new ort.Tensor('float32', Float32Array.from(v), inputs[k]?.dims),
      ]),
    );
  const grads = await gradSession.run(feeds(values, false));
  const f = async (vals: Record<string, Float32Array | Float64Array>): Promise<number> =>
    Number((await forwardSession.run(feeds(vals, double !== undefined)))[objective]?.data[0]);
  const eps = options.eps ?? (double ? 1e-5 : 1e-2);

  let worst = 0;
  let checked = 0;
  for (const w of wrt) {
    const analytic = grads[built.gradients[w] as string]?.data as Float32Array;
    const base = Float64Array.from(values[w] as Float32Array);
    const scale = Math.max(...Array.from(analytic, Math.abs), 1e-6);
    const directional = async (dir: Float32Array): Promise<[number, number]> => {
      const plus = base.map((v, i) => v + eps * (dir[i] as number));
      const minus = base.map((v, i) => v - eps * (dir[i] as number));
      const fd = ((await f({ ...values, [w]: plus })) - (await f({ ...values, [w]: minus }))) / (2 * eps);
      const an = analytic.reduce((s, a, i) => s + a * (dir[i] as number), 0);
      return [fd, an];
    };
    const probes: Float32Array[] = [];
    const count = Math.min(options.coordinates ?? 6, base.length);
    for (let k = 0; k < count; k++) {
      const dir = new Float32Array(base.length);
      dir[Math.floor((k + 0.5) * (base.length / count))] = 1;
      probes.push(dir);
    }
    // A random direction checks every coordinate at once; scaled so its step is like a coordinate's.
    const random = Float32Array.from({ length: base.length }, rand);
    const norm = Math.sqrt(random.reduce((s, v) => s + v * v, 0));
    probes.push(random.map((v) => v / norm));
    for (const dir of probes) {
      const [fd, an] = await directional(dir);
      worst = Math.max(worst, Math.abs(fd - an) / (Math.abs(fd) + 1e-2 * scale));
      checked++;
    }
  }
  await forwardSession.release();
  await gradSession.release();
  return { worst, checked, reference: double ? 'float64' : 'float32' };
}
