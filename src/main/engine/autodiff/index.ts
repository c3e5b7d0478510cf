/**
 * Reverse-mode gradients over ONNX graphs: buildGradientGraph turns a forward model and a scalar
 * loss into one ONNX model (standard ops, any execution provider) that outputs the loss and its
 * gradients; Inverter optimises a generator's W+ input against a target image with it.
 */
export { buildGradientGraph, buildLossGraph, type GradientGraph, type GradientGraphOptions } from './build';
export { modelWithOutputs } from './compose';
export type { LossSpec, LossTerm } from './loss';
export { GraphError } from '../onnx';
export {
  Inverter,
  inversionStateFromJson,
  inversionStateToJson,
  type InversionStateJson,
  psnr,
  DEFAULT_INVERSION_OPTIONS,
  type InversionOptions,
  type InversionState,
  type InversionStep,
  type InverterSetup,
} from './inverter';
