import { attrFloat } from '../../onnx';
import { emit, gy, input, output, refuse, unbroadcast, type GradRule } from './context';

const dimsOf = (ctx: Parameters<GradRule>[0], i: number): number[] => ctx.g.dims(input(ctx, i));

/** Gradients of element-wise ops; binary ones sum over broadcast axes. */
export const elementwiseRules: Record<string, GradRule> = {
  Identity: (ctx) => [gy(ctx)],
  Add: (ctx) => [0, 1].map((i) => (ctx.needs(i) ? unbroadcast(ctx.g, gy(ctx), dimsOf(ctx, i)) : undefined)),
  Sum: (ctx) => ctx.node.inputs.map((_, i) => (ctx.needs(i) ? unbroadcast(ctx.g, gy(ctx), dimsOf(ctx, i)) : undefined)),
  Sub: (ctx) => [
    ctx.needs(0) ? unbroadcast(ctx.g, gy(ctx), dimsOf(ctx, 0)) : undefined,
    ctx.needs(1) ? unbroadcast(ctx.g, emit.neg(ctx.g, gy(ctx)), dimsOf(ctx, 1)) : undefined,
  ],
  Mul: (ctx) => [
    ctx.needs(0) ? unbroadcast(ctx.g, emit.mul(ctx.g, gy(ctx), input(ctx, 1)), dimsOf(ctx, 0)) : undefined,
    ctx.needs(1) ? unbroadcast(ctx.g, emit.mul(ctx.g, gy(ctx), input(ctx, 0)), dimsOf(ctx, 1)) : undefined,
  ],
  Div: (ctx) => {
    const { g } = ctx;
    const gA = ctx.needs(0) || ctx.needs(1) ? emit.div(g, gy(ctx), input(ctx, 1)) : undefined;
    return [
      ctx.needs(0) ? unbroadcast(g, gA as string, dimsOf(ctx, 0)) : undefined,
      // d(a/b)/db = -(a/b)/b, so the gradient reuses gy/b times the output.
      ctx.needs(1) ? unbroadcast(g, emit.neg(g, emit.mul(g, gA as string, output(ctx))), dimsOf(ctx, 1)) : undefined,
    ];
  },
  Pow: (ctx) => {
    const { g } = ctx;
    if (ctx.needs(1)) refuse(ctx, 'the exponent must be a constant (or not depend on the differentiated inputs)');
    const exponent = input(ctx, 1);
    const minusOne = g.op1('Sub', [exponent, g.floats('one', [], [1])], {}, 'pow_exp');
    const slope = emit.mul(g, exponent, g.op1('Pow', [input(ctx, 0), minusOne], {}, 'grad_pow'));
    return [unbroadcast(g, emit.mul(g, gy(ctx), slope), dimsOf(ctx, 0)), undefined];
  },
  Sqrt: (ctx) => [emit.div(ctx.g, emit.scale(ctx.g, gy(ctx), 0.5), output(ctx))],
  Reciprocal: (ctx) => [emit.neg(ctx.g, emit.mul(ctx.g, gy(ctx), emit.mul(ctx.g, output(ctx), output(ctx))))],
  Neg: (ctx) => [emit.neg(ctx.g, gy(ctx))],
  Exp: (ctx) => [emit.mul(ctx.g, gy(ctx), output(ctx))],
  Log: (ctx) => [emit.div(ctx.g, gy(ctx), input(ctx, 0))],
  Abs: (ctx) => [emit.mul(ctx.g, gy(ctx), ctx.g.op1('Sign', [input(ctx, 0)], {}, 'grad_sign'))],
  // Relu's output is positive exactly where its slope is 1, so Sign of the output is the mask.
  Relu: (ctx) => [emit.mul(ctx.g, gy(ctx), ctx.g.op1('Sign', [output(ctx)], {}, 'relu_mask'))],
  // Slope 1 where x > 0 and alpha where x < 0, as (1 + alpha)/2 + (1 - alpha)/2 * sign(x): four
  // cheap element-wise nodes, several times faster in ONNX Runtime than Greater + Where.
  LeakyRelu: (ctx) => {
    const { g } = ctx;
    const alpha = attrFloat(ctx.node, 'alpha', 0.01);
    const sign = g.op1('Sign', [input(ctx, 0)], {}, 'leaky_sign');
    const slope = g.op1(
      'Add',
      [emit.scale(g, sign, (1 - alpha) / 2), g.floats('half_one_plus_alpha', [], [(1 + alpha) / 2])],
      {},
      'leaky_slope',
    );
    return [emit.mul(g, gy(ctx), slope)];
  },
  Sigmoid: (ctx) => {
    const { g } = ctx;
    const y = output(ctx);
    const slope = emit.mul(g, y, g.op1('Sub', [g.floats('one', [], [1]), y], {}, 'sigmoid_1my'));
    return [emit.mul(g, gy(ctx), slope)];
  },
  Tanh: (ctx) => {
    const { g } = ctx;
    const y = output(ctx);
    const slope = g.op1('Sub', [g.floats('one', [], [1]), emit.mul(g, y, y)], {}, 'tanh_slope');
    return [emit.mul(g, gy(ctx), slope)];
  },
  Softplus: (ctx) => [emit.mul(ctx.g, gy(ctx), ctx.g.op1('Sigmoid', [input(ctx, 0)], {}, 'softplus_slope'))],
};
