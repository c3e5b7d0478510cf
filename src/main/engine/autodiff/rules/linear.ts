import { attrFloat, attrInt } from '../../onnx';
import { emit, gy, input, unbroadcast, type GradRule } from './context';

const swapLast = (rank: number): number[] => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];

/** MatMul and Gemm: products with the other operand transposed. */
export const linearRules: Record<string, GradRule> = {
  MatMul: (ctx) => {
    const { g } = ctx;
    const [a, b] = [input(ctx, 0), input(ctx, 1)];
    const grad = gy(ctx);
    return [
      ctx.needs(0)
        ? unbroadcast(
            g,
            g.op1('MatMul', [grad, emit.transpose(g, b, swapLast(g.dims(b).length))], {}, 'grad_mm'),
            g.dims(a),
          )
        : undefined,
      ctx.needs(1)
        ? unbroadcast(
            g,
            g.op1('MatMul', [emit.transpose(g, a, swapLast(g.dims(a).length)), grad], {}, 'grad_mm'),
            g.dims(b),
          )
        : undefined,
    ];
  },
  Gemm: (ctx) => {
    const { g, node } = ctx;
    const [a, b] = [input(ctx, 0), input(ctx, 1)];
    const transA = attrInt(node, 'transA', 0);
    const transB = attrInt(node, 'transB', 0);
    const alpha = { f: attrFloat(node, 'alpha', 1) };
    const beta = attrFloat(node, 'beta', 1);
    const grad = gy(ctx);
    const gemm = (x: string, y: string, tA: number, tB: number): string =>
      g.op1('Gemm', [x, y], { alpha, transA: { i: tA }, transB: { i: tB } }, 'grad_gemm');
    // Y = alpha A' B' + beta C with A' = op(A), B' = op(B); each case below is that product's adjoint.
    const gA = ctx.needs(0) ? (transA ? gemm(b, grad, transB, 1) : gemm(grad, b, 0, transB ? 0 : 1)) : undefined;
    const gB = ctx.needs(1) ? (transB ? gemm(grad, a, 1, transA) : gemm(a, grad, transA ? 0 : 1, 0)) : undefined;
    const gC =
      node.inputs[2] && ctx.needs(2)
        ? unbroadcast(g, beta === 1 ? grad : emit.scale(g, grad, beta), g.dims(input(ctx, 2)))
        : undefined;
    return [gA, gB, gC];
  },
};
