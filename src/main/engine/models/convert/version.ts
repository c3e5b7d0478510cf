/**
 * Version of the converter's output. Bump it whenever a change alters the ONNX it writes, so that
 * `prepare-models` rebuilds models prepared by an older converter instead of skipping them.
 */
export const CONVERTER_VERSION = 1;
