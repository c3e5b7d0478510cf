/**
 * Version of the converter's output. Bump it whenever a change alters the ONNX it writes, so that
 * `prepare-models` rebuilds models prepared by an older converter instead of skipping them.
 */
// 2: per-channel PRelu on NCHW values is written as Relu + depthwise 1x1 convolutions (see prelu.ts).
export const CONVERTER_VERSION = 2;
